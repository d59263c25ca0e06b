package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	avemu "github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// avExact is the AccountView ↔ Exact Online pair with both emulators
// seeded from the pair's folder.
type avExact struct {
	*pairHarness
	av       *avemu.Server
	exact    *exactemu.Server
	avTok    string
	exTok    string
	company  string
	division string
}

func startAVExact(t *testing.T) *avExact {
	t.Helper()
	f := &avExact{pairHarness: newPairHarness(t, "../../pipelines/accountview_exactonline"),
		company: "6f1c2d3e-4a5b-4c6d-8e7f-102030405060", division: "123456"}
	f.av, f.avTok = f.accountview(t)
	f.exact, f.exTok = f.exactonline(t)
	return f
}

// avRows reads one AccountView business object's table.
func (f *avExact) avRows(t *testing.T, bo, table string) []map[string]any {
	t.Helper()
	var page map[string][]map[string]any
	apiCallHeader(t, "GET", f.av.URL()+"/api/v3/accountviewdata?BusinessObject="+bo+"&PageSize=1000", f.avTok,
		map[string]string{"X-Company": f.company}, nil, &page)
	return page[table]
}

// avRow is the row of an AccountView table whose field equals value.
func (f *avExact) avRow(t *testing.T, bo, table, field, value string) map[string]any {
	t.Helper()
	for _, r := range f.avRows(t, bo, table) {
		if fmt.Sprint(r[field]) == value {
			return r
		}
	}
	return nil
}

// exactRows reads an Exact collection with an OData filter.
func (f *avExact) exactRows(t *testing.T, path, filter string) []map[string]any {
	t.Helper()
	var page struct {
		D struct{ Results []map[string]any } `json:"d"`
	}
	u := f.exact.URL() + "/api/v1/" + f.division + "/" + path
	if filter != "" {
		u += "?$filter=" + url.QueryEscape(filter)
	}
	apiCall(t, "GET", u, f.exTok, nil, &page)
	return page.D.Results
}

func (f *avExact) item(t *testing.T, code string) map[string]any {
	t.Helper()
	rows := f.exactRows(t, "logistics/Items", "Code eq '"+code+"'")
	if len(rows) != 1 {
		t.Fatalf("Exact has %d items %s", len(rows), code)
	}
	return rows[0]
}

// TestPairAccountViewExactOnline runs the flows of
// pipelines/accountview_exactonline against the two emulators.
func TestPairAccountViewExactOnline(t *testing.T) {
	f := startAVExact(t)

	// Customers: Korenaar, which Exact has by e-mail, is updated; the
	// Belgian company gets reverse-charge VAT and the EU revenue account.
	f.runExpect(t, "customers.hcl", "(3 created, 1 updated, 0 skipped, 0 unchanged)")
	acc := f.exactRows(t, "crm/Accounts", "Email eq 'achats@dupont.example'")
	if len(acc) != 1 || acc[0]["SalesVATCode"] != "5" || acc[0]["GLAccountSales"] != "0b000000-0000-4000-8000-000000008300" {
		t.Errorf("Belgian account = %v", acc)
	}
	if n := len(f.exactRows(t, "crm/Accounts", "Email eq 'inkoop@korenaar.example'")); n != 1 {
		t.Errorf("Korenaar exists %d times in Exact", n)
	}

	f.testContacts(t)

	// Products: items in their item group with the picture; the long
	// description Exact already has is left alone (create_only).
	f.runExpect(t, "products.hcl", "(1 created, 3 updated, 0 skipped, 0 unchanged)")
	meel := f.item(t, "MEEL-25")
	if meel["Notes"] != "Written by hand in Exact" || meel["ItemGroupCode"] != "BREAD" || meel["Picture"] == nil || meel["Unit"] != "bag" {
		t.Errorf("MEEL-25 = Notes %v, group %v, unit %v, picture %v", meel["Notes"], meel["ItemGroupCode"], meel["Unit"], meel["Picture"] != nil)
	}
	oven := f.item(t, "OVEN-60")
	if oven["Notes"] != "Elektrische steenoven, 60 cm, 400 V" || oven["ItemGroupCode"] != "EQUIP" {
		t.Errorf("created OVEN-60 = %v", oven)
	}
	if rows := f.exactRows(t, "logistics/Items", "Code eq 'OUD-01'"); len(rows) != 0 {
		t.Error("the blocked article was sent")
	}

	// The notes enriched in Exact survive a price change in AccountView.
	apiCall(t, "PUT", f.exact.URL()+"/api/v1/"+f.division+"/logistics/Items(guid'"+oven["ID"].(string)+"')", f.exTok,
		map[string]any{"Notes": "Enriched by hand in Exact"}, nil)
	f.avPut(t, "AK1", "ARTICLE", []string{"ART_CODE:C", "PX_SELL:Y"}, []any{"OVEN-60", 2600})
	f.runExpect(t, "products.hcl", "(0 created, 1 updated, 0 skipped")
	if oven := f.item(t, "OVEN-60"); fmt.Sprint(oven["StandardSalesPrice"]) != "2600" || oven["Notes"] != "Enriched by hand in Exact" {
		t.Errorf("after the price change OVEN-60 = price %v, notes %v", oven["StandardSalesPrice"], oven["Notes"])
	}

	// A variant product: an article listing sizes and colours becomes one
	// Exact item per combination, its attributes in free text fields; the
	// article itself is no item.
	f.avWrite(t, "POST", "AK1", "ARTICLE", []string{"ART_CODE:C", "ART_DESC1:C", "ART_DESC2:C", "AG_CODE:C", "VAT_CODE:C", "UNIT_CODE:C", "PX_SELL:Y"},
		[]any{"SCHORT", "Bakkersschort", "Maat: S,M; Kleur: wit,zwart", "BROOD", "2", "STK", 24.5})
	f.runExpect(t, "products.hcl", "(4 created, 0 updated, 0 skipped")
	for _, v := range [][2]string{{"S", "wit"}, {"S", "zwart"}, {"M", "wit"}, {"M", "zwart"}} {
		it := f.item(t, "SCHORT-"+strings.ToUpper(v[0]+"-"+v[1]))
		if it["Description"] != "Bakkersschort "+v[0]+" "+v[1] || it["FreeTextField_02"] != v[0] || it["FreeTextField_03"] != v[1] ||
			fmt.Sprint(it["StandardSalesPrice"]) != "24.5" {
			t.Errorf("variant %v = %v", v, it)
		}
	}
	if rows := f.exactRows(t, "logistics/Items", "Code eq 'SCHORT'"); len(rows) != 0 {
		t.Errorf("the variant article itself became an item: %v", rows)
	}
	f.runExpect(t, "products.hcl", "written 0")

	f.testOrders(t)
}

// testContacts sends the debtors' contact persons: a company's becomes an
// Exact contact of its account, a private person's account has none.
func (f *avExact) testContacts(t *testing.T) {
	karin := f.exactRows(t, "crm/Contacts", "Email eq 'karin@korenaar.example'")
	if len(karin) != 1 || karin[0]["Mobile"] == "06-12345678" {
		t.Fatalf("seeded contact of Korenaar = %v", karin)
	}
	f.runExpect(t, "contacts.hcl", "(1 created, 1 updated, 0 skipped, 0 unchanged)")

	// Korenaar's contact, which Exact had by e-mail, gets her mobile number.
	karin = f.exactRows(t, "crm/Contacts", "Email eq 'karin@korenaar.example'")
	if len(karin) != 1 || karin[0]["Mobile"] != "06-12345678" || karin[0]["IsMainContact"] != true {
		t.Errorf("Korenaar's contact = %v", karin)
	}
	// Dupont (a company): the account and its contact, linked both ways.
	dupont := f.exactRows(t, "crm/Accounts", "Email eq 'achats@dupont.example'")[0]
	marie := f.exactRows(t, "crm/Contacts", "Account eq guid'"+dupont["ID"].(string)+"'")
	if len(marie) != 1 || marie[0]["FirstName"] != "Marie" || marie[0]["LastName"] != "Dupont" ||
		marie[0]["Email"] != "achats@dupont.example" || marie[0]["IsMainContact"] != true {
		t.Fatalf("contacts of Dupont's account = %v", marie)
	}
	if acc := f.exactRows(t, "crm/Accounts", "Email eq 'achats@dupont.example'")[0]; acc["MainContact"] != marie[0]["ID"] {
		t.Errorf("Dupont's account names main contact %v, want %v", acc["MainContact"], marie[0]["ID"])
	}
	// Piet Bakker (a private person) is the account itself: his mobile
	// number is its phone, and it has no contact.
	piet := f.exactRows(t, "crm/Accounts", "Email eq 'piet.bakker@mail.example'")
	if len(piet) != 1 || piet[0]["Name"] != "Piet Bakker" || piet[0]["Phone"] != "06-87654321" || piet[0]["MainContact"] != nil {
		t.Fatalf("private person's account = %v", piet)
	}
	if cs := f.exactRows(t, "crm/Contacts", "Account eq guid'"+piet[0]["ID"].(string)+"'"); len(cs) != 0 {
		t.Errorf("the private person's account has contacts %v", cs)
	}

	// A second run writes nothing.
	f.exact.ResetCounts()
	f.runExpect(t, "customers.hcl", "written 0")
	f.runExpect(t, "contacts.hcl", "written 0")
	if n, w := countCalls(f.exact.Counts()); w != 0 {
		t.Errorf("a run over unchanged debtors made %d Exact writes: %v", w, f.exact.Counts())
	} else {
		t.Logf("steady state: customers.hcl and contacts.hcl over unchanged debtors cost %d Exact calls, no writes: %v", n, f.exact.Counts())
	}

	// A new mobile number of Dupont's contact person updates the contact
	// only: the account's fields did not change.
	f.avPut(t, "AR1", "CONTACT", []string{"SUB_NR:C", "TEL_MOB:C"}, []any{"10003", "+32 470 12 34 56"})
	f.exact.ResetCounts()
	f.runExpect(t, "customers.hcl", "written 0")
	f.runExpect(t, "contacts.hcl", "(0 created, 1 updated, 0 skipped")
	counts := f.exact.Counts()
	if counts["PUT /api/v1/{division}/crm/Contacts"] != 1 || counts["PUT /api/v1/{division}/crm/Accounts"] != 0 || counts["POST /api/v1/{division}/crm/Contacts"] != 0 {
		t.Errorf("a changed contact phone made these Exact calls: %v", counts)
	}
	if c := f.exactRows(t, "crm/Contacts", "Account eq guid'"+dupont["ID"].(string)+"'"); len(c) != 1 || c[0]["Mobile"] != "+32 470 12 34 56" {
		t.Errorf("Dupont's contact after the change = %v", c)
	}
}

// TestPairAccountViewExactOnlineContactBeforeAccount runs contacts.hcl
// before customers.hcl: a contact whose account Exact lacks is set aside
// with that reason and sent by a retry once the account exists.
func TestPairAccountViewExactOnlineContactBeforeAccount(t *testing.T) {
	f := startAVExact(t)
	out := f.run(t, "contacts.hcl")
	if !strings.Contains(out, "written 1, rejected 1") {
		t.Fatalf("contacts before customers: %s", out)
	}
	var logs, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &logs, stderr: &errb, getenv: func(string) (string, bool) { return "", false }}
	if code := runCLI(context.Background(), env, []string{"logs", "-state", f.state, "-set-aside", "-pipeline", "accountview_exactonline_contacts"}); code != exitOK ||
		!strings.Contains(logs.String(), `no exactonline/account with Email = "achats@dupont.example"`) {
		t.Errorf("set-aside contacts (exit %d): %s%s", code, logs.String(), errb.String())
	}
	if n := len(f.exactRows(t, "crm/Contacts", "Email eq 'achats@dupont.example'")); n != 0 {
		t.Fatalf("a contact without its account was created %d times", n)
	}
	f.runExpect(t, "customers.hcl", "(3 created, 1 updated")
	f.cli(t, "retry", "contacts.hcl")
	dupont := f.exactRows(t, "crm/Accounts", "Email eq 'achats@dupont.example'")
	marie := f.exactRows(t, "crm/Contacts", "Email eq 'achats@dupont.example'")
	if len(dupont) != 1 || len(marie) != 1 || marie[0]["Account"] != dupont[0]["ID"] {
		t.Errorf("after the retry: account %v, contact %v", dupont, marie)
	}
}

// avPut updates one AccountView row through the write format.
func (f *avExact) avPut(t *testing.T, bo, table string, fields []string, values []any) {
	t.Helper()
	f.avWrite(t, "PUT", bo, table, fields, values)
}

// avWrite inserts (POST) or updates (PUT) one AccountView row.
func (f *avExact) avWrite(t *testing.T, method, bo, table string, fields []string, values []any) {
	t.Helper()
	var defs []map[string]string
	for _, fld := range fields {
		name, typ, _ := strings.Cut(fld, ":")
		defs = append(defs, map[string]string{"Name": name, "FieldType": typ})
	}
	body := map[string]any{"BusinessObject": bo,
		"Table":     map[string]any{"Definition": map[string]any{"Name": table, "Fields": defs}},
		"TableData": map[string]any{"Data": map[string]any{"Rows": []any{map[string]any{"Values": values}}}}}
	apiCallHeader(t, method, f.av.URL()+"/api/v3/accountviewdata", f.avTok, map[string]string{"X-Company": f.company}, body, nil)
}

// testOrders sends Exact's orders to AccountView under both missing-product
// policies, then measures the calls of ten new orders in steady state.
func (f *avExact) testOrders(t *testing.T) {
	// EXACT-1 AccountView has is skipped; EXACT-2 (a private person, a
	// discount, a shipping line) is sent; EXACT-3 is set aside: MIXER-20
	// is no AccountView article, and its customer is not created either.
	f.runExpect(t, "orders.hcl", "written 1, rejected 1", "-var", "missing_product=error")
	so2 := f.avRow(t, "SO1", "SO_HDR", "COMMENT1", "EXACT-2")
	jan := f.avRow(t, "AR1", "CONTACT", "MAIL_BUS", "jan.jansen@mail.example")
	// A private person: a debtor under their own name, no contact person.
	if so2 == nil || jan == nil || so2["RPL_INV"] != jan["SUB_NR"] || jan["ACCT_NAME"] != "Jan Jansen" || jan["MAIN_CONT"] != "" {
		t.Fatalf("order EXACT-2 %v, new private debtor %v", so2, jan)
	}
	if f.avRow(t, "AR1", "CONTACT", "MAIL_BUS", "commandes@leclerc.example") != nil {
		t.Error("the order set aside for its missing article created its debtor")
	}
	var lines []map[string]any
	for _, l := range f.avRows(t, "SO1", "SO_LINE") {
		if l["ORD_NR"] == so2["ORD_NR"] {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || fmt.Sprint(lines[0]["ART_PX"]) != "5.85" || lines[1]["ART_CODE"] != "VERZEND" {
		t.Errorf("lines of EXACT-2 = %v (net price after 10%% discount, shipping line)", lines)
	}
	if n := len(f.avRows(t, "SO1", "SO_HDR")); n != 2 {
		t.Errorf("AccountView has %d orders, want 2 (EXACT-1 not twice)", n)
	}

	// All orders again, now creating missing articles.
	f.runExpect(t, "orders.hcl", "written 1, rejected 0", "-full", "-var", "missing_product=create")
	if a := f.avRow(t, "AK1", "ARTICLE", "ART_CODE", "MIXER-20"); a == nil || a["ART_DESC1"] != "Deegmenger 20 liter" {
		t.Errorf("created article MIXER-20 = %v", a)
	}
	lec := f.avRow(t, "AR1", "CONTACT", "MAIL_BUS", "commandes@leclerc.example")
	// A company: the account's name, its main contact as contact person.
	if lec == nil || lec["ACCT_NAME"] != "Boulangerie Leclerc" || lec["MAIN_CONT"] != "Luc Leclerc" ||
		lec["MC_MAILB"] != "luc@leclerc.example" || lec["VAT_CODE"] != "5" || lec["IS_COMP"] == true {
		t.Errorf("new company debtor = %v", lec)
	}
	so3 := f.avRow(t, "SO1", "SO_HDR", "COMMENT1", "EXACT-3")
	for _, l := range f.avRows(t, "SO1", "SO_LINE") {
		if so3 != nil && l["ORD_NR"] == so3["ORD_NR"] && l["VAT_CODE"] != "5" {
			t.Errorf("a line of the Belgian order has VAT code %v, want 5", l["VAT_CODE"])
		}
	}

	const n = 10
	for i := 0; i < n; i++ {
		acc := []string{"0e000000-0000-4000-8000-000000000002", "0e000000-0000-4000-8000-000000000003"}[i%2]
		apiCall(t, "POST", f.exact.URL()+"/api/v1/"+f.division+"/salesorder/SalesOrders", f.exTok, map[string]any{
			"OrderedBy": acc, "OrderDate": "2026-02-02",
			"SalesOrderLines": []map[string]any{
				{"Item": "1a000000-0000-4000-8000-000000000001", "Quantity": 1 + i},
				{"Item": "1a000000-0000-4000-8000-000000000003", "Quantity": 1},
			}}, nil)
	}
	debtors := len(f.avRows(t, "AR1", "CONTACT"))
	f.av.ResetCounts()
	f.exact.ResetCounts()
	f.runExpect(t, "orders.hcl", fmt.Sprintf("written %d, rejected 0", n))
	at, aw := countCalls(f.av.Counts())
	et, _ := countCalls(f.exact.Counts())
	t.Logf("steady state: %d new orders of known customers and articles cost %d Exact and %d AccountView calls (%.1f per order; %d AccountView writes): %v",
		n, et, at, float64(et+at)/n, aw, f.av.Counts())
	if got := len(f.avRows(t, "SO1", "SO_HDR")); got != 3+n {
		t.Errorf("AccountView has %d orders, want %d", got, 3+n)
	}
	if got := len(f.avRows(t, "AR1", "CONTACT")); got != debtors {
		t.Errorf("AccountView has %d debtors, want the %d it had", got, debtors)
	}
	f.av.ResetCounts()
	f.runExpect(t, "orders.hcl", "read 0")
	if _, w := countCalls(f.av.Counts()); w != 0 {
		t.Errorf("a run over no new orders made %d AccountView writes", w)
	}
}

// TestPairAccountViewExactOnlineJournal sends the same Exact orders as
// AccountView sales journal entries, the other order type.
func TestPairAccountViewExactOnlineJournal(t *testing.T) {
	f := startAVExact(t)
	f.runExpect(t, "orders_journal.hcl", "written 3, rejected 0", "-var", "order_type=journal_entry")
	pages := f.avRows(t, "DJ1", "DJ_PAGE")
	if len(pages) != 3 {
		t.Fatalf("AccountView has %d journal pages, want 3", len(pages))
	}
	lines := f.avRows(t, "DJ1", "DJ_LINE")
	if len(lines) != 6 {
		t.Fatalf("AccountView has %d journal lines, want 6", len(lines))
	}
	for _, l := range lines {
		be := l["ACCT_NR"] == "8300"
		if be && (l["VAT_CODE"] != "5" || fmt.Sprint(l["VAT_AMT"]) != "0") || !be && l["VAT_CODE"] == "5" {
			t.Errorf("journal line %v: Belgian lines go to 8300 with reverse-charge VAT, Dutch ones to 8000", l)
		}
	}
	f.runExpect(t, "orders_journal.hcl", "written 0", "-full", "-var", "order_type=journal_entry")
	if n := len(f.avRows(t, "DJ1", "DJ_PAGE")); n != 3 {
		t.Errorf("after a second full run AccountView has %d journal pages", n)
	}
}
