package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pipeline-dev/pipeline/schemas"
	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen/gentest"
)

// testFacts is a miniature facts file: an order with lines, a sync variant,
// an account (whose Code has a sourced maxLength) and a read-only endpoint.
const testFacts = `{"endpoints": [
 {"uri": "/api/v1/{division}/salesorder/SalesOrders", "methods": ["GET", "POST", "PUT", "DELETE"],
  "referenceDoc": "https://example.invalid/SalesOrders", "apiType": "standard", "keyPerDotnetSdk": "OrderID",
  "fields": [
   {"name": "OrderID", "type": "Guid", "mandatory": true},
   {"name": "OrderNumber", "type": "Int32", "mandatory": true},
   {"name": "OrderedBy", "type": "Guid", "mandatory": true},
   {"name": "OrderedByName", "type": "String", "readOnlyPerDotnetSdk": true},
   {"name": "Status", "type": "Int16", "mandatory": true, "readOnlyPerDotnetSdk": true},
   {"name": "OrderDate", "type": "DateTime"},
   {"name": "YourRef", "type": "String"},
   {"name": "SalesOrderLines", "type": "SalesOrderLines", "mandatory": true},
   {"name": "ChargeLines", "type": "SalesOrderOrderChargeLines"}
  ]},
 {"uri": "/api/v1/{division}/sync/SalesOrder/SalesOrderHeaders", "methods": ["GET"],
  "referenceDoc": "https://example.invalid/Headers", "apiType": "sync",
  "fields": [
   {"name": "Timestamp", "type": "Int64"},
   {"name": "OrderID", "type": "Guid"},
   {"name": "YourRef", "type": "String"}
  ]},
 {"uri": "/api/v1/{division}/salesorder/SalesOrderLines", "methods": ["GET", "POST"],
  "referenceDoc": "https://example.invalid/Lines", "apiType": "standard", "keyPerDotnetSdk": "ID",
  "fields": [
   {"name": "ID", "type": "Guid"},
   {"name": "OrderID", "type": "Guid", "mandatory": true},
   {"name": "Item", "type": "Guid", "mandatory": true},
   {"name": "Quantity", "type": "Double"},
   {"name": "UseDropShipment", "type": "Byte"}
  ]},
 {"uri": "/api/v1/{division}/crm/Accounts", "methods": ["GET", "POST"],
  "referenceDoc": "https://example.invalid/Accounts", "apiType": "standard", "keyPerDotnetSdk": "ID",
  "fields": [
   {"name": "ID", "type": "Guid"},
   {"name": "Code", "type": "String"},
   {"name": "Name", "type": "String", "mandatory": true},
   {"name": "Email", "type": "String"},
   {"name": "Logo", "type": "Binary"},
   {"name": "CreatorFullName", "type": "String", "readOnlyPerDotnetSdk": true}
  ]},
 {"uri": "/api/v1/{division}/read/logistics/StockPosition", "methods": ["GET"],
  "referenceDoc": "https://example.invalid/StockPosition", "apiType": "standard",
  "fields": [
   {"name": "ItemId", "type": "Guid", "mandatory": true},
   {"name": "FreeStock", "type": "Double"}
  ]}
]}`

var testEntities = []entity{
	{File: "sales_order", URI: "salesorder/SalesOrders", Variants: []string{"sync/SalesOrder/SalesOrderHeaders"}, NaturalKeys: []string{"YourRef"}},
	{File: "sales_order_line", URI: "salesorder/SalesOrderLines"},
	{File: "account", URI: "crm/Accounts", NaturalKeys: []string{"Code", "Email"}},
	{File: "stock_position", URI: "read/logistics/StockPosition", Key: "ItemId"},
}

func testEndpoints(t *testing.T) map[string]*endpoint {
	t.Helper()
	var f facts
	if err := json.Unmarshal([]byte(testFacts), &f); err != nil {
		t.Fatal(err)
	}
	byURI := map[string]*endpoint{}
	for i := range f.Endpoints {
		byURI[f.Endpoints[i].short()] = &f.Endpoints[i]
	}
	return byURI
}

// generateAndLoad runs the generator on the test facts and loads the result with
// the real schemas package, so the output is checked as a compiled schema.
func generateAndLoad(t *testing.T) (*schemas.Set, map[string]map[string]any) {
	t.Helper()
	files, err := generate(testEndpoints(t), testEntities)
	if err != nil {
		t.Fatal(err)
	}
	return gentest.Load(t, "exactonline", files)
}

func TestGeneratedRequiredAndReadOnly(t *testing.T) {
	set, _ := generateAndLoad(t)
	order, _ := set.Lookup("exactonline/sales_order")
	root := order.Root()

	// Mandatory OrderID is the key, OrderNumber is assigned by Exact and
	// Status is read-only: none of them is required.
	if want := []string{"OrderedBy", "SalesOrderLines"}; !slices.Equal(root.Required, want) {
		t.Errorf("required = %v, want %v", root.Required, want)
	}
	field := gentest.Fields(t, root)
	tests := []struct {
		path   []string
		types  []string
		format string
		read   bool
	}{
		{[]string{"OrderID"}, []string{"string", "null"}, "uuid", false},
		{[]string{"OrderedBy"}, []string{"string"}, "uuid", false},
		{[]string{"OrderedByName"}, []string{"string", "null"}, "", true},
		{[]string{"Status"}, []string{"integer", "null"}, "", true},
		{[]string{"OrderDate"}, []string{"string", "null"}, "", false},
		{[]string{"SalesOrderLines"}, []string{"array"}, "", false},
		{[]string{"ChargeLines"}, []string{"array", "null"}, "", false},
		{[]string{"Timestamp"}, []string{"integer", "null"}, "", true},
		{[]string{"SalesOrderLines", "#", "Quantity"}, []string{"number", "null"}, "", false},
		{[]string{"SalesOrderLines", "#", "UseDropShipment"}, []string{"integer", "null"}, "", false},
	}
	for _, tt := range tests {
		gentest.CheckShape(t, field(tt.path...), tt.path, tt.types, tt.format, tt.read)
	}
	if f := field("Status"); f.Minimum == nil || *f.Minimum != -32768 || *f.Maximum != 32767 {
		t.Errorf("Int16 range not set: %+v", f)
	}
	if f := field("SalesOrderLines", "#", "UseDropShipment"); f.Minimum == nil || *f.Minimum != 0 || *f.Maximum != 255 {
		t.Errorf("Byte range not set: %+v", f)
	}
	if err := field("OrderDate").Check("/Date(1741949727000)/"); err == nil {
		t.Error("an OData date passed the DateTime pattern")
	}
	if !strings.Contains(field("Timestamp").Description, "Returned only by GET sync/SalesOrder/SalesOrderHeaders") {
		t.Errorf("sync-only field lacks its note: %q", field("Timestamp").Description)
	}
	if !field("OrderID").Key || field("YourRef").Key || !field("YourRef").NaturalKey {
		t.Error("key or natural key marks are wrong")
	}
	if !field("OrderedByName").Personal || field("OrderedBy").Personal {
		t.Error("personal-data marks are wrong")
	}
}

func TestGeneratedLinesInsideAndStandalone(t *testing.T) {
	set, docs := generateAndLoad(t)
	order, _ := set.Lookup("exactonline/sales_order")
	line, _ := set.Lookup("exactonline/sales_order_line")

	embedded, _ := order.Root().Lookup([]string{"SalesOrderLines", "#"})
	if want := []string{"Item"}; !slices.Equal(embedded.Required, want) {
		t.Errorf("embedded line required = %v, want %v", embedded.Required, want)
	}
	if want := []string{"OrderID", "Item"}; !slices.Equal(line.Root().Required, want) {
		t.Errorf("standalone line required = %v, want %v", line.Root().Required, want)
	}
	items := docs["sales_order"]["properties"].(map[string]any)["SalesOrderLines"].(map[string]any)["items"]
	if diff := cmp.Diff(map[string]any{"$ref": "schema://exactonline/sales_order_line#/$defs/inline"}, items); diff != "" {
		t.Errorf("SalesOrderLines items (-want +got):\n%s", diff)
	}
	v := order.Validate([]byte(`{"OrderedBy": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f", "SalesOrderLines": [{"Quantity": 1}]}`))
	if len(v) != 1 || v[0].Pointer != "/SalesOrderLines/0/Item" || v[0].Keyword != "required" {
		t.Errorf("violations = %v", v)
	}
}

func TestGeneratedAccountAndReadOnlyEndpoint(t *testing.T) {
	set, docs := generateAndLoad(t)
	account, _ := set.Lookup("exactonline/account")
	code, _ := account.Root().Child("Code")
	if code.MaxLength != 18 || !code.NaturalKey {
		t.Errorf("Account.Code = %+v", code)
	}
	logo := docs["account"]["properties"].(map[string]any)["Logo"].(map[string]any)
	if logo["contentEncoding"] != "base64" {
		t.Errorf("Binary field = %v", logo)
	}
	if !strings.Contains(docs["account"]["description"].(string), "https://example.invalid/Accounts") {
		t.Error("description does not name the reference page")
	}

	stock, _ := set.Lookup("exactonline/stock_position")
	root := stock.Root()
	if !root.ReadOnly || len(root.Required) != 0 {
		t.Errorf("GET-only endpoint: readOnly %v required %v", root.ReadOnly, root.Required)
	}
	for _, n := range root.Names() {
		if f, _ := root.Child(n); !f.ReadOnly {
			t.Errorf("stock_position.%s is writable on a GET-only endpoint", n)
		}
	}
	if id, _ := root.Child("ItemId"); !id.Key {
		t.Error("the table's key override is not marked x-key")
	}
}

func TestGeneratorRejectsBadTables(t *testing.T) {
	tests := map[string]struct {
		entities []entity
		want     string
	}{
		"unknown endpoint": {
			[]entity{{File: "x", URI: "nope/Nothing"}},
			"entity x: endpoint nope/Nothing is not in the facts",
		},
		"natural key typo": {
			[]entity{{File: "account", URI: "crm/Accounts", NaturalKeys: []string{"Emial"}}},
			"entity account: field Emial named in the generator's tables is not a field of crm/Accounts",
		},
		"no key": {
			[]entity{{File: "stock_position", URI: "read/logistics/StockPosition"}},
			"has no key in the facts",
		},
		"unknown variant": {
			[]entity{{File: "account", URI: "crm/Accounts", Variants: []string{"sync/CRM/Nope"}}},
			"variant sync/CRM/Nope is not in the facts",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := generate(testEndpoints(t), tt.entities)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestGeneratorRejectsTypeConflicts(t *testing.T) {
	eps := testEndpoints(t)
	eps["sync/SalesOrder/SalesOrderHeaders"].Fields[2].Type = "Int32" // YourRef
	_, err := generate(eps, testEntities)
	if err == nil || !strings.Contains(err.Error(), "field YourRef is String in salesorder/SalesOrders but Int32 in sync/SalesOrder/SalesOrderHeaders") {
		t.Errorf("error = %v", err)
	}
}

func TestEncodeIsStable(t *testing.T) {
	a, err := generate(testEndpoints(t), testEntities)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := generate(testEndpoints(t), testEntities)
	for name := range a {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	if !strings.HasPrefix(string(a["account.schema.json"]), "{\n  \"$schema\": ") {
		t.Errorf("unexpected layout:\n%.200s", a["account.schema.json"])
	}
}
