package schemas

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestEmbeddedSchemasCompile loads every embedded schema file. Load checks
// all files and its error names each failing one, so a broken schema shows
// up here by file name.
func TestEmbeddedSchemasCompile(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatalf("embedded schemas do not load:\n%v", err)
	}
	paths, err := fs.Glob(files, "*/*.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no schema files embedded")
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			ref := strings.TrimSuffix(p, fileSuffix)
			s, ok := set.Lookup(ref)
			if !ok {
				t.Fatalf("%s: not in the set", p)
			}
			if s.Ref != ref {
				t.Errorf("%s: Ref = %q, want %q", p, s.Ref, ref)
			}
			if !slices.Equal(s.Root().Types, []string{"object"}) {
				t.Errorf("%s: root types = %v, want [object]", p, s.Root().Types)
			}
			if s.Description == "" {
				t.Errorf("%s: root has no description", p)
			}
		})
	}
	if got := len(set.Refs()); got != len(paths) {
		t.Errorf("set has %d refs for %d files", got, len(paths))
	}
}

func TestDefaultIsLoadedOnce(t *testing.T) {
	a, errA := Default()
	b, errB := Default()
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a != b {
		t.Error("Default returned two different sets")
	}
}

func TestRefsSortedAndComplete(t *testing.T) {
	set := mustDefault(t)
	refs := set.Refs()
	if !slices.IsSorted(refs) {
		t.Errorf("Refs not sorted: %v", refs)
	}
	for _, want := range []string{
		"webshop/order", "webshop/customer", "webshop/product",
		"exactonline/account", "exactonline/contact", "exactonline/address", "exactonline/item",
		"exactonline/sales_item_price", "exactonline/sales_order", "exactonline/sales_order_line",
		"exactonline/sales_invoice", "exactonline/sales_invoice_line", "exactonline/sales_entry",
		"exactonline/sales_entry_line", "exactonline/general_journal_entry",
		"exactonline/general_journal_entry_line", "exactonline/item_warehouse",
		"exactonline/stock_position", "exactonline/vat_code", "exactonline/payment_condition",
		"exactonline/goods_delivery", "exactonline/goods_delivery_line",
	} {
		if !slices.Contains(refs, want) {
			t.Errorf("missing schema %s", want)
		}
	}
	refs[0] = "changed"
	if set.Refs()[0] == "changed" {
		t.Error("Refs exposes the set's own slice")
	}
}

// TestExactConventions checks the rules the generator promises on every
// Exact schema, so that a hand edit or a generator change that breaks them
// fails here.
func TestExactConventions(t *testing.T) {
	set := mustDefault(t)
	for _, ref := range set.Refs() {
		if !strings.HasPrefix(ref, "exactonline/") {
			continue
		}
		s, _ := set.Lookup(ref)
		root := s.Root()
		if !strings.Contains(s.Description, "Exact Online REST reference") {
			t.Errorf("%s: description does not say where it was derived from", ref)
		}
		if !root.Open() {
			t.Errorf("%s: root is closed; Exact schemas must allow unknown properties", ref)
		}
		var keys []string
		for _, n := range root.Names() {
			f, _ := root.Child(n)
			if f.Key {
				keys = append(keys, n)
			}
			if len(f.Types) == 0 {
				t.Errorf("%s: %s has no type", ref, n)
			}
			if !slices.Contains(root.Required, n) && len(f.Types) > 0 && !slices.Contains(f.Types, "null") {
				t.Errorf("%s: optional %s does not accept null", ref, n)
			}
		}
		if len(keys) != 1 {
			t.Errorf("%s: x-key fields = %v, want exactly one", ref, keys)
		}
		for _, r := range root.Required {
			f, ok := root.Child(r)
			switch {
			case !ok:
				t.Errorf("%s: required %s is not a property", ref, r)
			case f.ReadOnly:
				t.Errorf("%s: required %s is read-only", ref, r)
			case f.Key:
				t.Errorf("%s: the key %s is required", ref, r)
			}
		}
	}
}

func TestExactAnnotations(t *testing.T) {
	set := mustDefault(t)
	tests := []struct {
		ref, field                   string
		natural, personal, key, read bool
	}{
		{"exactonline/item", "Code", true, false, false, false},
		{"exactonline/item", "Barcode", true, false, false, false},
		{"exactonline/item", "ID", false, false, true, false},
		{"exactonline/item", "Stock", false, false, false, true},
		{"exactonline/account", "Code", true, false, false, false},
		{"exactonline/account", "Email", true, true, false, false},
		{"exactonline/account", "Name", false, true, false, false},
		{"exactonline/account", "VATNumber", false, true, false, false},
		{"exactonline/contact", "FirstName", false, true, false, false},
		{"exactonline/address", "Postcode", false, true, false, false},
		{"exactonline/sales_order", "YourRef", true, false, false, false},
		{"exactonline/sales_order", "OrderID", false, false, true, false},
		{"exactonline/sales_order", "Timestamp", false, false, false, true},
		{"exactonline/sales_invoice", "YourRef", true, false, false, false},
		{"exactonline/vat_code", "Code", true, false, false, false},
		{"exactonline/payment_condition", "Code", true, false, false, false},
		{"exactonline/stock_position", "FreeStock", false, false, false, true},
	}
	for _, tt := range tests {
		s, ok := set.Lookup(tt.ref)
		if !ok {
			t.Fatalf("no schema %s", tt.ref)
		}
		f, ok := s.Root().Child(tt.field)
		if !ok {
			t.Errorf("%s has no field %s", tt.ref, tt.field)
			continue
		}
		got := [4]bool{f.NaturalKey, f.Personal, f.Key, f.ReadOnly}
		want := [4]bool{tt.natural, tt.personal, tt.key, tt.read}
		if got != want {
			t.Errorf("%s.%s: [natural personal key readOnly] = %v, want %v", tt.ref, tt.field, got, want)
		}
	}
}

func TestExactSalesOrderShape(t *testing.T) {
	set := mustDefault(t)
	order, _ := set.Lookup("exactonline/sales_order")
	line, _ := set.Lookup("exactonline/sales_order_line")

	if want := []string{"OrderedBy", "SalesOrderLines"}; !slices.Equal(order.Root().Required, want) {
		t.Errorf("sales_order required = %v, want %v", order.Root().Required, want)
	}
	lines, ok := order.Root().Child("SalesOrderLines")
	if !ok || !slices.Equal(lines.Types, []string{"array"}) || lines.Items == nil {
		t.Fatalf("SalesOrderLines is not a required array of lines: %+v", lines)
	}
	// Inside an order, a line needs its item but not its OrderID (Exact
	// fills it); posted on its own it needs both.
	if want := []string{"Item"}; !slices.Equal(lines.Items.Required, want) {
		t.Errorf("embedded line required = %v, want %v", lines.Items.Required, want)
	}
	if want := []string{"OrderID", "Item"}; !slices.Equal(line.Root().Required, want) {
		t.Errorf("standalone line required = %v, want %v", line.Root().Required, want)
	}
	if !slices.Equal(lines.Items.Names(), line.Root().Names()) {
		t.Error("embedded and standalone line have different properties")
	}
	item, ok := order.Root().Lookup([]string{"SalesOrderLines", "#", "Item"})
	if !ok || item.Format != "uuid" || item.Path != "SalesOrderLines.#.Item" {
		t.Errorf("SalesOrderLines.#.Item = %+v, %v", item, ok)
	}

	account, _ := set.Lookup("exactonline/account")
	code, _ := account.Root().Child("Code")
	if code.MaxLength != 18 {
		t.Errorf("Account.Code maxLength = %d, want 18", code.MaxLength)
	}
	name, _ := account.Root().Child("Name")
	if name.MaxLength != -1 {
		t.Errorf("Account.Name maxLength = %d, want -1 (no source states one)", name.MaxLength)
	}
}

func TestWebshopSchemasAreClosed(t *testing.T) {
	set := mustDefault(t)
	for _, ref := range []string{"webshop/order", "webshop/customer", "webshop/product"} {
		s, _ := set.Lookup(ref)
		if s.Root().Open() {
			t.Errorf("%s is open; webshop shapes are ours and closed", ref)
		}
	}
	product, _ := set.Lookup("webshop/product")
	attrs, ok := product.Root().Child("attributes")
	if !ok || !attrs.Open() {
		t.Fatalf("product.attributes should be an open map: %+v", attrs)
	}
	colour, ok := attrs.Child("colour")
	if !ok || colour.MaxLength != 100 || colour.Path != "attributes.*" {
		t.Errorf("attributes.colour = %+v, %v; want the additionalProperties schema", colour, ok)
	}
}

func mustDefault(t *testing.T) *Set {
	t.Helper()
	set, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return set
}

func TestEmbeddedSchemasLoadEagerly(t *testing.T) {
	set, err := Load(Embedded())
	if err != nil {
		t.Fatalf("embedded schemas do not compile:\n%v", err)
	}
	lazy, _ := Default()
	if !slices.Equal(set.Refs(), lazy.Refs()) {
		t.Errorf("eager and lazy sets differ: %v vs %v", set.Refs(), lazy.Refs())
	}
}
