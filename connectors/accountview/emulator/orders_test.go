package emulator

import (
	"net/http"
	"testing"
	"time"
)

var (
	orderFields = []field{{"RowId", "C"}, {"INV_DATE", "T"}, {"RPL_INV", "C"}, {"DEL_DATE", "T"}, {"COMMENT1", "C"}, {"ORD_DATE", "T"}, {"RPL_DEL", "C"}, {"TO_EMAIL", "C"}}
	lineFields  = []field{{"RowId", "C"}, {"HeaderId", "C"}, {"DEL_DATE", "T"}, {"ART_CODE", "C"}, {"ORD_QTY", "N"}, {"ART_PX", "N"}}
)

// order is a sales order as [AV-PHP] posts it: header and lines in one
// write, dates as ISO strings with milliseconds and Z.
func order(ref, debtor string, lines ...[]any) map[string]any {
	const when = "2025-03-14T09:15:00.000Z"
	var rows [][]any
	for i, l := range lines {
		rows = append(rows, append([]any{i + 1, 1, when}, l...))
	}
	return write("SO1", "SO_HDR", orderFields, [][]any{{1, when, debtor, when, ref, when, debtor, "shop@example.com"}},
		"SO_LINE", lineFields, rows)
}

func (f *fixture) stock(code string) (string, string) {
	f.t.Helper()
	a := f.get("AK1", "FilterControlSource1", "ART_CODE", "FilterOperator1", "Equal", "FilterValueType1", "C", "FilterValue1", code).rows(f.t, "ARTICLE")[0]
	return num(a["QTY_AVAIL"]), a["CNG_DATE"].(string)
}

func TestPostSalesOrderWithLines(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(50 * time.Minute)
	r := f.post(order("WEB-2001", "10001", []any{"MEEL-25", 3, nil}, []any{"GIST-500", 2, 2.999}))
	h := r.rows(t, "SO_HDR")[0]
	lines := r.rows(t, "SO_LINE")
	if h["ORD_NR"] != "2" || h["COMMENT1"] != "WEB-2001" || h["ORD_DATE"] != "2025-03-14T10:15:00" || h["REC_ID"] != "0000000002" {
		t.Fatalf("header ORD_NR %v COMMENT1 %v ORD_DATE %v REC_ID %v", h["ORD_NR"], h["COMMENT1"], h["ORD_DATE"], h["REC_ID"])
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	l := lines[0]
	if l["ART_DESC1"] != "Tarwebloem 25 kg" || num(l["ART_PX"]) != "18.95" || num(l["LINE_AMT"]) != "56.85" ||
		l["VAT_CODE"] != "1" || l["ORD_NR"] != "2" || num(l["REC_ORD"]) != "1" || num(l["SO_HDR_Id"]) != num(h["SO_HDR_Id"]) {
		t.Fatalf("line 1 from the article: %v", l)
	}
	if num(lines[1]["LINE_AMT"]) != "5.998" || num(lines[1]["REC_ORD"]) != "2" {
		t.Fatalf("line 2 amount %v", lines[1]["LINE_AMT"])
	}
	if num(h["ORD_AMT"]) != "62.848" {
		t.Fatalf("ORD_AMT %v, want 56.85 + 5.998", h["ORD_AMT"])
	}
	// The order reserved stock, and the article shows as changed.
	if q, cng := f.stock("MEEL-25"); q != "117" || cng != "2025-03-14T11:50:00" {
		t.Fatalf("MEEL-25 after the order: QTY_AVAIL %s CNG_DATE %s", q, cng)
	}
	// The order is found again by its reference.
	got := f.filter("SO1", "SO_HDR", "ORD_NR", "COMMENT1", "Equal", "C", "web-2001")
	if len(got) != 1 || got[0] != "2" {
		t.Fatalf("by COMMENT1: %v", got)
	}
}

func TestSalesOrderRefusals(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		name string
		body any
		nr   int
		want string
	}{
		{"unknown article", order("X", "10001", []any{"MEEL-25", 1, nil}, []any{"NOPE", 1, nil}), errNrReference, "article \"NOPE\""},
		{"unknown debtor", order("X", "99999", []any{"MEEL-25", 1, nil}), errNrReference, "debtor \"99999\""},
		{"blocked debtor", order("X", "10003", []any{"MEEL-25", 1, nil}), errNrBlocked, "blocked for orders"},
		{"blocked article", order("X", "10001", []any{"OUD-01", 1, nil}), errNrBlocked, "OUD-01 is blocked"},
		{"no lines", write("SO1", "SO_HDR", []field{{"RPL_INV", "C"}}, [][]any{{"10001"}}), errNrMandatory, "at least 1 SO_LINE"},
		{"no quantity", write("SO1", "SO_HDR", []field{{"RowId", "C"}, {"RPL_INV", "C"}}, [][]any{{1, "10001"}},
			"SO_LINE", []field{{"RowId", "C"}, {"HeaderId", "C"}, {"ART_CODE", "C"}}, [][]any{{1, 1, "MEEL-25"}}), errNrMandatory, "ORD_QTY"},
		{"foreign delivery address", write("SO1", "SO_HDR", []field{{"RowId", "C"}, {"RPL_INV", "C"}, {"DEL_CODE", "C"}}, [][]any{{1, "10001", "0000000002"}},
			"SO_LINE", lineFields[1:], [][]any{{1, "2025-03-14", "MEEL-25", 1, nil}}), errNrReference, "belongs to debtor 10002"},
		{"line number written", write("SO1", "SO_HDR", []field{{"RowId", "C"}, {"RPL_INV", "C"}}, [][]any{{1, "10001"}},
			"SO_LINE", []field{{"HeaderId", "C"}, {"ART_CODE", "C"}, {"ORD_QTY", "N"}, {"LINE_AMT", "Y"}}, [][]any{{1, "MEEL-25", 1, 5}}), errNrReadOnly, "LINE_AMT"},
	}
	for _, c := range cases {
		f.post(c.body).wantError(t, http.StatusOK, c.nr, c.want)
	}
	if q, _ := f.stock("MEEL-25"); q != "120" {
		t.Fatalf("refused orders changed stock: %s", q)
	}
	if n := len(f.get("SO1").rows(t, "SO_HDR")); n != 1 {
		t.Fatalf("refused orders were stored: %d orders", n)
	}
	// An order may take stock below zero (a backorder).
	f.post(order("X", "10002", []any{"KETTING-8", 2, nil})).rows(t, "SO_HDR")
	if q, _ := f.stock("KETTING-8"); q != "-2" {
		t.Fatalf("KETTING-8: %s", q)
	}
}
