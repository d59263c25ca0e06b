package emulator

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestToWire(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	contact := tables["CONTACT"]
	fieldOf := func(name string) *fieldDef { f, _ := contact.field(name); return f }
	cases := []struct {
		field    string
		declared string
		in       any
		want     any
		errNr    int
	}{
		{"SUB_NR", "C", "ab12  ", "AB12", 0},                      // "!" upper-cases; trailing blanks go
		{"SUB_NR", "C", json.Number("10001"), "10001", 0},         // a number for a text field
		{"ACCT_NAME", "M", "  leading kept", "  leading kept", 0}, // C and M are one family
		{"ACCT_NAME", "", "", nil, 0},                             // empty clears
		{"ACCT_NAME", "C", true, nil, errNrBadValue},
		{"CNT_CODE", "C", "NLD", nil, errNrTooLong},
		{"CRED_LIM", "I", json.Number("12"), json.Number("12"), 0},
		{"CRED_LIM", "N", "12.5", nil, errNrBadValue},
		{"CRED_LIM", "I", json.Number("2147483648"), nil, errNrBadValue},
		{"ACCT_BAL", "N", json.Number("1.23456"), json.Number("1.2346"), 0}, // currency: 4 decimals
		{"ACCT_BAL", "Y", "10.500", json.Number("10.5"), 0},
		{"ACCT_BAL", "Y", " ", nil, 0},
		{"ACCT_BAL", "D", json.Number("1"), nil, errNrBadValue}, // wrong family
		{"ACCT_BAL", "Q", json.Number("1"), nil, errNrBadValue},
		{"REC_BLK", "L", ".T.", true, 0},
		{"REC_BLK", "L", json.Number("0"), false, 0},
		{"REC_BLK", "L", "maybe", nil, errNrBadValue},
		{"VAT_DATE", "T", "2025-03-14T23:30:00Z", "2025-03-15T00:00:00", 0},      // D keeps the local date only
		{"CNG_DATE", "T", "2025-06-01T10:00:00+00:00", "2025-06-01T12:00:00", 0}, // summer time
		{"CNG_DATE", "D", "2025-06-01", "2025-06-01T00:00:00", 0},
		{"CNG_DATE", "T", "2025-06-01 08:15", "2025-06-01T08:15:00", 0},
		{"CNG_DATE", "T", json.Number("20250601"), nil, errNrBadValue},
	}
	for _, c := range cases {
		got, err := toWire(fieldOf(c.field), c.declared, c.in, loc)
		switch {
		case c.errNr != 0 && (err == nil || err.Numbers[0] != c.errNr):
			t.Errorf("%s %s %v: error %v, want number %d", c.field, c.declared, c.in, err, c.errNr)
		case c.errNr == 0 && (err != nil || got != c.want):
			t.Errorf("%s %s %v: got %#v, %v; want %#v", c.field, c.declared, c.in, got, err, c.want)
		}
	}
}

func TestRenderEscapesText(t *testing.T) {
	got := string(appendString(nil, "a\"b\\c\n\t\x01é\u2028"))
	want := `"a\"b\\c\n\t\u0001é\u2028"`
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var back string
	if err := json.Unmarshal([]byte(got), &back); err != nil || back != "a\"b\\c\n\t\x01é\u2028" {
		t.Fatalf("round trip: %q %v", back, err)
	}
}

func TestSortByNumberAndLogical(t *testing.T) {
	f := newFixture(t, Options{})
	var codes []string
	for _, r := range f.get("AK1", "SortFields", "PX_SELL", "SortOrder", "DESC").rows(t, "ARTICLE") {
		codes = append(codes, r["ART_CODE"].(string))
	}
	want := "LAMP-LED,BAND-28,KETTING-8,MEEL-25,OUD-01,GIST-500"
	if got := strings.Join(codes, ","); got != want {
		t.Fatalf("by price descending: %s, want %s", got, want)
	}
	codes = nil
	for _, r := range f.get("AK1", "SortFields", "REC_BLK,QTY_AVAIL").rows(t, "ARTICLE") {
		codes = append(codes, r["ART_CODE"].(string))
	}
	if got := strings.Join(codes, ","); got != "KETTING-8,LAMP-LED,BAND-28,MEEL-25,GIST-500,OUD-01" {
		t.Fatalf("by blocked, then stock: %s", got)
	}
}
