package emulator

import (
	"strings"
	"testing"
)

// The assumed classification fields the integrations map: a debtor's
// group and an order's shipping method are free codes, kept as given,
// checked for length, and changed by a PUT like any other field.
func TestDebtorGroupAndShippingMethod(t *testing.T) {
	f := newFixture(t, Options{})
	d := newDebtor("Kwekerij Blom", "info@blom.example")
	d["debtorGroup"] = "GROOTHANDEL"
	created := f.must(201, "POST", "/v1/debtors", d)
	if created["debtorGroup"] != "GROOTHANDEL" {
		t.Fatalf("debtorGroup after create: %v", created["debtorGroup"])
	}
	created["debtorGroup"] = "EXPORT"
	f.must(200, "PUT", "/v1/debtors/"+str(created["id"]), created)
	if back := f.must(200, "GET", "/v1/debtors/"+str(created["id"]), nil); back["debtorGroup"] != "EXPORT" {
		t.Errorf("debtorGroup after update: %v", back["debtorGroup"])
	}
	d["debtorGroup"] = strings.Repeat("G", 21)
	if r := f.do("POST", "/v1/debtors", d, "Accept-Language", "en"); r.status != 400 || len(errorsOf(t, r.body)["debtorGroup"]) == 0 {
		t.Errorf("a 21-character group: %d %s", r.status, r.raw)
	}

	o := f.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": created["id"], "shippingMethod": "POSTNL",
		"lines": []any{map[string]any{"articleId": articlePot, "quantity": 1}}})
	if back := f.must(200, "GET", "/v1/SalesOrderWithLines/"+str(o["id"]), nil); back["shippingMethod"] != "POSTNL" {
		t.Errorf("shippingMethod: %v", back["shippingMethod"])
	}
	if plain := f.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": created["id"],
		"lines": []any{map[string]any{"articleId": articlePot, "quantity": 1}}}); plain["shippingMethod"] != nil {
		t.Errorf("an order without a shipping method reads %v", plain["shippingMethod"])
	}
}
