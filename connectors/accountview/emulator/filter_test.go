package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFoxDate(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	cases := []struct {
		in, wire string
		hasTime  bool
		ok       bool
	}{
		{"{^2024-01-31}", "2024-01-31T00:00:00", false, true},
		{"{^2024-01-31 10:05:09}", "2024-01-31T10:05:09", true, true},
		{"{^2024/1/31T10:05}", "2024-01-31T10:05:00", true, true},
		{"{^2024-01-31 12:30 AM}", "2024-01-31T00:30:00", true, true},
		{"{^2024-01-31 1:00 pm}", "2024-01-31T13:00:00", true, true},
		{"{}", "", false, true},
		{"2024-01-31", "2024-01-31T00:00:00", false, true},
		{"2024-01-31T10:00:00Z", "2024-01-31T11:00:00", true, true}, // UTC to Amsterdam winter time
		{"{^2024-02-30}", "", false, false},
		{"{^2024-13-01}", "", false, false},
		{"{2024-01-31}", "", false, false}, // FoxPro's strict literals need the caret
		{"{^2024-01-31 25:00}", "", false, false},
		{"31-01-2024", "", false, false},
	}
	for _, c := range cases {
		got, ok := parseFoxDate(c.in, loc)
		if ok != c.ok || (ok && (got.wire != c.wire || got.hasTime != c.hasTime)) {
			t.Errorf("parseFoxDate(%q) = %+v, %t; want %q, %t, %t", c.in, got, ok, c.wire, c.hasTime, c.ok)
		}
	}
}

// filter runs a read with one filter group and returns the keys found.
func (f *fixture) filter(bo, table, key, src, op, vt, value string, extra ...string) []string {
	f.t.Helper()
	kv := append([]string{"FilterControlSource1", src, "FilterOperator1", op, "FilterValueType1", vt,
		"FilterValue1", value, "FilterIsListOfValues1", "false"}, extra...)
	var out []string
	for _, r := range f.get(bo, kv...).rows(f.t, table) {
		out = append(out, strOf(r[key]))
	}
	return out
}

func TestFilterGroups(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		name             string
		bo, table, key   string
		src, op, vt, val string
		extra            []string
		want             string
	}{
		{"e-mail equal, any case", "AR1", "CONTACT", "SUB_NR", "MAIL_BUS", "Equal", "C", "INFO@vandam-fietsen.example", nil, "10002"},
		{"qualified lower-case source", "AR1", "CONTACT", "SUB_NR", "contact.city", "Equal", "C", "haarlem", nil, "10002"},
		{"contains", "AR1", "CONTACT", "SUB_NR", "ACCT_NAME", "Contains", "C", "van", nil, "10002"},
		{"not contains", "AR1", "CONTACT", "SUB_NR", "ACCT_NAME", "NotContains", "C", "a", nil, ""},
		{"starts with", "AK1", "ARTICLE", "ART_CODE", "ART_CODE", "StartsWith", "C", "b", nil, "BAND-28"},
		{"not equal", "AR1", "CONTACT", "SUB_NR", "CNT_CODE", "NotEqual", "C", "NL", nil, "10004"},
		{"number greater", "AK1", "ARTICLE", "ART_CODE", "PX_SELL", "Greater", "N", "20", nil, "BAND-28,LAMP-LED"},
		{"number less or equal", "AK1", "ARTICLE", "ART_CODE", "QTY_AVAIL", "LessOrEqual", "N", "3", nil, "KETTING-8,OUD-01"},
		{"logical", "AK1", "ARTICLE", "ART_CODE", "REC_BLK", "Equal", "L", ".T.", nil, "OUD-01"},
		{"list of values", "AR1", "CONTACT", "SUB_NR", "SUB_NR", "Equal", "C", "10001,10003,99999", []string{"FilterIsListOfValues1", "true"}, "10001,10003"},
		{"list, not equal", "AR1", "CONTACT", "SUB_NR", "SUB_NR", "NotEqual", "C", "10001,10003", []string{"FilterIsListOfValues1", "true"}, "10002,10004"},
		{"date on or after", "DJ1", "DJ_PAGE", "DJ_CODE", "TRN_DATE", "DateOnOrAfterDate", "D", "{^2025-03-06}", nil, "MEM"},
		{"date before", "DJ1", "DJ_PAGE", "DJ_CODE", "TRN_DATE", "DateBeforeDate", "D", "{^2025-03-31}", nil, "VKB"},
		{"date equal", "DJ1", "DJ_PAGE", "DJ_CODE", "TRN_DATE", "Equal", "D", "{^2025-03-05}", nil, "VKB"},
		{"empty date", "SO1", "SO_HDR", "ORD_NR", "INV_DATE", "Equal", "D", "{}", nil, "1"},
		{"detail field: any line", "DJ1", "DJ_PAGE", "DJ_CODE", "DJ_LINE.ACCT_NR", "Equal", "C", "8010", nil, "VKB"},
		{"second group narrows", "AR1", "CONTACT", "SUB_NR", "ACCT_NR", "Equal", "C", "1300",
			[]string{"FilterControlSource2", "CITY", "FilterOperator2", "Equal", "FilterValueType2", "C", "FilterValue2", "Amersfoort"}, "10001"},
	}
	for _, c := range cases {
		got := strings.Join(f.filter(c.bo, c.table, c.key, c.src, c.op, c.vt, c.val, c.extra...), ",")
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestFilterGroupErrors(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		kv   []string
		nr   int
		want string
	}{
		{[]string{"FilterControlSource1", "NOPE", "FilterOperator1", "Equal", "FilterValue1", "x"}, errNrUnknownName, "NOPE"},
		{[]string{"FilterControlSource1", "SUB_NR", "FilterOperator1", "Like", "FilterValue1", "x"}, errNrSyntax, "Like"},
		{[]string{"FilterControlSource1", "CNG_DATE", "FilterOperator1", "Equal", "FilterValueType1", "C", "FilterValue1", "x"}, errNrTypeMismatch, "does not fit"},
		{[]string{"FilterControlSource1", "CNG_DATE", "FilterOperator1", "DateOnOrAfterDate", "FilterValueType1", "T", "FilterValue1", "{^2025-13-01}"}, errNrSyntax, "date literal"},
		{[]string{"FilterControlSource1", "ACCT_NAME", "FilterOperator1", "DateOnOrAfterDate", "FilterValueType1", "C", "FilterValue1", "x"}, errNrTypeMismatch, "date operator"},
		{[]string{"FilterOperator1", "Equal", "FilterValue1", "x"}, errNrSyntax, "FilterControlSource1"},
		{[]string{"FilterControlSource1", "SUB_NR", "FilterOperator1", "Equal"}, errNrSyntax, "FilterValue1"},
		{[]string{"FilterControlSource1", "SUB_NR", "FilterOperator1", "Contains", "FilterValue1", "1,2", "FilterIsListOfValues1", "true"}, errNrSyntax, "Equal or NotEqual"},
	}
	for _, c := range cases {
		f.get("AR1", c.kv...).wantError(t, http.StatusBadRequest, c.nr, c.want)
	}
}

func TestIncrementalReadOnChangeDate(t *testing.T) {
	f := newFixture(t, Options{})
	since := "{^" + f.e.Now().In(f.e.Location()).Add(time.Minute).Format("2006-01-02 15:04:05") + "}"
	if got := f.filter("AR1", "CONTACT", "SUB_NR", "CNG_DATE", "DateOnOrAfterDate", "T", since); len(got) != 0 {
		t.Fatalf("nothing changed yet, got %v", got)
	}
	f.clock.Advance(10 * time.Minute)
	r := f.do(http.MethodPut, "/api/v3/accountviewdata", nil, write("AR1", "CONTACT",
		[]field{{"SUB_NR", "C"}, {"TEL_BUS", "C"}}, [][]any{{"10003", "073-9999999"}}), nil)
	if r.status != http.StatusOK || r.body["ErrorMessage"] != nil {
		t.Fatalf("update: %d %s", r.status, r.raw)
	}
	// The date-only form would include everything written today.
	got := f.filter("AR1", "CONTACT", "SUB_NR", "CNG_DATE", "DateOnOrAfterDate", "T", since)
	if strings.Join(got, ",") != "10003" {
		t.Fatalf("changed since %s: %v", since, got)
	}
	today := "{^" + f.e.Now().In(f.e.Location()).Format("2006-01-02") + "}"
	if got := f.filter("AR1", "CONTACT", "SUB_NR", "CNG_DATE", "DateOnOrAfterDate", "D", today); len(got) != 4 {
		t.Fatalf("changed since today: %v", got)
	}
}

func TestFilterExpression(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct{ expr, want string }{
		{"contact.city='Haarlem'", "10002"},
		{"CITY = 'haarlem' OR cnt_code == 'BE'", "10002,10004"},
		{"!EMPTY(VAT_NR) .AND. NOT cnt_code = \"BE\"", "10001"},
		{"INLIST(SUB_NR, '10001', '10003')", "10001,10003"},
		{"'vandam' $ MAIL_BUS", "10002"},
		{"BLK_SP = .T.", "10003"},
		{"CNG_DATE >= {^2025-03-14} AND (UPPER(SRC_CODE) = [DUPONT])", "10004"},
		{"BETWEEN(SUB_NR, '10002', '10003')", "10002,10003"},
	}
	for _, c := range cases {
		var got []string
		for _, r := range f.get("AR1", "Filter", c.expr).rows(t, "CONTACT") {
			got = append(got, r["SUB_NR"].(string))
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("Filter %s: got %v, want %s", c.expr, got, c.want)
		}
	}
	errs := []struct {
		expr string
		nr   int
	}{
		{"CITY = 3", errNrTypeMismatch},
		{"CITY = 'x' AND", errNrSyntax},
		{"NOPE = 'x'", errNrUnknownName},
		{"(CITY = 'x'", errNrSyntax},
		{"CITY", errNrTypeMismatch},
		{"DEL_ADDR.CITY = 'x'", errNrUnknownName},
		{"SOUNDEX(CITY) = 'x'", errNrUnknownName},
		{"CITY = 'x", errNrSyntax},
	}
	for _, c := range errs {
		f.get("AR1", "Filter", c.expr).wantError(t, http.StatusBadRequest, c.nr, "Filter")
	}
}

func TestDataDictionary(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do(http.MethodGet, "/api/v3/accountviewsystemdata",
		map[string][]string{"businessobject": {"fld"}, "PageSize": {"1000"}, "Filter": {"dct_fld.dbf_name='VAT'"}}, nil, nil)
	rows := r.rows(t, "DCT_FLD")
	if len(rows) != 19 {
		t.Fatalf("VAT has %d dictionary fields, want 19", len(rows))
	}
	for _, row := range rows {
		if row["FIELD_NAME"] == "VAT_CODE" && (row["FIELD_TYPE"] != "C" || num(row["FIELD_LEN"]) != "2" || row["INP_MAND"] != true) {
			t.Errorf("VAT_CODE entry %v", row)
		}
	}
	r = f.do(http.MethodGet, "/api/v3/accountviewfields", map[string][]string{"BusinessObject": {"SO1"}}, nil, nil)
	tables := map[string]bool{}
	for _, row := range r.rows(t, "DCT_FLD") {
		tables[row["DBF_NAME"].(string)] = true
	}
	if len(tables) != 2 || !tables["SO_HDR"] || !tables["SO_LINE"] {
		t.Fatalf("fields of SO1 come from %v", tables)
	}
	r = f.do(http.MethodGet, "/api/v3/accountviewsystembusinessobjects", nil, nil, nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.raw), `{"Code":"VA1","Description":"BTW-codes","InsertAllowed":false`) {
		t.Fatalf("business objects: %d %s", r.status, r.raw)
	}
}
