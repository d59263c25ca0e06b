package emulator

import (
	"net/http"
	"strings"
	"testing"
)

var debtorFields = []field{{"RowId", "C"}, {"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}, {"MAIL_BUS", "C"}, {"POST_CODE", "C"}}

func TestPostDebtorAssignsNumber(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Nieuwe Klant BV", "NIEUW", "nieuw@klant.example", "3511 ab"}}))
	rows := r.rows(t, "CONTACT")
	c := rows[0]
	if c["SUB_NR"] != "10005" || c["POST_CODE"] != "3511 AB" || c["CNG_DATE"] != "2025-03-14T11:00:00" || num(c["CNG_NR"]) != "1" {
		t.Fatalf("stored debtor: SUB_NR %v POST_CODE %v CNG_DATE %v CNG_NR %v", c["SUB_NR"], c["POST_CODE"], c["CNG_DATE"], c["CNG_NR"])
	}
	if c["CNG_USR"] != strings.ToUpper(DefaultClientID) || c["CUR_CODE"] != "EUR" {
		t.Errorf("CNG_USR %v CUR_CODE %v", c["CNG_USR"], c["CUR_CODE"])
	}
	// [AV-PHP] finds the new debtor again by e-mail.
	got := f.filter("AR1", "CONTACT", "SUB_NR", "MAIL_BUS", "Equal", "C", "nieuw@klant.example")
	if strings.Join(got, ",") != "10005" {
		t.Fatalf("found by e-mail: %v", got)
	}
	// A number the client chose is kept, and later numbers follow it.
	f.post(write("AR1", "CONTACT", append(debtorFields, field{"SUB_NR", "C"}),
		[][]any{{"1", "1300", "Eigen nummer", "EIGEN", "", "", "20000"}})).rows(t, "CONTACT")
	c = f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Daarna", "DAARNA", "", ""}})).rows(t, "CONTACT")[0]
	if c["SUB_NR"] != "20001" {
		t.Fatalf("next number after 20000: %v", c["SUB_NR"])
	}
}

// TestPHPStyleWrite sends the body as [AV-PHP] builds it: lower-case member
// names, RowId first as a number, FieldType T for a date.
func TestPHPStyleWrite(t *testing.T) {
	f := newFixture(t, Options{})
	body := `{"BookDate":"2025-03-14T10:00:00.000Z","BusinessObject":"ADDR","Table":{"Definition":{"Name":"DEL_ADDR","Fields":[
		{"name":"RowId","FieldType":"C"},{"name":"SUB_NR","FieldType":"C"},{"name":"DEL_NAME","FieldType":"C"},
		{"name":"ADDRESS1","FieldType":"C"},{"name":"POST_CODE","FieldType":"C"},{"name":"CITY","FieldType":"C"},
		{"name":"CNT_CODE","FieldType":"C"}]}},
		"TableData":{"Data":{"Rows":[{"values":[1,"10001","Magazijn","Havenweg 1","3812 xx","Amersfoort","nl"]}]}}}`
	a := f.post(body).rows(t, "DEL_ADDR")[0]
	if a["REC_ID"] != "0000000003" || a["SUB_NR"] != "10001" || a["CNT_CODE"] != "NL" {
		t.Fatalf("stored address %v", a)
	}
	rows := f.get("ADDR", "FilterControlSource1", "SUB_NR", "FilterOperator1", "Equal", "FilterValueType1", "C", "FilterValue1", "10001").rows(t, "DEL_ADDR")
	if len(rows) != 2 {
		t.Fatalf("debtor 10001 has %d delivery addresses, want 2", len(rows))
	}
}

func TestPostDebtorWithDeliveryAddresses(t *testing.T) {
	f := newFixture(t, Options{})
	body := write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Met Adressen", "ADRES", "", ""}},
		"DEL_ADDR", []field{{"RowId", "C"}, {"HeaderId", "C"}, {"DEL_NAME", "C"}, {"CITY", "C"}},
		[][]any{{"1", "1", "Depot Noord", "Groningen"}, {"2", "1", "Depot Zuid", "Maastricht"}})
	r := f.post(body)
	addrs := r.rows(t, "DEL_ADDR")
	if len(addrs) != 2 || addrs[0]["SUB_NR"] != "10005" || addrs[1]["SUB_NR"] != "10005" || addrs[0]["REC_ID"] == addrs[1]["REC_ID"] {
		t.Fatalf("addresses %v", addrs)
	}
	// A read of the debtor returns its addresses.
	r = f.get("AR1", "FilterControlSource1", "SUB_NR", "FilterOperator1", "Equal", "FilterValue1", "10005")
	if len(r.rows(t, "DEL_ADDR")) != 2 {
		t.Fatalf("read: %s", r.raw)
	}
}

func TestWriteRowErrorsAnswer200(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		name   string
		fields []field
		values []any
		nr     int
		want   string
	}{
		{"mandatory", []field{{"ACCT_NR", "C"}, {"SRC_CODE", "C"}}, []any{"1300", "X"}, errNrMandatory, "ACCT_NAME"},
		{"too long", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}}, []any{"1300", strings.Repeat("x", 41), "X"}, errNrTooLong, "longer than 40"},
		{"unknown field", []field{{"ACCT_NR", "C"}, {"ACCT_NAAM", "C"}}, []any{"1300", "x"}, errNrUnknownField, "ACCT_NAAM"},
		{"read-only field", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}, {"ACCT_BAL", "Y"}}, []any{"1300", "x", "X", 10}, errNrReadOnly, "ACCT_BAL"},
		{"type family", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "L"}}, []any{"1300", true}, errNrBadValue, "FieldType L"},
		{"bad number", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}, {"DISC_PCT", "N"}}, []any{"1300", "x", "X", "abc"}, errNrBadValue, "not a number"},
		{"bad date", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}, {"VAT_DATE", "D"}}, []any{"1300", "x", "X", "31-01-2025"}, errNrBadValue, "not a date"},
		{"duplicate", []field{{"SUB_NR", "C"}, {"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}}, []any{"10002", "1300", "x", "X"}, errNrDuplicate, "SUB_NR 10002 already exists"},
		{"reference", []field{{"ACCT_NR", "C"}, {"ACCT_NAME", "C"}, {"SRC_CODE", "C"}}, []any{"1210", "x", "X"}, errNrReference, "ledger account \"1210\""},
	}
	for _, c := range cases {
		r := f.post(write("AR1", "CONTACT", c.fields, [][]any{c.values}))
		r.wantError(t, http.StatusOK, c.nr, c.want)
	}
	if n := len(f.get("AR1").rows(t, "CONTACT")); n != 4 {
		t.Fatalf("refused writes stored debtors: %d, want 4", n)
	}
}

func TestWriteIsAllOrNothing(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.post(write("AR1", "CONTACT", debtorFields, [][]any{
		{"1", "1300", "Eerste", "EERSTE", "", ""},
		{"2", "9999", "Tweede", "TWEEDE", "", ""},
	}))
	r.wantError(t, http.StatusOK, errNrReference, "CONTACT row 2 (RowId 2)")
	if n := len(f.get("AR1").rows(t, "CONTACT")); n != 4 {
		t.Fatalf("first row of a refused write was kept: %d debtors", n)
	}
	// The number the failed write took is free again.
	c := f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Eerste", "EERSTE", "", ""}})).rows(t, "CONTACT")[0]
	if c["SUB_NR"] != "10005" {
		t.Fatalf("SUB_NR after a rolled-back write: %v", c["SUB_NR"])
	}
}

func TestWriteStructureErrorsAnswer400(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		body any
		want string
	}{
		{"{not json", "not a valid AccountView write"},
		{write("ZZ9", "CONTACT", debtorFields, [][]any{{"1", "1300", "x", "X", "", ""}}), "unknown BusinessObject"},
		{write("AR1", "ARTICLE", debtorFields, [][]any{{"1", "1300", "x", "X", "", ""}}), "is not CONTACT"},
		{write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300"}}), "2 values for 6 fields"},
		{write("AR1", "CONTACT", debtorFields, nil), "Rows is empty"},
		{write("AR1", "CONTACT", []field{{"RowId", "C"}, {"ACCT_NAME", "C"}, {"acct_name", "C"}}, [][]any{{"1", "x", "y"}}), "twice"},
		{write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "x", "X", "", ""}, {"1", "1300", "y", "Y", "", ""}}), "RowId \"1\" is used twice"},
		{write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "x", "X", "", ""}},
			"DEL_ADDR", []field{{"RowId", "C"}, {"HeaderId", "C"}, {"DEL_NAME", "C"}}, [][]any{{"1", "7", "x"}}), "HeaderId \"7\""},
		{write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "x", "X", "", ""}},
			"SO_LINE", []field{{"RowId", "C"}, {"HeaderId", "C"}}, [][]any{{"1", "1"}}), "not a detail table"},
		{write("VA1", "VAT", []field{{"VAT_CODE", "C"}}, [][]any{{"9"}}), "does not allow inserts"},
	}
	for _, c := range cases {
		f.post(c.body).wantError(t, http.StatusBadRequest, 0, c.want)
	}
	r := f.do(http.MethodPost, "/api/v3/accountviewdata", nil, `{}`, map[string]string{"Content-Type": "text/plain"})
	r.wantError(t, http.StatusUnsupportedMediaType, 0, "media type")
	r = f.do(http.MethodDelete, "/api/v3/accountviewdata", nil, nil, nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != dataMethods {
		t.Fatalf("DELETE: %d Allow %q", r.status, r.header.Get("Allow"))
	}
}

func TestPutUpdatesFieldsGiven(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(90e9) // 90 s
	put := func(body any) *response {
		return f.do(http.MethodPut, "/api/v3/accountviewdata", nil, body, nil)
	}
	c := put(write("AR1", "CONTACT", []field{{"SUB_NR", "C"}, {"MAIL_BUS", "C"}, {"COC_CODE", "C"}},
		[][]any{{"10001", "nieuw@korenaar.example", nil}})).rows(t, "CONTACT")[0]
	if c["MAIL_BUS"] != "nieuw@korenaar.example" || c["COC_CODE"] != "" || c["ACCT_NAME"] != "Bakkerij De Gouden Korenaar" {
		t.Fatalf("updated debtor %v %v %v", c["MAIL_BUS"], c["COC_CODE"], c["ACCT_NAME"])
	}
	if num(c["CNG_NR"]) != "2" || c["CNG_DATE"] != "2025-03-14T11:01:30" || c["INP_DATE"] != "2025-03-14T11:00:00" {
		t.Fatalf("change stamps: CNG_NR %v CNG_DATE %v INP_DATE %v", c["CNG_NR"], c["CNG_DATE"], c["INP_DATE"])
	}
	// Articles can be named by their code.
	a := put(write("AK1", "ARTICLE", []field{{"ART_CODE", "C"}, {"PX_SELL", "Y"}}, [][]any{{"GIST-500", "3.456789"}})).rows(t, "ARTICLE")[0]
	if num(a["PX_SELL"]) != "3.4568" {
		t.Fatalf("currency rounds to 4 decimals: %v", a["PX_SELL"])
	}
	put(write("AR1", "CONTACT", []field{{"SUB_NR", "C"}, {"CITY", "C"}}, [][]any{{"77777", "x"}})).wantError(t, http.StatusOK, errNrNotFound, "77777")
	put(write("AR1", "CONTACT", []field{{"CITY", "C"}}, [][]any{{"x"}})).wantError(t, http.StatusOK, errNrNotFound, "must name the record")
	put(write("AR1", "CONTACT", []field{{"SUB_NR", "C"}, {"ACCT_NAME", "C"}}, [][]any{{"10001", ""}})).wantError(t, http.StatusOK, errNrMandatory, "ACCT_NAME")
	d := put(write("ADDR", "DEL_ADDR", []field{{"REC_ID", "C"}, {"CITY", "C"}}, [][]any{{"0000000001", "Leusden-Zuid"}})).rows(t, "DEL_ADDR")[0]
	if d["CITY"] != "Leusden-Zuid" || d["SUB_NR"] != "10001" {
		t.Fatalf("updated address %v", d)
	}
	put(write("ADDR", "DEL_ADDR", []field{{"REC_ID", "C"}, {"SUB_NR", "C"}}, [][]any{{"0000000001", "10002"}})).wantError(t, http.StatusOK, errNrUnchangeable, "SUB_NR")
	put(write("AK1", "ARTICLE", []field{{"ART_CODE", "C"}, {"QTY_AVAIL", "N"}}, [][]any{{"GIST-500", 5}})).wantError(t, http.StatusOK, errNrReadOnly, "QTY_AVAIL")
	a = put(write("AK1", "ARTICLE", []field{{"ART_CODE", "C"}, {"QTY_AVAIL", "N"}, {"ART_DESC2", "C"}}, [][]any{{"GIST-500", nil, "Vers"}})).rows(t, "ARTICLE")[0]
	if num(a["QTY_AVAIL"]) != "340" || a["ART_DESC2"] != "Vers" {
		t.Fatalf("an empty read-only field cleared the stock: %v %v", a["QTY_AVAIL"], a["ART_DESC2"])
	}
	put(write("SO1", "SO_HDR", []field{{"ORD_NR", "C"}}, [][]any{{"1"}})).wantError(t, http.StatusBadRequest, 0, "does not allow updates")
}
