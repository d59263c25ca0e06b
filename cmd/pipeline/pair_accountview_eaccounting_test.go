package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const avEaDir = "../../pipelines/accountview_eaccounting"

// avTables reads an AccountView business object from the emulator as
// AccountView answers it: rows keyed by table (SO1 gives SO_HDR and
// SO_LINE).
func avTables(t *testing.T, base, token, company, bo string) map[string][]map[string]any {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/api/v3/accountviewdata?BusinessObject="+bo+"&PageSize=1000", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Company", company)
	req.Header.Set("Accept", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string][]map[string]any
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", bo, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPairAccountViewEAccounting runs the shipped AccountView ↔ eAccounting
// flows end to end: products with variants and a create-only note edited
// by hand, stock and a stock change, customers both ways without
// ping-pong, orders with new and existing debtors, a company abroad and a
// private person, a shipping line, a discount, an order already sent, a
// missing product under both policies, and the calls an order costs in
// steady state.
func TestPairAccountViewEAccounting(t *testing.T) {
	h := newPairHarness(t, avEaDir)
	ea, eaTok := h.eaccounting(t)
	av, avTok := h.accountview(t)
	company := av.Companies()[0].ID
	eac := eaccountingClient(t, ea.URL(), eaTok)
	avRows := func(bo, table string) []map[string]any { return avTables(t, av.URL(), avTok, company, bo)[table] }
	eaArticles := func() []map[string]any { return eac.list("/v2/articles") }

	// Products: the variants MAND-S and MAND-L and the blocked OUD-BLIK are
	// created; the four eAccounting has are updated.
	if s := h.run(t, "products.hcl"); !strings.Contains(s, "3 created") {
		t.Fatalf("products run 1: %s", s)
	}
	arts := eaArticles()
	mandS := pairOne(t, arts, "Number", "MAND-S")
	pairOne(t, arts, "Number", "MAND-L")
	if mandS["Note"] != "Rieten broodmand; maat S (variant van MAND)." || pairStr(mandS["GrossPrice"]) != "9.08" {
		t.Errorf("MAND-S in eAccounting: %v", mandS)
	}
	if b := pairOne(t, arts, "Number", "OUD-BLIK"); b["IsActive"] != false {
		t.Errorf("the blocked article arrived active")
	}
	if m := pairOne(t, arts, "Number", "MEEL-25"); fmt.Sprint(m["Barcodes"]) != "[map[Barcode:8712345000017 BarcodeType:0]]" {
		t.Errorf("MEEL-25 barcodes: %v", m["Barcodes"])
	}

	// The note is edited by hand in eAccounting; then the article's name
	// and long description change in AccountView (written here by a
	// one-off pipeline, as a user would type them in). The update brings
	// the name and leaves the note alone.
	mandS["Note"] = "Aangevuld in eAccounting: handgevlochten."
	eac.call("PUT", "/v2/articles/"+pairStr(mandS["Id"]), mandS)
	edit := filepath.Join(t.TempDir(), "edit.hcl")
	input := filepath.Join(t.TempDir(), "edit.ndjson")
	mustWrite := func(path, content string) {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(input, `{"ART_CODE":"MAND-S","ART_DESC1":"Broodmand riet S","ART_DESC2":"Nieuwe tekst","AG_CODE":"DIVERS","VAT_CODE":"2"}`+"\n")
	mustWrite(edit, fmt.Sprintf(`
variable "accountview_url" { default = "" }
variable "calls_per_minute" { default = 0 }
pipeline "edit" {
  source "ndjson" { path = %q }
  target "accountview" {
    schema     = "accountview/article"
    connection = "accountview"
    base_url   = var.accountview_url
    company    = %q
    client_id  = env("ACCOUNTVIEW_CLIENT_ID")
    calls_per_minute = var.calls_per_minute
    key_field  = "ART_CODE"
    on_exists  = "update"
  }
  map {
    ART_CODE  = "source.ART_CODE"
    ART_DESC1 = "source.ART_DESC1"
    ART_DESC2 = "source.ART_DESC2"
    AG_CODE   = "source.AG_CODE"
    VAT_CODE  = "source.VAT_CODE"
  }
}`, input, company))
	editHarness := *h
	editHarness.dir, editHarness.vars = filepath.Dir(edit), []string{"-var", "accountview_url=" + av.URL(), "-var", "calls_per_minute=100000"}
	editHarness.state = filepath.Join(t.TempDir(), "edit.db")
	if s := editHarness.run(t, "edit.hcl"); !strings.Contains(s, "1 updated") {
		t.Fatalf("editing AccountView: %s", s)
	}
	if s := h.run(t, "products.hcl"); !strings.Contains(s, "1 updated") {
		t.Fatalf("products run 2: %s", s)
	}
	mandS = pairOne(t, eaArticles(), "Number", "MAND-S")
	if mandS["Name"] != "Broodmand riet S" || mandS["Note"] != "Aangevuld in eAccounting: handgevlochten." {
		t.Errorf("after the update MAND-S reads %q / %q", mandS["Name"], mandS["Note"])
	}

	// Stock: eAccounting gets AccountView's available stock.
	h.run(t, "stock.hcl")
	stockMatches := func() {
		t.Helper()
		byCode := map[string]map[string]any{}
		for _, a := range eaArticles() {
			byCode[pairStr(a["Number"])] = a
		}
		for _, a := range avRows("AK1", "ARTICLE") {
			e := byCode[pairStr(a["ART_CODE"])]
			if e == nil || e["IsStock"] != true {
				continue
			}
			if got, want := pairStr(e["StockBalance"]), pairStr(a["QTY_AVAIL"]); got != want {
				t.Errorf("%s: eAccounting stock %s, AccountView available %s", a["ART_CODE"], got, want)
			}
		}
	}
	stockMatches()

	// Orders: EA-5 is in AccountView already, EA-4 is a draft, EA-3 has
	// ZEEP-NL, which AccountView lacks, and is set aside. Martin (a French
	// company) and Sophie Jansen (a private person) are new debtors;
	// Korenaar exists.
	if s := h.run(t, "orders.hcl"); !strings.Contains(s, "written 2, rejected 1") || !strings.Contains(s, "1 skipped") {
		t.Fatalf("orders run 1: %s", s)
	}
	debtors := avRows("AR1", "CONTACT")
	martin := pairOne(t, debtors, "MAIL_BUS", "commandes@martin.example")
	// AccountView has no company flag (IS_COMP means "is my competitor",
	// never set): a company is a debtor with a VAT number or a contact
	// person of its own.
	if martin["SUB_NR"] != "20001" || martin["VAT_NR"] != "FR12345678901" || martin["IS_COMP"] == true || martin["CNT_CODE"] != "FR" {
		t.Errorf("Martin in AccountView: %v", martin)
	}
	// Classification: Martin's eAccounting label Export became the new
	// debtor's relation group (customer_groups.csv).
	if martin["RPL_GRP"] != "EXPORT" {
		t.Errorf("Martin's relation group: %v", martin["RPL_GRP"])
	}
	so := avTables(t, av.URL(), avTok, company, "SO1")
	hdrs := so["SO_HDR"]
	linesOf := func(hdr map[string]any) []map[string]any {
		var out []map[string]any
		for _, l := range so["SO_LINE"] {
			if pairStr(l["SO_HDR_Id"]) == pairStr(hdr["SO_HDR_Id"]) {
				out = append(out, l)
			}
		}
		return out
	}
	pairOne(t, hdrs, "COMMENT1", "EA-5")
	ea1 := pairOne(t, hdrs, "COMMENT1", "EA-1")
	if l := linesOf(ea1); ea1["RPL_INV"] != "10001" || len(l) != 2 || l[1]["ART_CODE"] != "BEZORG" {
		t.Errorf("EA-1 (existing debtor, shipping line): %v %v", ea1, l)
	}
	ea2 := pairOne(t, hdrs, "COMMENT1", "EA-2")
	if l := linesOf(ea2); ea2["RPL_INV"] != "20001" || len(l) != 1 || l[0]["VAT_CODE"] != "4" || pairStr(l[0]["ART_PX"]) != "3.04" {
		t.Errorf("EA-2 (French company: VAT code 4, 5%% discount netted): %v %v", ea2, l)
	}
	// The other policy: the set-aside order goes through on retry, with
	// its article created first.
	if s := h.cli(t, "retry", "orders.hcl", "-var", "missing_product=create"); !strings.Contains(s, "written 1") {
		t.Fatalf("retry with missing_product=create: %s", s)
	}
	pairOne(t, avRows("AK1", "ARTICLE"), "ART_CODE", "ZEEP-NL")
	sophie := pairOne(t, avRows("AR1", "CONTACT"), "MAIL_BUS", "sophie.jansen@example.com")
	if sophie["VAT_NR"] != "" || sophie["MAIN_CONT"] != "" || sophie["IS_COMP"] == true {
		t.Errorf("Sophie Jansen arrived as a company: %v", sophie)
	}
	if hdr := pairOne(t, avTables(t, av.URL(), avTok, company, "SO1")["SO_HDR"], "COMMENT1", "EA-3"); hdr["RPL_INV"] != sophie["SUB_NR"] {
		t.Errorf("EA-3 booked on %v, want Sophie's %v", hdr["RPL_INV"], sophie["SUB_NR"])
	}

	// A stock change: the orders lowered AccountView's stock of MEEL-25 and
	// OLIE-1L; the next stock run sends exactly those two (BEZORG and the
	// new ZEEP-NL keep no stock in eAccounting).
	h.resetCounts()
	if s := h.run(t, "stock.hcl"); !strings.Contains(s, "written 2,") {
		t.Fatalf("stock after the orders: %s", s)
	}
	if n := h.count("eaccounting", "PUT /v2/articles/"); n != 2 {
		t.Errorf("%d article updates, want 2", n)
	}
	stockMatches()

	// Customers both ways, without ping-pong: each flow once, then each
	// again writes nothing.
	h.run(t, "customers.hcl")
	h.run(t, "customers_back.hcl")
	h.resetCounts()
	for _, flow := range []string{"customers.hcl", "customers_back.hcl", "customers.hcl"} {
		h.run(t, flow)
	}
	if _, writes := h.calls(); writes != 0 {
		t.Errorf("customers bounced between the systems: %d writes after both flows ran; %v / %v", writes, ea.Counts(), av.Counts())
	}
	julia := pairOne(t, eac.list("/v2/customers"), "EmailAddress", "julia.deboer@example.com")
	if julia["IsPrivatePerson"] != true || julia["CustomerNumber"] != "10002" {
		t.Errorf("Julia de Boer in eAccounting: %v", julia)
	}
	// Julia has no relation group: she was created with the default label,
	// which came back to AccountView as the default group, and stopped.
	if got := pairLabel(julia); got != "Overig" {
		t.Errorf("Julia's label: %q", got)
	}
	if d := pairOne(t, avRows("AR1", "CONTACT"), "SUB_NR", "10002"); d["RPL_GRP"] != "OVERIG" {
		t.Errorf("Julia's relation group: %v", d["RPL_GRP"])
	}
	// Korenaar, which eAccounting had without a label, keeps its group.
	if d := pairOne(t, avRows("AR1", "CONTACT"), "SUB_NR", "10001"); d["RPL_GRP"] != "GROOTHAND" {
		t.Errorf("Korenaar's relation group: %v", d["RPL_GRP"])
	}
	// A change on one side travels once. The flow that reads the echo
	// maps a payload unlike the one it wrote last, looks the customer up
	// and finds those values there already, so it writes nothing. Naming
	// the integration's AccountView user (integration_user) also leaves
	// the debtors it changed itself out, sparing that lookup.
	for _, c := range []struct{ phone, user string }{{"06-12345678", ""}, {"06-87654321", h.env["ACCOUNTVIEW_CLIENT_ID"]}} {
		if c.user != "" {
			h.vars = append(h.vars, "-var", "integration_user="+c.user)
		}
		julia["Telephone"] = c.phone
		eac.call("PUT", "/v2/customers/"+pairStr(julia["Id"]), julia)
		h.resetCounts()
		h.run(t, "customers_back.hcl")
		h.run(t, "customers.hcl")
		if _, writes := h.calls(); writes != 1 {
			t.Errorf("integration_user %q: one changed customer made %d writes, want 1: %v / %v", c.user, writes, ea.Counts(), av.Counts())
		}
		if d := pairOne(t, avRows("AR1", "CONTACT"), "SUB_NR", "10002"); d["TEL_BUS"] != c.phone {
			t.Errorf("the phone did not reach AccountView: %v", d["TEL_BUS"])
		}
	}

	// Steady state: new orders of a known customer and known articles,
	// once the orders flow has caught up with the changes above.
	h.run(t, "orders.hcl")
	korenaar := pairOne(t, eac.list("/v2/customers"), "EmailAddress", "inkoop@korenaar.example")
	meel := pairOne(t, eaArticles(), "Number", "MEEL-25")
	newOrder := func(ref string) {
		eac.call("POST", "/v2/orders", map[string]any{"CustomerId": korenaar["Id"], "CurrencyCode": "EUR", "OrderDate": "2026-02-01", "Status": 2,
			"YourReference": ref, "EuThirdParty": false, "ReverseChargeOnConstructionServices": false, "RotReducedInvoicingType": 0,
			"Rows": []any{map[string]any{"LineNumber": 1, "ArticleId": meel["Id"], "Quantity": 3, "IsTextRow": false, "IsWorkCost": false, "EligibleForReverseChargeOnVat": false}}})
	}
	h.steadyState(t, "orders.hcl", newOrder, "KOR-1", "KOR-2")

	// The other order type (order_type = journal_entry): the same orders
	// as sales journal pages, on the revenue account of the customer's
	// country: every order so far, the two of the steady state included.
	if s := h.run(t, "orders_journal.hcl", "-var", "order_type=journal_entry"); !strings.Contains(s, "written 6") {
		t.Fatalf("orders_journal: %s", s)
	}
	dj := avTables(t, av.URL(), avTok, company, "DJ1")
	page := pairOne(t, dj["DJ_PAGE"], "INV_NR", "EA-2")
	var lines []map[string]any
	for _, l := range dj["DJ_LINE"] {
		if pairStr(l["DJ_PAGE_Id"]) == pairStr(page["DJ_PAGE_Id"]) {
			lines = append(lines, l)
		}
	}
	if page["SUB_NR"] != "20001" || page["PAY_TYPE"] != "OVERBOEKING" || len(lines) != 1 || lines[0]["ACCT_NR"] != "8100" || lines[0]["VAT_CODE"] != "4" {
		t.Errorf("EA-2 as a journal page: %v %v", page, lines)
	}
	h.resetCounts()
	h.run(t, "orders_journal.hcl", "-var", "order_type=journal_entry")
	if _, writes := h.calls(); writes != 0 {
		t.Errorf("a second journal run wrote %d times", writes)
	}
}
