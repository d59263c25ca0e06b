package schemas

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// numberLiterals spells numbers in every way JSON allows: signs, zeros on
// either side, fractions and exponents.
func numberLiterals() []string {
	var out []string
	for _, m := range []string{"0", "-0", "1", "-1", "10", "100", "0.1", "0.10", "1.5", "-1.5", "123.456",
		"0.000123", "100.00", "2147483647", "-2147483648", "99.99999999999999999999", "100.0000000000000000001"} {
		for _, e := range []string{"", "e0", "e1", "e-1", "E+2", "e-3", "e20", "E-20", "e002"} {
			out = append(out, m+e)
		}
	}
	return out
}

func TestParseDecMatchesBigRat(t *testing.T) {
	lits := numberLiterals()
	rats := make([]*big.Rat, len(lits))
	decs := make([]decNum, len(lits))
	for i, lit := range lits {
		r, ok := new(big.Rat).SetString(lit)
		if !ok {
			t.Fatalf("big.Rat cannot read %s", lit)
		}
		d, ok := parseDec(lit)
		if !ok {
			t.Fatalf("parseDec(%s) failed", lit)
		}
		if d.isInt() != r.IsInt() {
			t.Errorf("%s: isInt %v, big.Rat says %v", lit, d.isInt(), r.IsInt())
		}
		if back, ok := ratDec(r); !ok || back.cmp(d) != 0 {
			t.Errorf("%s: ratDec gives %+v, parseDec %+v", lit, back, d)
		}
		rats[i], decs[i] = r, d
	}
	for i := range lits {
		for j := range lits {
			if got, want := decs[i].cmp(decs[j]), rats[i].Cmp(rats[j]); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", lits[i], lits[j], got, want)
			}
		}
	}
}

func TestParseDecRefuses(t *testing.T) {
	for _, lit := range []string{"", "-", "1.", ".5", "1e", "1e+", "01x", "1e100001", "1e-100001", "0." + strings.Repeat("0", 100001) + "1"} {
		if _, ok := parseDec(lit); ok {
			t.Errorf("parseDec(%.20q) accepted", lit)
		}
	}
	if _, ok := ratDec(big.NewRat(1, 3)); ok {
		t.Error("ratDec accepted 1/3, which has no finite decimal form")
	}
}

// quickCases are strings near the forms the quick format checks accept.
func quickCases() map[string][]string {
	var dates, times []string
	for _, y := range []string{"0000", "0001", "1900", "2000", "2023", "2024", "9999", "20x4", "+024"} {
		for m := 0; m <= 13; m++ {
			for _, d := range []int{0, 1, 28, 29, 30, 31, 32} {
				dates = append(dates, fmt.Sprintf("%s-%02d-%02d", y, m, d))
			}
		}
	}
	dates = append(dates, "2024-2-01", "2024-02-1", "2024/02/01", "2024-02-01 ", "")
	for _, clock := range []string{"00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "12:30:60", "1:30:00", "+1:30:00", "12:3a:00"} {
		for _, frac := range []string{"", ".1", ".", ".123456789", ".x"} {
			for _, zone := range []string{"Z", "z", "+01:00", "-23:59", "+24:00", "+01:60", "", "+0100", "UTC", "+01:00x"} {
				for _, date := range []string{"2024-02-29T", "2023-02-29T", "2016-12-31t", "2016-12-31 "} {
					times = append(times, date+clock+frac+zone)
				}
			}
		}
	}
	return map[string][]string{
		"date":      dates,
		"date-time": times,
		"uuid": {"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
			"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4dd", "0a1b2c3d_4e5f-4a6b-8c7d-9e0f1a2b3c4d",
			"0a1b2c3g-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}", ""},
		"email": {"j.devries@example.nl", "a@b", "a@b.c.d", "first.last+tag@sub.example.com", "x%y@example.nl",
			"a_b-c@ex-ample.nl", ".a@example.nl", "a.@example.nl", "a..b@example.nl", "a@-example.nl", "a@example-.nl",
			"a@example..nl", "a@.example.nl", "a@example.nl.", "@example.nl", "a@", "a@b@c", "a b@example.nl",
			`"a b"@example.nl`, "a@[127.0.0.1]", "a@[IPv6:::1]", "Jan <jan@example.nl>", "ünï@example.nl", "a@ex_ample.nl",
			strings.Repeat("a", 64) + "@example.nl", strings.Repeat("a", 65) + "@example.nl",
			"a@" + strings.Repeat("b", 63) + ".nl", "a@" + strings.Repeat("b", 64) + ".nl",
			"a@" + strings.Repeat("bcdefghij.", 25) + "nl", "a!#$&'*/=?^`{|}~@example.nl"},
	}
}

// TestQuickFormatsAgreeWithLibrary: a quick check may only accept what the
// library's checker accepts. On these forms they must agree exactly, except
// for e-mail (the quick check knows plain addresses only), leap seconds and
// a signed hour ("T+1:30:00", which the library's strconv.Atoi reads as 1),
// all of which quickDateTime leaves to the library.
func TestQuickFormatsAgreeWithLibrary(t *testing.T) {
	for name, cases := range quickCases() {
		fc := newFormatCheck(name)
		if fc == nil || fc.quick == nil {
			t.Fatalf("%s: no quick check", name)
		}
		accepted := 0
		for _, s := range cases {
			quick, lib := fc.quick(s), jsonschema.Formats[name](s)
			if quick {
				accepted++
			}
			switch {
			case quick && !lib:
				t.Errorf("%s: quick check accepts %q, the library does not", name, s)
			case lib && !quick && name != "email" && !strings.Contains(s, ":60") && !strings.Contains(strings.ToUpper(s), "T+"):
				t.Errorf("%s: quick check leaves %q to the library", name, s)
			}
			if fc.valid(s) != lib {
				t.Errorf("%s: valid(%q) = %v, library %v", name, s, !lib, lib)
			}
		}
		if accepted == 0 {
			t.Errorf("%s: the quick check accepts none of its cases", name)
		}
	}
	if newFormatCheck("no-such-format") != nil || newFormatCheck("") != nil {
		t.Error("unknown formats are only annotations")
	}
	if fc := newFormatCheck("ipv4"); fc == nil || fc.valid("1.2.3.256") || !fc.valid("1.2.3.4") {
		t.Error("a format without quick check uses the library's")
	}
}
