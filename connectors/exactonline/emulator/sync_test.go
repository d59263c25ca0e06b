package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func maxTimestamp(t *testing.T, rows []map[string]any) int64 {
	t.Helper()
	var max int64
	for _, r := range rows {
		ts, err := strconv.ParseInt(num(r["Timestamp"]), 10, 64)
		if err != nil {
			t.Fatalf("Timestamp %v: %v", r["Timestamp"], err)
		}
		if ts <= max {
			t.Fatalf("Timestamp %d after %d: sync rows must come in increasing Timestamp order", ts, max)
		}
		max = ts
	}
	return max
}

func TestSyncTimestamp(t *testing.T) {
	f := newFixture(t, Options{Seed: seedAccounts(t, 1100)})
	rows, pages := collect(t, f, "sync/CRM/Accounts?$select=ID,Name,Timestamp&$filter=Timestamp gt 1")
	if len(rows) != 1100 || pages != 2 {
		t.Fatalf("initial sync: %d rows in %d pages, want 1100 in 2", len(rows), pages)
	}
	cursor := maxTimestamp(t, rows)

	// Nothing changed: nothing to sync.
	empty := results(t, f.mustDo(200, "GET", fmt.Sprintf("sync/CRM/Accounts?$select=ID&$filter=Timestamp gt %d", cursor), nil))
	if len(empty) != 0 {
		t.Fatalf("unchanged data returned %d rows", len(empty))
	}

	// An update and a create show up, in write order, with higher versions.
	victim := rows[10]["ID"].(string)
	f.mustDo(204, "PUT", "crm/Accounts(guid'"+victim+"')", map[string]any{"City": "Zwolle"})
	created := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Newcomer"}))
	delta := results(t, f.mustDo(200, "GET", fmt.Sprintf("sync/CRM/Accounts?$select=ID,City,Timestamp&$filter=Timestamp gt %dL", cursor), nil))
	if len(delta) != 2 || delta[0]["ID"] != victim || delta[0]["City"] != "Zwolle" || delta[1]["ID"] != created["ID"] {
		t.Fatalf("delta = %v", delta)
	}
	cursor2 := maxTimestamp(t, delta)
	if cursor2 <= cursor {
		t.Errorf("new cursor %d not above %d", cursor2, cursor)
	}

	// Deletions appear in sync/Deleted with the entity type and key.
	f.mustDo(204, "DELETE", "crm/Accounts(guid'"+victim+"')", nil)
	del := results(t, f.mustDo(200, "GET", fmt.Sprintf("sync/Deleted?$filter=Timestamp gt %d", cursor2), nil))
	if len(del) != 1 || del[0]["EntityKey"] != victim || num(del[0]["EntityType"]) != "2" || num(del[0]["Division"]) != "123456" {
		t.Fatalf("sync/Deleted = %v", del)
	}
	if !strings.HasPrefix(del[0]["DeletedDate"].(string), "/Date(") {
		t.Errorf("DeletedDate = %v", del[0]["DeletedDate"])
	}
}

func TestSyncPagingSurvivesUpdates(t *testing.T) {
	f := newFixture(t, Options{Seed: seedAccounts(t, 1005)})
	first := f.mustDo(200, "GET", "sync/CRM/Accounts?$select=ID,Timestamp&$filter=Timestamp gt 0", nil)
	page1 := results(t, first)
	// The last row of page 1 is written again before page 2 is fetched:
	// page 2 must still hold the five rows after it, and the rewritten row
	// comes once more at the end.
	last := page1[len(page1)-1]["ID"].(string)
	f.mustDo(204, "PUT", "crm/Accounts(guid'"+last+"')", map[string]any{"City": "Delft"})
	page2 := results(t, f.mustDo(200, "GET", next(first), nil))
	if len(page2) != 6 || page2[5]["ID"] != last {
		t.Errorf("page 2 has %d rows (last %v), want the 5 remaining plus the rewritten one", len(page2), page2[len(page2)-1]["ID"])
	}
}

func TestSyncAndBulkRules(t *testing.T) {
	f := newFixture(t, Options{})
	bad := map[string]string{
		"bulk/CRM/Accounts":                                        "$select is mandatory",
		"bulk/CRM/Accounts?$select=":                               "$select is mandatory",
		"sync/CRM/Accounts?$filter=Name eq 'x'":                    "supports Timestamp only",
		"sync/CRM/Accounts?$filter=Timestamp gt 1 and Name eq 'x'": "supports Timestamp only",
		"sync/CRM/Accounts?$orderby=Name":                          "$orderby is not supported",
	}
	for path, want := range bad {
		resp, body := f.do("GET", path, nil)
		if resp.StatusCode != 400 || !strings.Contains(errMsg(body), want) {
			t.Errorf("%s: %d %q, want 400 containing %q", path, resp.StatusCode, errMsg(body), want)
		}
	}
	if resp, _ := f.do("POST", "sync/CRM/Accounts", map[string]any{}); resp.StatusCode != 405 {
		t.Errorf("POST on a sync endpoint: %d, want 405", resp.StatusCode)
	}
	rows := results(t, f.mustDo(200, "GET", "bulk/CRM/Accounts?$select=Code,Name&$filter=trim(Code) eq '2'", nil))
	if len(rows) != 1 || rows[0]["Name"] != "Fietsenwinkel Jansen" || len(rows[0]) != 3 { // + __metadata
		t.Errorf("bulk select = %v", rows)
	}
}

func TestSyncViews(t *testing.T) {
	f := newFixture(t, Options{})
	order := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount2,
		"YourRef": "WEB-1001", "SalesOrderLines": []any{map[string]any{"Item": seedGadget, "Quantity": 4}}}))
	hdr := results(t, f.mustDo(200, "GET", "sync/SalesOrder/SalesOrderHeaders?$select=ID,OrderID,YourRef,Timestamp,AmountFC&$filter=Timestamp gt 0", nil))
	if len(hdr) != 1 || hdr[0]["ID"] != order["OrderID"] || hdr[0]["OrderID"] != order["OrderID"] || hdr[0]["YourRef"] != "WEB-1001" {
		t.Fatalf("SalesOrderHeaders = %v", hdr)
	}
	lines := results(t, f.mustDo(200, "GET", "sync/SalesOrder/SalesOrderLines?$select=ItemCode,Quantity&$filter=Timestamp gt 0", nil))
	if len(lines) != 1 || lines[0]["ItemCode"] != "GADGET-002" {
		t.Fatalf("SalesOrderLines = %v", lines)
	}
	pos := results(t, f.mustDo(200, "GET", "sync/Inventory/StockPositions?$filter=Timestamp gt 0", nil))
	var gadget map[string]any
	for _, p := range pos {
		if p["ItemId"] == seedGadget {
			gadget = p
		}
	}
	if gadget == nil || num(gadget["CurrentStock"]) != "25" || num(gadget["ReservedStock"]) != "4" || num(gadget["FreeStock"]) != "21" {
		t.Fatalf("StockPositions for the gadget = %v", gadget)
	}
	iw := results(t, f.mustDo(200, "GET", "sync/Inventory/ItemWarehouses?$select=Item,ReservedStock,Timestamp&$filter=Timestamp gt 0", nil))
	if len(iw) != 3 || iw[2]["Item"] != seedGadget {
		t.Errorf("ItemWarehouses sync: the reservation should make the gadget row the latest: %v", iw)
	}
}
