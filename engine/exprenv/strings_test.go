package exprenv

import "testing"

// TestStringFunctionsPassNull: a missing field flows through every string
// function as null instead of failing the record.
func TestStringFunctionsPassNull(t *testing.T) {
	cfg := testConfig(t)
	for _, e := range []string{
		`lower(get("x"))`, `upper(get("x"))`, `trim(get("x"))`, `trim(get("x"), "-")`, `split(get("x"), ",")`,
		`join(get("x"), ",")`, `replace(get("x"), "a", "b")`, `regexReplace(get("x"), "a", "b")`,
		`padLeft(get("x"), 5, "0")`, `padRight(get("x"), 5)`, `truncate(get("x"), 5)`, `substr(get("x"), 1)`,
		`concat(get("x"), get("y"))`, `upper(trim(get("x")))`, `string(get("x"))`,
		`parseDate(get("x"), "date")`, `formatDate(get("x"), "date")`, `date(get("x"))`, `addDays(get("x"), 1)`,
	} {
		got, err := evalJSON(cfg, e, `{}`)
		if err != nil || got != "null" {
			t.Errorf("%s = %s, %v; want null", e, got, err)
		}
	}
}

func TestStringFunctions(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"lower of number":       {`lower(get("n"))`, `"12.50"`},
		"truncate runes":        {`truncate("€€€€", 2)`, `"€€"`},
		"truncate zero":         {`truncate("abc", 0)`, `""`},
		"substr runes":          {`substr("Zoë Ünal", 2, 3)`, `"ë Ü"`},
		"substr at end":         {`substr("abc", 3)`, `""`},
		"substr long length":    {`substr("abc", 1, 10)`, `"bc"`},
		"pad multibyte":         {`padLeft("7", 3, "·")`, `"··7"`},
		"pad decimal count":     {`padLeft("7", decimal("3"), "0")`, `"007"`},
		"split empty":           {`split("", ",")`, `[""]`},
		"join numbers kept":     {`join(get("a"), "|")`, `"1.50|x|true"`},
		"regex cached twice":    {`regexMatch("a1", "^[a-z][0-9]$") && regexMatch("b2", "^[a-z][0-9]$")`, `true`},
		"regex named group":     {`regexReplace("NL-1234", "(?P<cc>[A-Z]+)-(?P<nr>\\d+)", "${nr}/${cc}")`, `"1234/NL"`},
		"concat all null":       {`concat(nil, get("x"))`, `null`},
		"concat keeps decimals": {`concat("EUR ", get("n"))`, `"EUR 12.50"`},
		"trim cutset":           {`trim("00120", "0")`, `"12"`},
		"replace number text":   {`replace(get("n"), ".", ",")`, `"12,50"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := evalJSON(cfg, tc.expr, `{"n":12.50,"a":[1.50,"x",null,true]}`)
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.expr, got, tc.want)
			}
		})
	}
	for _, bad := range []string{`padLeft("a", 3, "00")`, `truncate("a", -1)`, `regexMatch("a", "(")`, `join("a,b", ",")`,
		`concat("a", [1])`, `lower(["a"])`, `substr("abc", -1)`, `split("a", nil)`} {
		if got, err := evalJSON(cfg, bad, ""); err == nil {
			t.Errorf("%s = %s, want an error", bad, got)
		}
	}
}
