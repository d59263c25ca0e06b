package schemas

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFieldCheck(t *testing.T) {
	set := mustDefault(t)
	field := func(ref, path string) *Field {
		t.Helper()
		s, ok := set.Lookup(ref)
		if !ok {
			t.Fatalf("no schema %s", ref)
		}
		f, ok := s.Root().Lookup(strings.Split(path, "."))
		if !ok {
			t.Fatalf("%s has no %s", ref, path)
		}
		return f
	}
	const guid = "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f"
	tests := []struct {
		ref, path string
		value     any
		wantErr   string // substring; "" means the value fits
	}{
		{"webshop/order", "currency", "EUR", ""},
		{"webshop/order", "currency", "EURO", "currency: \"EURO\" is 4 characters long; the maximum is 3"},
		{"webshop/order", "currency", "eur", "does not match the pattern ^[A-Z]{3}$"},
		{"webshop/order", "currency", 978, "currency: 978 is a number; want string"},
		{"webshop/order", "status", "paid", ""},
		{"webshop/order", "status", "sent", `"sent" is not one of "pending", "paid"`},
		{"webshop/order", "created_at", "2025-03-14T10:42:07+01:00", ""},
		{"webshop/order", "created_at", "14-03-2025", "is not a valid date-time"},
		{"webshop/order", "line_items.#.quantity", 3, ""},
		{"webshop/order", "line_items.#.quantity", int64(3), ""},
		{"webshop/order", "line_items.#.quantity", 3.0, ""},
		{"webshop/order", "line_items.#.quantity", json.Number("2.5"), "line_items.#.quantity: 2.5 is a number; want integer"},
		{"webshop/order", "line_items.#.quantity", 0, "0 is less than the minimum 1"},
		{"webshop/order", "line_items.#.vat_rate", json.Number("100.01"), "is more than the maximum 100"},
		{"webshop/order", "line_items.#.ean", nil, ""},
		{"webshop/order", "order_number", nil, "order_number: null is null; want string"},
		{"webshop/order", "order_number", "", "is 0 characters long; the minimum is 1"},
		{"webshop/order", "customer", map[string]any{"email": "a@b.nl"}, ""},
		{"webshop/order", "customer", []any{}, "customer: [] is an array; want object"},
		{"webshop/customer", "email", "not-an-email", "is not a valid email"},
		{"exactonline/sales_order", "OrderedBy", guid, ""},
		{"exactonline/sales_order", "OrderedBy", "42", `OrderedBy: "42" is not a valid uuid`},
		{"exactonline/sales_order", "SalesOrderLines.#.Item", "x", `SalesOrderLines.#.Item: "x" is not a valid uuid`},
		{"exactonline/sales_order", "OrderDate", "2025-03-14", ""},
		{"exactonline/sales_order", "OrderDate", "/Date(1741949727000)/", "does not match the pattern"},
		{"exactonline/sales_order", "Status", int16(12), ""},
		{"exactonline/sales_order", "Status", 40000, "is more than the maximum 32767"},
		{"exactonline/account", "Code", "                25", ""},
		{"exactonline/account", "Code", "1234567890123456789", "is 19 characters long; the maximum is 18"},
		{"exactonline/account", "Code", "ééééééééééééééééé", ""}, // 17 characters, 34 bytes
		{"exactonline/account", "Blocked", true, ""},
		{"exactonline/account", "Blocked", "true", `Blocked: "true" is a string; want boolean or null`},
		{"exactonline/item", "Code", struct{}{}, "Go type struct {} is not a JSON value"},
	}
	for _, tt := range tests {
		err := field(tt.ref, tt.path).Check(tt.value)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s %s Check(%#v) = %v, want nil", tt.ref, tt.path, tt.value, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("%s %s Check(%#v) = nil, want error containing %q", tt.ref, tt.path, tt.value, tt.wantErr)
		case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("%s %s Check(%#v) = %v, want error containing %q", tt.ref, tt.path, tt.value, err, tt.wantErr)
		}
	}
}

func TestFieldCheckConst(t *testing.T) {
	root := fixtureSchema(t, "shop/order").Root()
	kind, _ := root.Child("kind")
	if err := kind.Check("order"); err != nil {
		t.Errorf("Check(order) = %v", err)
	}
	if err := kind.Check("invoice"); err == nil || !strings.Contains(err.Error(), `"invoice" is not the required constant "order"`) {
		t.Errorf("Check(invoice) = %v", err)
	}
}

func TestEqualJSON(t *testing.T) {
	tests := []struct {
		a, b any
		want bool
	}{
		{json.Number("1"), json.Number("1.0"), true},
		{1, json.Number("1"), true},
		{1.5, json.Number("1.50"), true},
		{json.Number("1"), "1", false},
		{nil, nil, true},
		{[]any{json.Number("1"), "a"}, []any{1, "a"}, true},
		{[]any{"a"}, []any{"a", "b"}, false},
		{map[string]any{"a": true}, map[string]any{"a": true}, true},
		{map[string]any{"a": true}, map[string]any{"b": true}, false},
	}
	for _, tt := range tests {
		if got := equalJSON(tt.a, tt.b); got != tt.want {
			t.Errorf("equalJSON(%#v, %#v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
