package emulator

import (
	"strings"
	"testing"
)

func TestServerAssigned(t *testing.T) {
	f := newFixture(t, Options{})
	acc := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Nieuw BV"}))
	if acc["Code"] != "                 4" {
		t.Errorf("assigned Code = %q, want the next number right-aligned in 18", acc["Code"])
	}
	if _, ok := parseGUID(acc["ID"].(string)); !ok {
		t.Errorf("ID %v is not a GUID", acc["ID"])
	}
	wantDate := dateWire(f.clock.Now())
	if acc["Created"] != wantDate || acc["Modified"] != wantDate {
		t.Errorf("Created/Modified = %v/%v, want %s", acc["Created"], acc["Modified"], wantDate)
	}
	given := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Code Given", "Code": "77"}))
	if given["Code"] != "                77" {
		t.Errorf("numeric Code = %q, want it right-aligned", given["Code"])
	}
	alpha := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Alpha", "Code": "ACME"}))
	if alpha["Code"] != "ACME" {
		t.Errorf("alphanumeric Code = %q, want it as given", alpha["Code"])
	}
	if n := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "After 77"})); n["Code"] != "                78" {
		t.Errorf("Code after 77 = %q", n["Code"])
	}

	f.clock.Advance(90_000_000_000) // 90 s
	f.mustDo(204, "PUT", "crm/Accounts(guid'"+acc["ID"].(string)+"')", map[string]any{"City": "Leiden"})
	got := single(t, f.mustDo(200, "GET", "crm/Accounts(guid'"+acc["ID"].(string)+"')", nil))
	if got["City"] != "Leiden" || got["Name"] != "Nieuw BV" || got["Created"] != wantDate || got["Modified"] != dateWire(f.clock.Now()) {
		t.Errorf("after PUT: City %v Name %v Created %v Modified %v", got["City"], got["Name"], got["Created"], got["Modified"])
	}

	var numbers []string
	for i := 0; i < 3; i++ {
		o := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
			"SalesOrderLines": []any{map[string]any{"Item": seedService, "Quantity": 1}}}))
		numbers = append(numbers, num(o["OrderNumber"]))
	}
	if strings.Join(numbers, ",") != "1,2,3" {
		t.Errorf("OrderNumbers = %v, want 1,2,3", numbers)
	}
	inv := single(t, f.mustDo(201, "POST", "salesinvoice/SalesInvoices", map[string]any{"OrderedBy": seedAccount1, "Journal": "70",
		"SalesInvoiceLines": []any{map[string]any{"Item": seedWidget, "Quantity": 2}}}))
	if num(inv["InvoiceNumber"]) != "1" || num(inv["Status"]) != "20" {
		t.Errorf("invoice number/status = %v/%v", inv["InvoiceNumber"], inv["Status"])
	}
	line := inv["SalesInvoiceLines"].(map[string]any)["results"].([]any)[0].(map[string]any)
	if line["GLAccount"] != seedGLRevenue {
		t.Errorf("invoice line GLAccount = %v, want the item's revenue account", line["GLAccount"])
	}
}

func TestSalesOrderAmounts(t *testing.T) {
	f := newFixture(t, Options{})
	o := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1, "YourRef": "WEB-7",
		"SalesOrderLines": []any{
			map[string]any{"Item": seedWidget, "Quantity": 3},                                      // 3 × 12.50 = 37.50, 21% = 7.875 → 7.88
			map[string]any{"Item": seedBook, "Quantity": "2", "UnitPrice": 19.99, "Discount": 0.1}, // 2 × 17.991 = 35.98, 9% = 3.24
		}}))
	if num(o["AmountFCExclVat"]) != "73.48" || num(o["AmountFC"]) != "84.6" || num(o["AmountDC"]) != "84.6" {
		t.Errorf("amounts excl %v incl %v DC %v, want 73.48 / 84.6 / 84.6", o["AmountFCExclVat"], o["AmountFC"], o["AmountDC"])
	}
	if o["OrderedByName"] != "Bakkerij de Vries" || o["PaymentCondition"] != "30" || o["WarehouseID"] != seedWarehouse || num(o["Status"]) != "12" {
		t.Errorf("derived header fields: %v %v %v %v", o["OrderedByName"], o["PaymentCondition"], o["WarehouseID"], o["Status"])
	}
	lines := o["SalesOrderLines"].(map[string]any)["results"].([]any)
	l2 := lines[1].(map[string]any)
	if num(l2["NetPrice"]) != "17.991" || num(l2["AmountFC"]) != "35.98" || num(l2["VATAmount"]) != "3.24" || num(l2["LineNumber"]) != "2" {
		t.Errorf("line 2: net %v amount %v vat %v no %v", l2["NetPrice"], l2["AmountFC"], l2["VATAmount"], l2["LineNumber"])
	}

	// Adding a line through the line endpoint updates the header.
	id := o["OrderID"].(string)
	f.mustDo(201, "POST", "salesorder/SalesOrderLines", map[string]any{"OrderID": id, "Item": seedService, "Quantity": 1})
	o2 := single(t, f.mustDo(200, "GET", "salesorder/SalesOrders(guid'"+id+"')", nil))
	if num(o2["AmountFCExclVat"]) != "148.48" {
		t.Errorf("after adding a 75.00 line: excl %v, want 148.48", o2["AmountFCExclVat"])
	}
}

func TestValidationErrors(t *testing.T) {
	f := newFixture(t, Options{})
	line := func(item string) map[string]any { return map[string]any{"Item": item, "Quantity": 1} }
	tests := []struct {
		name, path string
		body       map[string]any
		status     int
		want       string
	}{
		{"mandatory Name", "crm/Accounts", map[string]any{"City": "X"}, 400, "Mandatory: Name"},
		{"empty mandatory Name", "crm/Accounts", map[string]any{"Name": ""}, 400, "Mandatory: Name"},
		{"mandatory OrderedBy", "salesorder/SalesOrders", map[string]any{"SalesOrderLines": []any{line(seedWidget)}}, 400, "Mandatory: OrderedBy"},
		{"mandatory lines", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1}, 400, "Mandatory: SalesOrderLines"},
		{"mandatory line Item", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
			"SalesOrderLines": []any{line(seedWidget), map[string]any{"Quantity": 2}}}, 400, "Mandatory: SalesOrderLines[2].Item"},
		{"unknown OrderedBy", "salesorder/SalesOrders", map[string]any{"OrderedBy": "99999999-0000-4000-8000-000000000000",
			"SalesOrderLines": []any{line(seedWidget)}}, 400, "OrderedBy: Account 99999999-0000-4000-8000-000000000000 does not exist"},
		{"unknown line Item", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
			"SalesOrderLines": []any{line("99999999-0000-4000-8000-000000000001")}}, 400, "SalesOrderLines[1].Item: Item 99999999-0000-4000-8000-000000000001 does not exist"},
		{"contact without account", "crm/Contacts", map[string]any{"FirstName": "A", "LastName": "B"}, 400, "Mandatory: Account"},
		{"unknown property", "crm/Accounts", map[string]any{"Name": "X", "Colour": "red"}, 400, "property name 'Colour'"},
		{"bad GUID", "crm/Contacts", map[string]any{"Account": "not-a-guid", "FirstName": "A", "LastName": "B"}, 400, "Account: cannot convert \"not-a-guid\" to Edm.Guid"},
		{"bad number", "logistics/Items", map[string]any{"Code": "X1", "Description": "x", "StandardSalesPrice": "cheap"}, 400, "StandardSalesPrice: cannot convert"},
		{"bad date", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1, "OrderDate": "tomorrow",
			"SalesOrderLines": []any{line(seedWidget)}}, 400, "OrderDate: cannot convert"},
		{"duplicate item code", "logistics/Items", map[string]any{"Code": "widget-001", "Description": "dup"}, 400, "Duplicate Code"},
		{"unknown VAT code", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
			"SalesOrderLines": []any{map[string]any{"Item": seedWidget, "VATCode": "9"}}}, 400, "VATCode: VAT code '9' does not exist"},
		{"line endpoint needs its order", "salesorder/SalesOrderLines", map[string]any{"Item": seedWidget}, 400, "Mandatory: OrderID"},
		{"not JSON", "crm/Accounts", nil, 400, "not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body any = tc.body
			if tc.body == nil {
				body = []int{1}
			}
			resp, out := f.do("POST", tc.path, body)
			if resp.StatusCode != tc.status || !strings.Contains(errMsg(out), tc.want) {
				t.Errorf("got %d %q, want %d containing %q", resp.StatusCode, errMsg(out), tc.status, tc.want)
			}
		})
	}
	// Nothing of the failed requests was stored.
	orders := results(t, f.mustDo(200, "GET", "salesorder/SalesOrders", nil))
	if len(orders) != 0 {
		t.Errorf("failed POSTs left %d orders behind", len(orders))
	}
}

func TestReadOnlyFields(t *testing.T) {
	f := newFixture(t, Options{})
	item := single(t, f.mustDo(201, "POST", "logistics/Items", map[string]any{"Code": "RO-1", "Description": "x", "Stock": 500}))
	if num(item["Stock"]) != "0" {
		t.Errorf("read-only Stock was taken from the client: %v", item["Stock"])
	}
	strict := newFixture(t, Options{RejectReadOnly: true})
	resp, body := strict.do("POST", "logistics/Items", map[string]any{"Code": "RO-1", "Description": "x", "Stock": 500})
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "Stock: the property is read-only") {
		t.Errorf("RejectReadOnly: %d %v", resp.StatusCode, body)
	}
}

func TestMethodsAndDeletes(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "crm/Accounts", map[string]any{"Name": "Temp"})
	if resp.StatusCode != 201 || !strings.Contains(resp.Header.Get("Location"), "crm/Accounts(guid'") {
		t.Fatalf("POST: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	id := single(t, body)["ID"].(string)
	f.mustDo(204, "DELETE", "crm/Accounts(guid'"+id+"')", nil)
	if resp, body := f.do("GET", "crm/Accounts(guid'"+id+"')", nil); resp.StatusCode != 404 || errMsg(body) == "" {
		t.Errorf("GET after DELETE: %d %v", resp.StatusCode, body)
	}
	if resp, _ := f.do("PUT", "crm/Accounts(guid'"+id+"')", map[string]any{"Name": "x"}); resp.StatusCode != 404 {
		t.Errorf("PUT after DELETE: %d", resp.StatusCode)
	}

	je := single(t, f.mustDo(201, "POST", "generaljournalentry/GeneralJournalEntries", map[string]any{"JournalCode": "90",
		"GeneralJournalEntryLines": []any{
			map[string]any{"GLAccount": seedGLDebtors, "AmountFC": 100},
			map[string]any{"GLAccount": seedGLRevenue, "AmountFC": -100},
		}}))
	if num(je["EntryNumber"]) != "1" {
		t.Errorf("journal EntryNumber = %v", je["EntryNumber"])
	}
	resp, body = f.do("PUT", "generaljournalentry/GeneralJournalEntries(guid'"+je["EntryID"].(string)+"')", map[string]any{"Currency": "USD"})
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, POST, DELETE" || errMsg(body) == "" {
		t.Errorf("PUT on a journal entry: %d Allow %q %v", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
	if resp, _ := f.do("DELETE", "cashflow/PaymentConditions(guid'0d000000-0000-4000-8000-000000000014')", nil); resp.StatusCode != 405 {
		t.Errorf("DELETE on PaymentConditions: %d, want 405", resp.StatusCode)
	}

	// An account with orders cannot be deleted.
	const account3 = "0e000000-0000-4000-8000-000000000003" // has no contacts
	f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": account3,
		"SalesOrderLines": []any{map[string]any{"Item": seedService}}})
	resp, body = f.do("DELETE", "crm/Accounts(guid'"+account3+"')", nil)
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "used by SalesOrder") {
		t.Errorf("deleting a referenced account: %d %v", resp.StatusCode, body)
	}
	if resp, _ := f.do("GET", "crm/Nope", nil); resp.StatusCode != 404 {
		t.Errorf("unknown entity: %d", resp.StatusCode)
	}
	if resp, _ := f.do("GET", "crm/Accounts(guid'xyz')", nil); resp.StatusCode != 400 {
		t.Errorf("bad key: %d", resp.StatusCode)
	}
}

func TestAcceptHeader(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := newRequest("GET", f.url("crm/Accounts"), f.token, "application/xml")
	resp, err := req.do()
	if err != nil {
		t.Fatal(err)
	}
	if resp != 406 {
		t.Errorf("Accept: application/xml got %d, want 406", resp)
	}
}

func TestErrorBodyAndNestedWrites(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "crm/Accounts", map[string]any{})
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(map[string]any)
	if e == nil || e["code"] != "" || m == nil || m["lang"] != "" || m["value"] != "Mandatory: Name" {
		t.Errorf("error body %v is not Exact's {error:{code,message:{lang,value}}}", body)
	}

	o := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
		"SalesOrderLines": map[string]any{"results": []any{map[string]any{"Item": seedWidget}}}})) // OData's wrapped form
	id := o["OrderID"].(string)
	resp, body = f.do("PUT", "salesorder/SalesOrders(guid'"+id+"')", map[string]any{"SalesOrderLines": []any{}})
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "use salesorder/SalesOrderLines") {
		t.Errorf("PUT with lines: %d %v", resp.StatusCode, body)
	}
	f.mustDo(204, "PUT", "salesorder/SalesOrders(guid'"+id+"')", map[string]any{"YourRef": "PO-9", "Status": 45}) // Status is read-only
	got := single(t, f.mustDo(200, "GET", "salesorder/SalesOrders(guid'"+id+"')", nil))
	if got["YourRef"] != "PO-9" || num(got["Status"]) != "12" || num(got["OrderNumber"]) != "1" {
		t.Errorf("after PUT: YourRef %v Status %v OrderNumber %v", got["YourRef"], got["Status"], got["OrderNumber"])
	}
	other := results(t, f.mustDo(200, "GET", "crm/Accounts(guid'"+seedAccount1+"')/BankAccounts", nil))
	if len(other) != 0 {
		t.Errorf("unemulated navigation property: %v", other)
	}
	if resp, _ := f.do("GET", "crm/Accounts(guid'"+seedAccount1+"')/Nope", nil); resp.StatusCode != 404 {
		t.Errorf("unknown navigation property: %d", resp.StatusCode)
	}
}
