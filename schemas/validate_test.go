package schemas

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func lookup(t *testing.T, ref string) *Schema {
	t.Helper()
	s, ok := mustDefault(t).Lookup(ref)
	if !ok {
		t.Fatalf("no schema %s", ref)
	}
	return s
}

func TestValidateExampleWebshopOrder(t *testing.T) {
	raw, err := os.ReadFile("testdata/webshop_order.json")
	if err != nil {
		t.Fatal(err)
	}
	if v := lookup(t, "webshop/order").Validate(raw); v != nil {
		t.Errorf("example order has violations: %v", v)
	}
}

// exactOrder is a sales order as the pipeline posts it.
const exactOrder = `{
	"OrderedBy": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f",
	"OrderDate": "2025-03-14T10:42:07+01:00",
	"YourRef": "WS-100234",
	"Currency": "EUR",
	"Description": null,
	"SalesOrderLines": [
		{"Item": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "Quantity": 2, "NetPrice": 89.95, "VATCode": "2"},
		{"Item": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "Quantity": 10, "NetPrice": 1.0925}
	],
	"SomethingExactAddedLater": 1
}`

func TestValidateExactSalesOrder(t *testing.T) {
	if v := lookup(t, "exactonline/sales_order").Validate([]byte(exactOrder)); v != nil {
		t.Errorf("valid order has violations: %v", v)
	}
}

func TestValidateViolations(t *testing.T) {
	tests := map[string]struct {
		ref  string
		raw  string
		want []Violation
	}{
		"missing property in an array item points at the property": {
			ref: "exactonline/sales_order",
			raw: `{"OrderedBy": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f",
				"SalesOrderLines": [{"Item": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}, {"Quantity": 1}]}`,
			want: []Violation{{Pointer: "/SalesOrderLines/1/Item", Keyword: "required", Message: `required property "Item" is missing`}},
		},
		"empty mandatory collection": {
			ref:  "exactonline/sales_order",
			raw:  `{"OrderedBy": "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f", "SalesOrderLines": []}`,
			want: []Violation{{Pointer: "/SalesOrderLines", Keyword: "minItems", Message: "minimum 1 items required, but found 0 items"}},
		},
		"standalone line needs its order": {
			ref:  "exactonline/sales_order_line",
			raw:  `{"Item": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}`,
			want: []Violation{{Pointer: "/OrderID", Keyword: "required", Message: `required property "OrderID" is missing`}},
		},
		"maxLength, format and type together, sorted by pointer": {
			ref: "exactonline/account",
			raw: `{"Name": "De Vries", "Code": "1234567890123456789", "ID": "nope", "Blocked": "no"}`,
			want: []Violation{
				{Pointer: "/Blocked", Keyword: "type", Message: "expected boolean or null, but got string"},
				{Pointer: "/Code", Keyword: "maxLength", Message: "length must be <= 18, but got 19"},
				{Pointer: "/ID", Keyword: "format", Message: "'nope' is not valid 'uuid'"},
			},
		},
		"array indexes sort numerically": {
			ref: "webshop/order",
			raw: strings.Replace(mustRead(t, "testdata/webshop_order.json"), `"line_items": [`,
				`"line_items": [{"sku": "a", "name": "a", "quantity": 0, "unit_price_excl_vat": 1, "vat_rate": 21},
				{}, {}, {}, {}, {}, {}, {}, {}, {},
				{"sku": "b", "name": "b", "quantity": 0, "unit_price_excl_vat": 1, "vat_rate": 21},`, 1),
			want: func() []Violation {
				v := []Violation{{Pointer: "/line_items/0/quantity", Keyword: "minimum", Message: "must be >= 1 but found 0"}}
				for i := 1; i <= 9; i++ {
					for _, name := range []string{"name", "quantity", "sku", "unit_price_excl_vat", "vat_rate"} {
						v = append(v, Violation{Pointer: "/line_items/" + strconv.Itoa(i) + "/" + name, Keyword: "required", Message: `required property "` + name + `" is missing`})
					}
				}
				return append(v, Violation{Pointer: "/line_items/10/quantity", Keyword: "minimum", Message: "must be >= 1 but found 0"})
			}(),
		},
		"closed webshop shape and enum": {
			ref: "webshop/order",
			raw: strings.Replace(strings.Replace(mustRead(t, "testdata/webshop_order.json"),
				`"status": "paid"`, `"status": "sent"`, 1), `"notes":`, `"note": "x", "notes":`, 1),
			want: []Violation{
				{Pointer: "/note", Keyword: "additionalProperties", Message: `property "note" is not allowed here`},
				{Pointer: "/status", Keyword: "enum", Message: `value must be one of "pending", "paid", "processing", "shipped", "completed", "cancelled", "refunded"`},
			},
		},
		"nullable object of the wrong type": {
			ref: "webshop/order",
			raw: strings.Replace(mustRead(t, "testdata/webshop_order.json"), `"discount": {`, `"discount": "SPRING10", "x": {`, 1),
			want: []Violation{
				{Pointer: "/discount", Keyword: "anyOf", Message: "matches none of the allowed shapes (expected object, but got string; expected null, but got string)"},
				{Pointer: "/x", Keyword: "additionalProperties", Message: `property "x" is not allowed here`},
			},
		},
		"not JSON": {
			ref:  "webshop/order",
			raw:  `{"id": 1,}`,
			want: []Violation{{Keyword: "json", Message: "invalid JSON at line 1, column 10: invalid character '}' looking for beginning of object key string"}},
		},
		"trailing data": {
			ref:  "webshop/order",
			raw:  `{} {}`,
			want: []Violation{{Keyword: "json", Message: "invalid JSON: data after the end of the document at byte 4"}},
		},
		"not an object": {
			ref:  "exactonline/item",
			raw:  `[1]`,
			want: []Violation{{Keyword: "type", Message: "expected object, but got array"}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := lookup(t, tt.ref).Validate([]byte(tt.raw))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("wrong result (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateValue(t *testing.T) {
	item := lookup(t, "exactonline/item")
	ok := map[string]any{"Code": "PMP-200", "Description": "Pomp", "StandardSalesPrice": 89.95, "IsSalesItem": true, "SecurityLevel": 10}
	if v := item.ValidateValue(ok); v != nil {
		t.Errorf("Go values: %v", v)
	}
	exact := map[string]any{"Code": "PMP-200", "Description": "Pomp", "SecurityLevel": json.Number("10.5")}
	want := []Violation{{Pointer: "/SecurityLevel", Keyword: "type", Message: "expected integer or null, but got number"}}
	if diff := cmp.Diff(want, item.ValidateValue(exact)); diff != "" {
		t.Errorf("json.Number (-want +got):\n%s", diff)
	}
	bad := map[string]any{"Code": "PMP-200", "Description": "Pomp", "Notes": []string{"not", "decoded"}}
	got := item.ValidateValue(bad)
	if len(got) != 1 || got[0].Keyword != "type" || !strings.Contains(got[0].Message, "[]string") {
		t.Errorf("non-JSON Go value: %v", got)
	}
}

func TestQuotedNames(t *testing.T) {
	tests := map[string][]string{
		`'Item'`:                  {"Item"},
		`'Item', 'OrderID'`:       {"Item", "OrderID"},
		`'it\'s', 'say "hi"'`:     {"it's", `say "hi"`},
		`'a, b', 'tab\there'`:     {"a, b", "tab\there"},
		`no names here`:           nil,
		`'unterminated`:           nil,
		`'back\\slash', 'plain'`:  {`back\slash`, "plain"},
		`'ünïcödé', 'x/y~z'`:      {"ünïcödé", "x/y~z"},
		`'', 'after empty'`:       {"", "after empty"},
		`'one' and then 'two'`:    {"one", "two"},
		`'quote\' at the end\''`:  {"quote' at the end'"},
		`'escaped \u00e9 accent'`: {"escaped é accent"},
	}
	for in, want := range tests {
		if diff := cmp.Diff(want, quotedNames(in)); diff != "" {
			t.Errorf("quotedNames(%s) (-want +got):\n%s", in, diff)
		}
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Pointer: "/SalesOrderLines/0/Item", Keyword: "required", Message: `required property "Item" is missing`}
	if got, want := v.String(), `/SalesOrderLines/0/Item: required property "Item" is missing (required)`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (Violation{Keyword: "json", Message: "bad"}).String(); got != "(record): bad (json)" {
		t.Errorf("String() of a record-level violation = %q", got)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func BenchmarkValidateWebshopOrder(b *testing.B) {
	set, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	s, _ := set.Lookup("webshop/order")
	raw, err := os.ReadFile("testdata/webshop_order.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if v := s.Validate(raw); v != nil {
			b.Fatal(v)
		}
	}
}

func BenchmarkLoadEmbedded(b *testing.B) {
	for b.Loop() {
		if _, err := Load(files); err != nil {
			b.Fatal(err)
		}
	}
}

func TestValidateHugeExponentIsAViolationNotAPanic(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Lookup("webshop/order")
	vs := s.Validate([]byte(`{"id": 1e2000000}`))
	if len(vs) == 0 {
		t.Fatal("a record with an unrepresentable number passed validation")
	}
}
