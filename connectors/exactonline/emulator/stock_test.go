package emulator

import (
	"strings"
	"testing"
)

func stockPosition(t *testing.T, f *fixture, item string) map[string]any {
	t.Helper()
	rows := results(t, f.mustDo(200, "GET", "read/logistics/StockPosition?itemId=guid'"+item+"'", nil))
	if len(rows) != 1 {
		t.Fatalf("StockPosition for %s: %d rows", item, len(rows))
	}
	return rows[0]
}

func itemStock(t *testing.T, f *fixture, item string) string {
	t.Helper()
	return num(single(t, f.mustDo(200, "GET", "logistics/Items(guid'"+item+"')?$select=Stock", nil))["Stock"])
}

func TestStockReservations(t *testing.T) {
	f := newFixture(t, Options{})
	p := stockPosition(t, f, seedWidget)
	if num(p["InStock"]) != "100" || num(p["ReservedStock"]) != "0" || num(p["FreeStock"]) != "100" {
		t.Fatalf("seeded position %v", p)
	}
	order := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
		"SalesOrderLines": []any{
			map[string]any{"Item": seedWidget, "Quantity": 7},
			map[string]any{"Item": seedService, "Quantity": 3}, // not a stock item: reserves nothing
		}}))
	p = stockPosition(t, f, seedWidget)
	if num(p["InStock"]) != "100" || num(p["ReservedStock"]) != "7" || num(p["FreeStock"]) != "93" {
		t.Fatalf("after the order: %v", p)
	}
	if itemStock(t, f, seedWidget) != "100" {
		t.Error("a reservation changed Item.Stock")
	}
	iw := results(t, f.mustDo(200, "GET", "inventory/ItemWarehouses?$filter=Item eq guid'"+seedWidget+"'", nil))
	if len(iw) != 1 || num(iw[0]["ReservedStock"]) != "7" || num(iw[0]["ProjectedStock"]) != "93" || iw[0]["ItemCode"] != "WIDGET-001" {
		t.Fatalf("ItemWarehouses row %v", iw)
	}

	// Changing the line quantity moves the reservation.
	line := order["SalesOrderLines"].(map[string]any)["results"].([]any)[0].(map[string]any)
	f.mustDo(204, "PUT", "salesorder/SalesOrderLines(guid'"+line["ID"].(string)+"')", map[string]any{"Quantity": 10})
	if got := num(stockPosition(t, f, seedWidget)["ReservedStock"]); got != "10" {
		t.Errorf("after raising the quantity to 10: reserved %s", got)
	}
	// Deleting the order releases it.
	f.mustDo(204, "DELETE", "salesorder/SalesOrders(guid'"+order["OrderID"].(string)+"')", nil)
	if got := num(stockPosition(t, f, seedWidget)["ReservedStock"]); got != "0" {
		t.Errorf("after deleting the order: reserved %s", got)
	}
	if lines := results(t, f.mustDo(200, "GET", "salesorder/SalesOrderLines", nil)); len(lines) != 0 {
		t.Errorf("order lines survived their order: %d", len(lines))
	}
}

func TestStockCounts(t *testing.T) {
	f := newFixture(t, Options{})
	sc := single(t, f.mustDo(201, "POST", "inventory/StockCounts", map[string]any{"Warehouse": seedWarehouse, "StockCountDate": "2025-03-14",
		"StockCountLines": []any{
			map[string]any{"Item": seedGadget, "QuantityNew": 31},
			map[string]any{"Item": seedBook, "QuantityDifference": -5},
		}}))
	if num(sc["Status"]) != "21" || num(sc["StockCountNumber"]) != "1" {
		t.Errorf("stock count status/number = %v/%v", sc["Status"], sc["StockCountNumber"])
	}
	lines := sc["StockCountLines"].(map[string]any)["results"].([]any)
	l1, l2 := lines[0].(map[string]any), lines[1].(map[string]any)
	if num(l1["QuantityInStock"]) != "25" || num(l1["QuantityDifference"]) != "6" || num(l2["QuantityNew"]) != "35" {
		t.Errorf("count lines: %v / %v", l1, l2)
	}
	if got := itemStock(t, f, seedGadget); got != "31" {
		t.Errorf("gadget stock after count = %s, want 31", got)
	}
	if got := num(stockPosition(t, f, seedBook)["InStock"]); got != "35" {
		t.Errorf("book InStock after count = %s, want 35", got)
	}
	resp, body := f.do("DELETE", "inventory/StockCounts(guid'"+sc["StockCountID"].(string)+"')", nil)
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "processed") {
		t.Errorf("deleting a processed count: %d %v", resp.StatusCode, body)
	}

	// A draft changes nothing until it is processed.
	draft := single(t, f.mustDo(201, "POST", "inventory/StockCounts", map[string]any{"Warehouse": seedWarehouse, "StockCountDate": "2025-03-14",
		"Status": 12, "StockCountLines": []any{map[string]any{"Item": seedWidget, "QuantityNew": 1}}}))
	if got := itemStock(t, f, seedWidget); got != "100" {
		t.Errorf("a draft count changed stock to %s", got)
	}
	f.mustDo(204, "PUT", "inventory/StockCounts(guid'"+draft["StockCountID"].(string)+"')", map[string]any{"Status": 21})
	if got := itemStock(t, f, seedWidget); got != "1" {
		t.Errorf("processing the draft: stock %s, want 1", got)
	}

	if rows := results(t, f.mustDo(200, "GET", "read/logistics/StockPosition?itemId=guid'99999999-0000-4000-8000-000000000000'", nil)); len(rows) != 0 {
		t.Errorf("unknown item position: %v", rows)
	}
	if resp, _ := f.do("GET", "read/logistics/StockPosition", nil); resp.StatusCode != 400 {
		t.Errorf("StockPosition without itemId: %d", resp.StatusCode)
	}
}
