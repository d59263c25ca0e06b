package emulator

import (
	"net/http"
	"testing"
)

var (
	pageFields = []field{{"RowId", "C"}, {"DJ_CODE", "C"}, {"HDR_DESC", "C"}, {"TRN_DATE", "D"}, {"SUB_NR", "C"}, {"INV_NR", "C"}}
	jLineField = []field{{"RowId", "C"}, {"HeaderId", "C"}, {"ACCT_NR", "C"}, {"AMOUNT", "Y"}, {"TRN_DATE", "D"}, {"VAT_CODE", "C"}, {"VAT_AMT", "Y"}}
)

func page(code, desc, sub string, lines ...[]any) map[string]any {
	var rows [][]any
	for i, l := range lines {
		rows = append(rows, append([]any{i + 1, 1}, l...))
	}
	return write("DJ1", "DJ_PAGE", pageFields, [][]any{{1, code, desc, "2025-04-02", sub, ""}}, "DJ_LINE", jLineField, rows)
}

func TestPostJournalPage(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.post(page("mem", "Afschrijving april", "",
		[]any{"4000", 100.10, "2025-04-02", "", nil}, []any{"1000", -100.10, "2025-04-02", "", nil}))
	p := r.rows(t, "DJ_PAGE")[0]
	lines := r.rows(t, "DJ_LINE")
	if p["DJ_CODE"] != "MEM" || p["PAGE_NR"] != "2" || num(p["PAGE_NRV"]) != "2" || num(p["PERIOD"]) != "4" || num(p["PAGE_AMT"]) != "0" {
		t.Fatalf("page DJ_CODE %v PAGE_NR %v PERIOD %v PAGE_AMT %v", p["DJ_CODE"], p["PAGE_NR"], p["PERIOD"], p["PAGE_AMT"])
	}
	for i, l := range lines {
		if l["DJ_CODE"] != "MEM" || l["PAGE_NR"] != "2" || l["SRC_ID"] != "2" || num(l["SRC_TYPE"]) != "1" ||
			num(l["REC_ORD"]) != itoa(i+1) || l["REC_ID"] == "" || num(l["DJ_PAGE_Id"]) != num(p["DJ_PAGE_Id"]) {
			t.Fatalf("line %d: %v", i+1, l)
		}
	}
	// Page numbers count per journal: the first sales page is 2 as well,
	// after the seeded one.
	s := f.post(page("VKB", "Factuur 2025-0002", "10002",
		[]any{"8000", -50, "2025-04-02", "2", -10.5})).rows(t, "DJ_PAGE")[0]
	if s["PAGE_NR"] != "2" || num(s["PAGE_AMT"]) != "-50" || num(s["PAGE_VAT"]) != "-10.5" {
		t.Fatalf("sales page %v %v %v", s["PAGE_NR"], s["PAGE_AMT"], s["PAGE_VAT"])
	}
}

func TestJournalPageRefusals(t *testing.T) {
	f := newFixture(t, Options{})
	ok := []any{"4000", 10, "2025-04-02", "", nil}
	cases := []struct {
		name string
		body any
		nr   int
		want string
	}{
		{"unbalanced memorial", page("MEM", "x", "", ok, []any{"1000", -9.99, "2025-04-02", "", nil}), errNrUnbalanced, "add up to 0.01"},
		{"unknown journal", page("XYZ", "x", "", ok), errNrReference, "journal \"XYZ\""},
		{"sales page without debtor", page("VKB", "x", "", ok), errNrMandatory, "needs SUB_NR"},
		{"unknown ledger account", page("MEM", "x", "", []any{"9999", 0, "2025-04-02", "", nil}), errNrReference, "ledger account \"9999\""},
		{"line without date", page("MEM", "x", "", []any{"4000", 0, nil, "", nil}), errNrMandatory, "TRN_DATE"},
		{"no description", page("MEM", "", "", ok, []any{"1000", -10, "2025-04-02", "", nil}), errNrMandatory, "HDR_DESC"},
		{"line of another journal", write("DJ1", "DJ_PAGE", pageFields, [][]any{{1, "MEM", "x", "2025-04-02", "", ""}},
			"DJ_LINE", []field{{"HeaderId", "C"}, {"DJ_CODE", "C"}, {"ACCT_NR", "C"}, {"TRN_DATE", "D"}}, [][]any{{1, "BNK", "4000", "2025-04-02"}}),
			errNrUnchangeable, "differs from its header"},
		{"duplicate page number", write("DJ1", "DJ_PAGE", []field{{"RowId", "C"}, {"DJ_CODE", "C"}, {"PAGE_NR", "C"}, {"HDR_DESC", "C"}}, [][]any{{1, "MEM", "1", "x"}},
			"DJ_LINE", []field{{"HeaderId", "C"}, {"ACCT_NR", "C"}, {"TRN_DATE", "D"}}, [][]any{{1, "4000", "2025-04-02"}}),
			errNrDuplicate, "DJ_CODE+PAGE_NR MEM/1"},
	}
	for _, c := range cases {
		f.post(c.body).wantError(t, http.StatusOK, c.nr, c.want)
	}
	if n := len(f.get("DJ1").rows(t, "DJ_PAGE")); n != 2 {
		t.Fatalf("refused pages were stored: %d pages", n)
	}
}
