package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pipeline-dev/pipeline/schemas"
	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen/gentest"
	"gopkg.in/yaml.v3"
)

// testSpec is a miniature of Visma's document: an order with rows, a
// customer whose terms of payment are an entity of their own, and a nested
// component that lands in $defs.
const testSpec = `
paths:
  /orders:
    get:
      description: "List.\r\n\n ___\r\n Requires any of the following scopes: \r\n\n* ea:sales\r\n\n* ea:sales_readonly"
    post:
      description: "Create.\r\n Requires any of the following scopes: \r\n\n* ea:sales"
  /orders/{id}:
    get:
      description: "Requires any of the following scopes: \n* ea:sales\n* ea:sales_readonly"
  /orders/{id}/convert:
    post:
      description: "Requires any of the following scopes: \n* ea:sales"
  /termsofpayments:
    get:
      description: "Requires any of the following scopes: \n* ea:sales_readonly"
components:
  schemas:
    OrderApi:
      required: [CustomerId, Status]
      type: object
      additionalProperties: false
      properties:
        Id: {type: string, format: uuid, readOnly: true}
        CustomerId: {type: string, format: uuid}
        Number: {type: [integer, "null"], format: int32, readOnly: true}
        Status:
          maximum: 4
          minimum: 1
          type: integer
          format: int32
          description: "<strong>Possible values:</strong><br/>Draft = 1,<br/>Ongoing = 2<br/><br/>Status."
        Kind:
          type: [integer, "null"]
          format: int32
          description: "<strong>Possible values:</strong><br/>0 = None,<br/>1 = Some (odd one)"
        YourReference: {maxLength: 100, minLength: 0, type: [string, "null"]}
        OrderDate: {type: string, format: date-time}
        Amount: {pattern: "[-]?\\d+(.\\d{1,2})?", type: number, format: double}
        DeliveryCity: {type: [string, "null"]}
        Margin: {$ref: "#/components/schemas/MarginApi"}
        Rows: {type: [array, "null"], items: {$ref: "#/components/schemas/OrderRowApi"}}
        Notes: {type: [array, "null"], items: {type: string, format: uuid}, readOnly: true}
    OrderRowApi:
      required: [LineNumber]
      type: object
      properties:
        Id: {type: string, format: uuid, readOnly: true}
        LineNumber: {maximum: 1000, minimum: 0, type: integer, format: int32}
        Quantity: {type: number, format: double}
    MarginApi:
      type: object
      properties:
        Amount: {type: [number, "null"], format: double}
    CustomerApi:
      required: [Name, TermsOfPaymentId]
      type: object
      properties:
        Id: {type: string, format: uuid, readOnly: true}
        Name: {maxLength: 50, type: string}
        EmailAddress: {maxLength: 255, type: [string, "null"]}
        TermsOfPaymentId: {type: string, format: uuid}
        TermsOfPayment: {$ref: "#/components/schemas/TermsOfPaymentApi"}
    TermsOfPaymentApi:
      type: object
      properties:
        Id: {type: string, format: uuid, readOnly: true}
        Name: {type: [string, "null"]}
        NumberOfDays: {type: integer, format: int32}
`

var testEntities = []entity{
	{File: "order", Component: "OrderApi", Path: "/orders", NaturalKeys: []string{"YourReference"},
		Notes: map[string]string{"Number": "Assigned by Visma."}},
	{File: "order_row", Component: "OrderRowApi", Parent: "order"},
	{File: "customer", Component: "CustomerApi", Path: "/customers", NaturalKeys: []string{"EmailAddress"}},
	{File: "terms_of_payment", Component: "TermsOfPaymentApi", Path: "/termsofpayments"},
}

func testDoc(t *testing.T, src string) *spec {
	t.Helper()
	var s spec
	if err := yaml.Unmarshal([]byte(src), &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// generateAndLoad runs the generator on the test document and loads the
// result with the real schemas package, so the output is checked as a
// compiled schema.
func generateAndLoad(t *testing.T) (*schemas.Set, map[string]map[string]any) {
	t.Helper()
	files, err := generate(testDoc(t, testSpec), testEntities)
	if err != nil {
		t.Fatal(err)
	}
	return gentest.Load(t, "eaccounting", files)
}

func TestGeneratedOrder(t *testing.T) {
	set, docs := generateAndLoad(t)
	order, _ := set.Lookup("eaccounting/order")
	root := order.Root()
	if want := []string{"CustomerId", "Status"}; !slices.Equal(root.Required, want) {
		t.Errorf("required = %v, want %v", root.Required, want)
	}
	if !root.Open() {
		t.Error("root is closed; the generator promises open schemas")
	}
	field := gentest.Fields(t, root)
	tests := []struct {
		path   []string
		types  []string
		format string
		read   bool
	}{
		{[]string{"Id"}, []string{"string"}, "uuid", true},
		{[]string{"Number"}, []string{"integer", "null"}, "", true},
		{[]string{"YourReference"}, []string{"string", "null"}, "", false},
		{[]string{"OrderDate"}, []string{"string"}, "", false},
		{[]string{"Rows"}, []string{"array", "null"}, "", false},
		{[]string{"Rows", "#", "Quantity"}, []string{"number"}, "", false},
		{[]string{"Notes"}, []string{"array", "null"}, "", true},
	}
	for _, tt := range tests {
		gentest.CheckShape(t, field(tt.path...), tt.path, tt.types, tt.format, tt.read)
	}
	if f := field("YourReference"); f.MaxLength != 100 || !f.NaturalKey || f.Key {
		t.Errorf("YourReference = %+v", f)
	}
	if !field("Id").Key || !field("DeliveryCity").Personal || field("CustomerId").Personal {
		t.Error("key or personal-data marks are wrong")
	}
	if err := field("OrderDate").Check("2024-05-01"); err != nil {
		t.Errorf("a plain date fails the date-time pattern: %v", err)
	}
	if err := field("OrderDate").Check("01-05-2024"); err == nil {
		t.Error("a dd-mm-yyyy date passed the date-time pattern")
	}
	if f := field("Number"); f.Minimum == nil || *f.Minimum != -2147483648 {
		t.Errorf("int32 range not set: %+v", f)
	}
	if d := field("Amount").Description; !strings.Contains(d, "At most 2 decimals") {
		t.Errorf("Amount description = %q", d)
	}
	if d := field("Number").Description; !strings.Contains(d, "Assigned by Visma.") {
		t.Errorf("note missing: %q", d)
	}
	props := docs["order"]["properties"].(map[string]any)
	if diff := cmp.Diff([]any{1.0, 2.0}, props["Status"].(map[string]any)["enum"]); diff != "" {
		t.Errorf("Status enum (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{0.0, 1.0, nil}, props["Kind"].(map[string]any)["enum"]); diff != "" {
		t.Errorf("nullable Kind enum (-want +got):\n%s", diff)
	}
	if d := props["Kind"].(map[string]any)["description"].(string); !strings.Contains(d, "1 = Some (odd one)") {
		t.Errorf("Kind labels missing: %q", d)
	}
	if _, ok := props["Amount"].(map[string]any)["pattern"]; ok {
		t.Error("a number kept Visma's decimals pattern")
	}
	if _, ok := docs["order"]["$defs"].(map[string]any)["MarginApi"]; !ok {
		t.Error("nested MarginApi is not in $defs")
	}
	if !strings.Contains(order.Description, "GET, POST /orders; GET /orders/{id}") ||
		strings.Contains(order.Description, "convert") ||
		!strings.Contains(order.Description, "scopes ea:sales, ea:sales_readonly; writing one of ea:sales") {
		t.Errorf("description = %q", order.Description)
	}
}

func TestGeneratedRecordsValidate(t *testing.T) {
	set, _ := generateAndLoad(t)
	order, _ := set.Lookup("eaccounting/order")
	ok := `{"CustomerId": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f", "Status": 2, "Margin": null,
		"Rows": [{"LineNumber": 1, "Quantity": 2}], "Extra": "allowed"}`
	if v := order.Validate([]byte(ok)); len(v) != 0 {
		t.Errorf("valid order: %v", v)
	}
	bad := `{"CustomerId": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f", "Status": 5, "Rows": [{"Quantity": 2}]}`
	var pointers []string
	for _, v := range order.Validate([]byte(bad)) {
		pointers = append(pointers, v.Pointer)
	}
	slices.Sort(pointers)
	pointers = slices.Compact(pointers) // Status breaks both maximum and enum
	if want := []string{"/Rows/0/LineNumber", "/Status"}; !slices.Equal(pointers, want) {
		t.Errorf("violations at %v, want %v", pointers, want)
	}
	customer, _ := set.Lookup("eaccounting/customer")
	top, ok2 := customer.Root().Lookup([]string{"TermsOfPayment", "NumberOfDays"})
	if !ok2 || !slices.Equal(top.Types, []string{"integer"}) {
		t.Errorf("TermsOfPayment does not resolve to the terms_of_payment schema: %+v", top)
	}
	if f, _ := customer.Root().Child("EmailAddress"); !f.NaturalKey || !f.Personal {
		t.Errorf("EmailAddress = %+v", f)
	}
}

func TestRequiredReadOnlyIsAnError(t *testing.T) {
	src := strings.Replace(testSpec, "required: [LineNumber]", "required: [LineNumber, Id]", 1)
	_, err := generate(testDoc(t, src), testEntities)
	if err == nil || !strings.Contains(err.Error(), "OrderRowApi: required Id is read-only") {
		t.Errorf("err = %v", err)
	}
	_, err = generate(testDoc(t, testSpec), append(testEntities, entity{File: "x", Component: "MissingApi"}))
	if err == nil || !strings.Contains(err.Error(), "MissingApi is not in the document") {
		t.Errorf("err = %v", err)
	}
}

func TestEnumLabels(t *testing.T) {
	tests := map[string]struct {
		desc   string
		vals   []int
		labels []string
	}{
		"number first": {"<strong>Possible values:</strong><br/>0 = Paid,<br/>1 = Unpaid,<br/>2 = Overdue", []int{0, 1, 2}, []string{"Paid", "Unpaid", "Overdue"}},
		"name first":   {"<strong>Possible values:</strong><br/>Draft = 1,<br/>Ongoing = 2<br/><br/>Status of the order.", []int{1, 2}, []string{"Draft", "Ongoing"}},
		"not a list":   {"<strong>Possible values:</strong><br/>8-12 numbers and letters<br/><br/>Format.", nil, nil},
		"booleans":     {"<strong>Possible values:</strong><br/>True = yes<br/>False = no", nil, nil},
		"none":         {"Just text.", nil, nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			vals, labels := enumLabels(tt.desc)
			if !slices.Equal(vals, tt.vals) || !slices.Equal(labels, tt.labels) {
				t.Errorf("got %v %v, want %v %v", vals, labels, tt.vals, tt.labels)
			}
		})
	}
}

func TestScopesAndDecimals(t *testing.T) {
	got := scopesOf("Get.\r\n<br><br>\r\n___\r\n Requires any of the following scopes: \r\n* ea:sales\r\n* ea:sales_readonly")
	if want := []string{"ea:sales", "ea:sales_readonly"}; !slices.Equal(got, want) {
		t.Errorf("scopes = %v, want %v", got, want)
	}
	if scopesOf("No scopes here.") != nil {
		t.Error("scopes found in a description without a list")
	}
	for pattern, want := range map[string]int{`[-]?\d+(.\d{1,2})?`: 2, `[-]?\d+(\.\d{1,4})?`: 4, ``: 0, `\d+`: 0} {
		if got := decimalsOf(pattern); got != want {
			t.Errorf("decimalsOf(%q) = %d, want %d", pattern, got, want)
		}
	}
}
