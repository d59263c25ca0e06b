package emulator

import (
	"slices"
	"testing"
	"time"
)

func lineOf(t *testing.T, doc map[string]any, i int) map[string]any {
	t.Helper()
	lines := doc["lines"].([]any)
	return lines[i].(map[string]any)
}

func TestSalesOrderTotalsAndStock(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(2 * time.Hour) // 12:00Z, 13:00 in Amsterdam
	f.token = mustToken(t, f.e)
	order := map[string]any{
		"debtorId": debtorGroen, "reference": "WEB-2002",
		"lines": []any{
			map[string]any{"articleId": articleRoos, "quantity": 3},                                                 // 37.50, 9% → 3.375 → 3.38
			map[string]any{"articleId": articlePot, "quantity": 1, "unitPrice": 18.05},                              // 18.05, 21% → 3.7905 → 3.79
			map[string]any{"articleId": articleAdv, "quantity": 1.5, "discountPercentage": 12.5},                    // 97.50 - 12.1875 = 85.3125 → 85.31, 21% → 17.9151 → 17.92
			map[string]any{"description": "Bezorging", "quantity": 1, "unitPrice": 0.5, "salesTypeId": salesTypeHi}, // 0.50, 0.105 → 0.11 (half away from zero)
		},
	}
	r := f.do("POST", "/v1/SalesOrderWithLines", order)
	if r.status != 201 {
		t.Fatalf("create order: %d %s", r.status, r.raw)
	}
	o := r.body
	if r.header.Get("Location") != "/v1/SalesOrderWithLines/"+str(o["id"]) {
		t.Errorf("Location %q", r.header.Get("Location"))
	}
	if o["number"] != jsonNum(2) || o["status"] != "Open" || o["orderDate"] != "2025-03-14" || o["paymentConditionId"] != jsonNum(2) {
		t.Errorf("server-filled order fields: %v %v %v %v", o["number"], o["status"], o["orderDate"], o["paymentConditionId"])
	}
	wantLines := [][4]string{ // description, unitPrice, amountExclVat, vatAmount
		{"Rode rozen, bos van 10", "12.50", "37.50", "3.38"},
		{"Terracotta pot 30 cm", "18.05", "18.05", "3.79"},
		{"Tuinadvies per uur", "65.00", "85.31", "17.92"},
		{"Bezorging", "0.5", "0.50", "0.11"},
	}
	for i, w := range wantLines {
		ln := lineOf(t, o, i)
		got := [4]string{str(ln["description"]), str(ln["unitPrice"]), str(ln["amountExclVat"]), str(ln["vatAmount"])}
		if got != w || ln["lineNumber"] != jsonNum(i+1) {
			t.Errorf("line %d: %v (number %v), want %v", i, got, ln["lineNumber"], w)
		}
	}
	if lineOf(t, o, 0)["vatCodeId"] != jsonNum(2) || lineOf(t, o, 3)["vatCodeId"] != jsonNum(1) {
		t.Error("VAT codes do not follow the sales types")
	}
	if str(o["totalExclVat"]) != "141.36" || str(o["totalVat"]) != "25.20" || str(o["totalInclVat"]) != "166.56" {
		t.Errorf("totals %v %v %v", o["totalExclVat"], o["totalVat"], o["totalInclVat"])
	}

	// Stock moved for the stock articles only, and they count as modified.
	changed := items(t, f.must(200, "GET", "/v1/articles?modifiedSince=2025-03-14T12:00:00Z", nil))
	stock := map[string]string{}
	for _, a := range changed {
		stock[a["code"].(string)] = str(a["currentStock"])
	}
	if len(stock) != 2 || stock["ROOS-ROOD-10"] != "33" || stock["POT-TERRA-30"] != "12" {
		t.Errorf("stock after the order: %v", stock)
	}
	if adv := f.must(200, "GET", "/v1/articles/4", nil); adv["currentStock"] != jsonNum(0) {
		t.Errorf("service article stock %v", adv["currentStock"])
	}
	// Stock may go negative.
	f.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 3, "lines": []any{map[string]any{"articleId": articlePot, "quantity": 20}}})
	if pot := f.must(200, "GET", "/v1/articles/2", nil); pot["currentStock"] != jsonNum(-8) {
		t.Errorf("stock below zero: %v", pot["currentStock"])
	}
	// The order reads back as created.
	back := f.must(200, "GET", "/v1/SalesOrderWithLines/"+str(o["id"]), nil)
	if str(back["totalInclVat"]) != "166.56" || len(back["lines"].([]any)) != 4 {
		t.Errorf("read back: %v", back)
	}
}

func TestSalesLineRules(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v1/SalesOrderWithLines", map[string]any{
		"debtorId": 99,
		"lines": []any{
			map[string]any{"quantity": 1},
			map[string]any{"articleId": articleRoos, "quantity": 0, "discountPercentage": 120},
			map[string]any{"articleId": 999, "quantity": 1},
			"not a line",
		},
	}, "Accept-Language", "en")
	if r.status != 400 {
		t.Fatalf("status %d %s", r.status, r.raw)
	}
	got := errorsOf(t, r.body)
	want := map[string]string{
		"debtorId":                    "Debtor 99 does not exist in this administration.",
		"lines[0].description":        "The lines[0].description field is required on a line without an article.",
		"lines[0].unitPrice":          "The lines[0].unitPrice field is required on a line without an article.",
		"lines[0].salesTypeId":        "The lines[0].salesTypeId field is required on a line without an article.",
		"lines[1].quantity":           "The field lines[1].quantity must not be zero.",
		"lines[1].discountPercentage": "The field lines[1].discountPercentage must be between 0 and 100.",
		"lines[2].articleId":          "Article 999 does not exist in this administration.",
		"lines[3]":                    "The value of lines[3] is not a valid object.",
	}
	for k, msg := range want {
		if len(got[k]) != 1 || got[k][0] != msg {
			t.Errorf("%s: %v, want %q", k, got[k], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v", got)
	}
	if r := f.do("POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 1, "lines": []any{}}, "Accept-Language", "en"); errorsOf(t, r.body)["lines"][0] != "The field lines must contain at least 1 line(s)." {
		t.Errorf("no lines: %s", r.raw)
	}
	// Nothing moved.
	if a := f.must(200, "GET", "/v1/articles/1", nil); a["currentStock"] != jsonNum(36) {
		t.Errorf("stock after rejected orders: %v", a["currentStock"])
	}
}

func TestSalesInvoice(t *testing.T) {
	f := newFixture(t, Options{})
	inv := f.must(201, "POST", "/v1/salesinvoices", map[string]any{"debtorId": 3, "invoiceDate": "2025-02-20",
		"lines": []any{map[string]any{"articleId": articlePot, "quantity": 2}}})
	if inv["number"] != jsonNum(2) || inv["dueDate"] != "2025-03-06" || inv["paymentConditionId"] != jsonNum(1) || str(inv["totalInclVat"]) != "48.28" {
		t.Errorf("invoice: number %v due %v condition %v total %v", inv["number"], inv["dueDate"], inv["paymentConditionId"], inv["totalInclVat"])
	}
	if pot := f.must(200, "GET", "/v1/articles/2", nil); pot["currentStock"] != jsonNum(13) {
		t.Errorf("an invoice moved stock: %v", pot["currentStock"])
	}
	// A given due date and condition win; the invoice date defaults to the
	// Dutch date: 23:30Z on the 14th is already the 15th in Amsterdam.
	f.clock.Set(time.Date(2025, 3, 14, 23, 30, 0, 0, time.UTC))
	f.token = mustToken(t, f.e)
	inv2 := f.must(201, "POST", "/v1/salesinvoices", map[string]any{"debtorId": 2, "dueDate": "2025-04-01", "paymentConditionId": 2,
		"lines": []any{map[string]any{"articleId": articleAdv, "quantity": 1}}})
	if inv2["invoiceDate"] != "2025-03-15" || inv2["dueDate"] != "2025-04-01" || inv2["paymentConditionId"] != jsonNum(2) {
		t.Errorf("second invoice: %v %v %v", inv2["invoiceDate"], inv2["dueDate"], inv2["paymentConditionId"])
	}
	if got := ids(items(t, f.must(200, "GET", "/v1/salesinvoices?debtorId=2", nil))); !slices.Equal(got, []string{str(inv2["id"])}) {
		t.Errorf("invoices of debtor 2: %v", got)
	}
}

func TestJournalEntry(t *testing.T) {
	f := newFixture(t, Options{})
	je := f.must(201, "POST", "/v1/journalentries", map[string]any{"journalCode": "MEM", "entryDate": "2025-03-31", "description": "Correctie",
		"lines": []any{
			map[string]any{"ledgerAccountNumber": "1300", "debit": 100.10, "debtorId": 1},
			map[string]any{"ledgerAccountNumber": "8000", "credit": 82.73},
			map[string]any{"ledgerAccountNumber": "1671", "credit": 17.37, "vatCodeId": 1},
		}})
	if je["number"] != jsonNum(2) || lineOf(t, je, 2)["lineNumber"] != jsonNum(3) || str(lineOf(t, je, 1)["debit"]) != "0" {
		t.Errorf("journal entry: %v", je)
	}
	r := f.do("POST", "/v1/journalentries", map[string]any{"journalCode": "MEM", "entryDate": "31-03-2025", "description": "Fout",
		"lines": []any{
			map[string]any{"ledgerAccountNumber": "1300", "debit": 10, "credit": 5},
			map[string]any{"ledgerAccountNumber": "8000", "credit": -3},
			map[string]any{"debit": 1},
		}}, "Accept-Language", "en-US")
	got := errorsOf(t, r.body)
	want := map[string]string{
		"entryDate":                    "The value of entryDate is not a valid date (yyyy-mm-dd).",
		"lines[0]":                     "Enter either a debit or a credit amount on each line, not both.",
		"lines[1].credit":              "The field lines[1].credit must not be negative.",
		"lines[2].ledgerAccountNumber": "The lines[2].ledgerAccountNumber field is required.",
		"lines":                        "The entry does not balance: debit 11.00, credit 2.00.",
	}
	for k, msg := range want {
		if len(got[k]) != 1 || got[k][0] != msg {
			t.Errorf("%s: %v, want %q", k, got[k], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v", got)
	}
}

func mustToken(t *testing.T, e *Emulator) string {
	t.Helper()
	tok, err := e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}
