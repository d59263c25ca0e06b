package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// bigSeed is a company with n debtors (SUB_NR 10001…) and n journal pages.
func bigSeed(n int) *bytes.Reader {
	doc := map[string]any{
		"companies": []any{map[string]any{"Id": demoCompany, "Code": "DEMO",
			"Journals": []any{map[string]any{"DJ_CODE": "MEM", "DJ_NAME": "Memoriaal", "DJ_TYPE": "memorial"}}}},
		"LEDGER": []any{map[string]any{"ACCT_NR": "1300", "ACCT_NAME": "Debiteuren"}, map[string]any{"ACCT_NR": "4000", "ACCT_NAME": "Kosten"}},
	}
	var debtors, pages []any
	for i := 1; i <= n; i++ {
		debtors = append(debtors, map[string]any{"SUB_NR": fmt.Sprint(10000 + i), "ACCT_NR": "1300",
			"ACCT_NAME": fmt.Sprintf("Klant %03d", n+1-i), "SRC_CODE": fmt.Sprint("K", i), "CITY": []string{"Utrecht", "Delft", "Breda"}[i%3]})
		pages = append(pages, map[string]any{"DJ_CODE": "MEM", "HDR_DESC": fmt.Sprint("Pagina ", i), "DJ_LINE": []any{
			map[string]any{"ACCT_NR": "4000", "AMOUNT": i, "TRN_DATE": "2025-01-02"},
			map[string]any{"ACCT_NR": "1300", "AMOUNT": -i, "TRN_DATE": "2025-01-02"}}})
	}
	doc["CONTACT"], doc["DJ_PAGE"] = debtors, pages
	data, _ := json.Marshal(doc)
	return bytes.NewReader(data)
}

func subNrs(rows []map[string]any) string {
	var out []string
	for _, r := range rows {
		out = append(out, r["SUB_NR"].(string))
	}
	return strings.Join(out, ",")
}

func TestPagingByPageNumber(t *testing.T) {
	f := newFixture(t, Options{Seed: bigSeed(7)})
	var pages []string
	for p := 1; ; p++ {
		rows := f.get("AR1", "PageSize", "3", "PageNumber", fmt.Sprint(p)).rows(t, "CONTACT")
		pages = append(pages, subNrs(rows))
		if len(rows) < 3 {
			break
		}
	}
	want := []string{"10001,10002,10003", "10004,10005,10006", "10007"}
	if strings.Join(pages, "|") != strings.Join(want, "|") {
		t.Fatalf("pages %v, want %v", pages, want)
	}
	if rows := f.get("AR1", "PageSize", "3", "PageNumber", "9").rows(t, "CONTACT"); len(rows) != 0 {
		t.Fatalf("page past the end has %d rows", len(rows))
	}
}

func TestPagingByLastKey(t *testing.T) {
	f := newFixture(t, Options{Seed: bigSeed(7)})
	var got []string
	last := ""
	for calls := 0; calls < 10; calls++ {
		kv := []string{"PageSize", "3"}
		if last != "" {
			kv = append(kv, "lastKey", last)
		}
		rows := f.get("ar1", kv...).rows(t, "CONTACT") // [AV-RB] sends the code in lower case
		got = append(got, subNrs(rows))
		if len(rows) < 3 {
			break
		}
		last = rows[len(rows)-1]["SUB_NR"].(string)
	}
	if s := strings.Join(got, "|"); s != "10001,10002,10003|10004,10005,10006|10007" {
		t.Fatalf("keyset pages %s", s)
	}

	// DJ_PAGE pages by its row id; the lines come with their pages only.
	r := f.get("DJ1", "PageSize", "2", "lastKey", "3")
	pages, lines := r.rows(t, "DJ_PAGE"), r.rows(t, "DJ_LINE")
	if len(pages) != 2 || num(pages[0]["DJ_PAGE_Id"]) != "4" || num(pages[1]["DJ_PAGE_Id"]) != "5" {
		t.Fatalf("DJ_PAGE after 3: %v", pages)
	}
	if len(lines) != 4 {
		t.Fatalf("%d lines for 2 pages, want 4", len(lines))
	}
	for _, l := range lines {
		if id := num(l["DJ_PAGE_Id"]); id != "4" && id != "5" {
			t.Fatalf("line of page %s on a page of 4 and 5", id)
		}
	}
	f.get("DJ1", "lastKey", "abc").wantError(t, http.StatusBadRequest, 0, "lastKey")
}

func TestPagingLimits(t *testing.T) {
	f := newFixture(t, Options{})
	f.get("AR1", "PageSize", "1001").wantError(t, http.StatusBadRequest, 0, "PageSize")
	f.get("AR1", "PageNumber", "0").wantError(t, http.StatusBadRequest, 0, "PageNumber")
	f.get("AR1", "PageNumber", "2", "lastKey", "10001").wantError(t, http.StatusBadRequest, 0, "cannot be combined")
	f.get("AR1", "lastKey", "10001", "SortFields", "ACCT_NAME").wantError(t, http.StatusBadRequest, 0, "SortFields")
	f.get("XX9").wantError(t, http.StatusBadRequest, 0, "unknown BusinessObject")
	f.do(http.MethodGet, "/api/v3/accountviewdata", nil, nil, nil).wantError(t, http.StatusBadRequest, 0, "BusinessObject")
	// PageSize 0, as [AV-GO] sends when unset, means the default.
	if rows := f.get("AR1", "PageSize", "0").rows(t, "CONTACT"); len(rows) != 4 {
		t.Fatalf("PageSize 0: %d rows", len(rows))
	}
}

func TestSortFieldsAndOrder(t *testing.T) {
	f := newFixture(t, Options{Seed: bigSeed(5)})
	// ACCT_NAME runs backwards to SUB_NR in bigSeed.
	rows := f.get("AR1", "SortFields", "contact.acct_name").rows(t, "CONTACT")
	if s := subNrs(rows); s != "10005,10004,10003,10002,10001" {
		t.Fatalf("by name: %s", s)
	}
	rows = f.get("AR1", "SortFields", "CITY, SUB_NR", "SortOrder", "Descending").rows(t, "CONTACT")
	if s := subNrs(rows); s != "10003,10004,10001,10005,10002" {
		t.Fatalf("by city, number descending: %s", s)
	}
	f.get("AR1", "SortFields", "NOPE").wantError(t, http.StatusBadRequest, 0, "NOPE")
	f.get("AR1", "SortOrder", "sideways").wantError(t, http.StatusBadRequest, 0, "SortOrder")
}

func TestFieldsProjection(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.get("AR1", "Fields", "contact.acct_name, contact.mail_bus")
	rows := r.rows(t, "CONTACT")
	if len(rows[0]) != 4 || rows[0]["ACCT_NAME"] == nil || rows[0]["SUB_NR"] == nil || rows[0]["CONTACT_Id"] == nil {
		t.Fatalf("projected row %v, want ACCT_NAME, MAIL_BUS, SUB_NR and CONTACT_Id", rows[0])
	}
	if _, ok := r.body["DEL_ADDR"]; ok {
		t.Errorf("DEL_ADDR returned though Fields names none of its fields")
	}
	r = f.get("SO1", "Fields", "SO_HDR.ORD_NR,so_line.art_code")
	if l := r.rows(t, "SO_LINE")[0]; l["ART_CODE"] == nil || l["SO_HDR_Id"] == nil || l["ORD_QTY"] != nil {
		t.Fatalf("projected line %v", l)
	}
	f.get("AR1", "Fields", "contact.nope").wantError(t, http.StatusBadRequest, 0, "NOPE")
}

func TestSingleRowAsObject(t *testing.T) {
	f := newFixture(t, Options{SingleRowAsObject: true})
	r := f.get("AK1", "FilterControlSource1", "ART_CODE", "FilterOperator1", "Equal", "FilterValueType1", "C", "FilterValue1", "MEEL-25")
	if obj, ok := r.body["ARTICLE"].(map[string]any); !ok || obj["ART_CODE"] != "MEEL-25" {
		t.Fatalf("one row should be an object: %s", r.raw)
	}
	if rows := f.get("AK1").rows(t, "ARTICLE"); len(rows) != 6 {
		t.Fatalf("several rows stay an array: %d", len(rows))
	}
}
