package exprenv

import (
	"testing"

	"github.com/govalues/decimal"
)

// TestRoundingModes covers each mode on ties, non-ties and negatives.
func TestRoundingModes(t *testing.T) {
	type row struct {
		in   string
		want map[string]string
	}
	rows := []row{
		{"2.345", map[string]string{"half_away_from_zero": "2.35", "half_even": "2.34", "half_up": "2.35", "half_down": "2.34", "up": "2.35", "down": "2.34", "ceiling": "2.35", "floor": "2.34"}},
		{"-2.345", map[string]string{"half_away_from_zero": "-2.35", "half_even": "-2.34", "half_up": "-2.34", "half_down": "-2.35", "up": "-2.35", "down": "-2.34", "ceiling": "-2.34", "floor": "-2.35"}},
		{"2.355", map[string]string{"half_away_from_zero": "2.36", "half_even": "2.36", "half_up": "2.36", "half_down": "2.35"}},
		{"2.3451", map[string]string{"half_away_from_zero": "2.35", "half_even": "2.35", "half_up": "2.35", "half_down": "2.35", "down": "2.34"}},
		{"-2.3449", map[string]string{"half_away_from_zero": "-2.34", "half_even": "-2.34", "half_up": "-2.34", "half_down": "-2.34", "up": "-2.35"}},
		{"2.3", map[string]string{"half_even": "2.30", "floor": "2.30", "up": "2.30"}},
		{"-0.001", map[string]string{"half_away_from_zero": "0.00", "up": "-0.01", "ceiling": "0.00"}},
		{"9.995", map[string]string{"half_away_from_zero": "10.00", "down": "9.99"}},
	}
	for _, r := range rows {
		for mode, want := range r.want {
			got, err := roundDecimal(decimal.MustParse(r.in), 2, mode)
			if err != nil {
				t.Errorf("round(%s, 2, %s): %v", r.in, mode, err)
				continue
			}
			if got.String() != want {
				t.Errorf("round(%s, 2, %s) = %s, want %s", r.in, mode, got, want)
			}
		}
	}
	if _, err := roundDecimal(decimal.MustParse("1"), -1, ""); err == nil {
		t.Error("negative places: want an error")
	}
}

// TestNumberFunctions covers conversions and nil handling beyond the
// documented examples.
func TestNumberFunctions(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"round default places":    {`round(2.5)`, `3`},
		"round mode case":         {`round(2.5, 0, "HALF_EVEN")`, `2`},
		"round null":              {`round(get("x"), 2)`, `null`},
		"round int":               {`round(3, 2)`, `3.00`},
		"decimal null":            {`decimal(nil)`, `null`},
		"decimal keeps scale":     {`decimal("1.10") * 2`, `2.20`},
		"number dot thousands":    {`number("1,234.5", ".")`, `1234.5`},
		"number blank":            {`number("   ")`, `null`},
		"number passes numbers":   {`number(5)`, `5`},
		"integer of int text":     {`integer(" 42 ")`, `42`},
		"integer null":            {`integer(nil)`, `null`},
		"string of float":         {`string(1.10)`, `"1.1"`},
		"string of null":          {`string(nil)`, `null`},
		"string of object":        {`string({"b": 1, "a": [true]})`, `"{\"a\":[true],\"b\":1}"`},
		"sum null array":          {`sum(get("lines"))`, `0`},
		"sum pipe predicate":      {`[{"a": 1.5}, {"a": 2}] | sum(.a)`, `3.5`},
		"sum ints":                {`sum([1, 2, 3])`, `6`},
		"abs int":                 {`abs(-3)`, `3`},
		"abs null":                {`abs(nil)`, `null`},
		"min all null":            {`min(nil, nil)`, `null`},
		"max mixed numbers":       {`max(2, decimal("2.50"), 1.9)`, `2.50`},
		"max dates":               {`max(["2024-01-02", "2024-01-10"])`, `"2024-01-10"`},
		"gross rounding":          {`round(gross(8.26, 21), 2)`, `9.99`},
		"net then gross":          {`round(gross(round(net(9.99, 21), 2), 21), 2)`, `9.99`},
		"vat null":                {`vat(nil, 21)`, `null`},
		"vat decimal rate":        {`vat(200, 5.5)`, `11.000`},
		"gross of field decimals": {`gross(get("n"), get("r"))`, `121.000000`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := evalJSON(cfg, tc.expr, `{"n":100.00,"r":21.00}`)
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.expr, got, tc.want)
			}
		})
	}
	for _, bad := range []string{`number("12,50")`, `decimal("")`, `decimal("abc")`, `gross(100, nil)`, `net(100, -100)`,
		`number("1", ";")`, `integer("1.5")`, `min(1, "a")`, `abs("3")`, `sum(5)`} {
		if got, err := evalJSON(cfg, bad, ""); err == nil {
			t.Errorf("%s = %s, want an error", bad, got)
		}
	}
}
