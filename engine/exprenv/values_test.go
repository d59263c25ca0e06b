package exprenv

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/govalues/decimal"
	"github.com/tidwall/gjson"
)

// TestJSONRoundTrip reads JSON into values and writes it back: numbers keep
// their literal scale, key order is normalised, strings are not HTML-escaped.
func TestJSONRoundTrip(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"scale kept":        {`{"price":12.50,"qty":3}`, `{"price":12.50,"qty":3}`},
		"keys sorted":       {`{"b":1,"a":{"d":null,"c":[true,false]}}`, `{"a":{"c":[true,false],"d":null},"b":1}`},
		"exact decimal":     {`[19.99, 0.1, -0.0, 1e3, 1.5E-2]`, `[19.99,0.1,0.0,1000,0.015]`},
		"no html escaping":  {`"<a href=\"x\">&</a>"`, `"<a href=\"x\">&</a>"`},
		"control escapes":   {`"tab\tnl\nq\"bs\\ \u0001 \u2028"`, `"tab\tnl\nq\"bs\\ \u0001 \u2028"`},
		"unicode kept":      {`"Zoë 💶"`, `"Zoë 💶"`},
		"empty containers":  {`{"a":[],"b":{}}`, `{"a":[],"b":{}}`},
		"huge number float": {`123456789012345678901234567890`, `1.2345678901234568e+29`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := AppendJSON(nil, FromJSON(gjson.Parse(tc.in)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFromJSONTypes(t *testing.T) {
	if v := FromJSON(gjson.Get(`{}`, "missing")); v != nil {
		t.Errorf("missing path: got %#v, want nil", v)
	}
	d, ok := FromJSON(gjson.Parse(`19.99`)).(decimal.Decimal)
	if !ok || d.String() != "19.99" {
		t.Errorf("number: got %#v, want Decimal 19.99", d)
	}
	if arr, ok := FromJSON(gjson.Get(`{"a":[{"s":"x"},{"s":"y"}]}`, "a.#.s")).([]any); !ok || len(arr) != 2 || arr[1] != "y" {
		t.Errorf("query result: got %#v", arr)
	}
}

func TestAppendJSONValues(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	tests := map[string]struct {
		v    any
		want string
	}{
		"time with offset":  {time.Date(2024, 7, 1, 9, 5, 0, 0, ams), `"2024-07-01T09:05:00+02:00"`},
		"time utc":          {time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), `"2024-01-01T00:00:00Z"`},
		"time sub-second":   {time.Date(2024, 1, 1, 0, 0, 0, 120e6, time.UTC), `"2024-01-01T00:00:00.12Z"`},
		"int":               {-42, `-42`},
		"float":             {1.25, `1.25`},
		"float tiny":        {1e-7, `1e-7`},
		"float huge":        {1e21, `1e+21`},
		"string slice":      {[]string{"a", "b"}, `["a","b"]`},
		"typed map":         {map[string]int{"b": 2, "a": 1}, `{"a":1,"b":2}`},
		"int64 and uint8":   {[]any{int64(7), uint8(8)}, `[7,8]`},
		"invalid utf8":      {"a\xffb", `"a\ufffdb"`},
		"decimal neg scale": {decimal.MustParse("-0.50"), `-0.50`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := AppendJSON([]byte("x"), tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "x"+tc.want {
				t.Errorf("got %s, want x%s", got, tc.want)
			}
		})
	}
}

func TestAppendJSONErrors(t *testing.T) {
	for name, v := range map[string]any{
		"NaN":       math.NaN(),
		"Inf":       math.Inf(-1),
		"struct":    struct{ A int }{1},
		"duration":  time.Hour,
		"raw bytes": []byte(`{}`),
		"nested":    map[string]any{"a": []any{math.NaN()}},
		"int keys":  map[int]string{1: "a"},
	} {
		if got, err := AppendJSON(nil, v); err == nil {
			t.Errorf("%s: want an error, got %s", name, got)
		}
	}
}

func TestToDecimal(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{1.21, "1.21"},
		{float64(1) / 3, "0.3333333333333333"}, // shortest form of the float, not more digits
		{3, "3"},
		{int64(-9), "-9"},
		{decimal.MustParse("12.50"), "12.50"},
		{" 12.50 ", "12.50"},
		{"1e3", "1000"},
		{float32(0.5), "0.5"},
	}
	for _, tc := range tests {
		got, err := ToDecimal(tc.in)
		if err != nil {
			t.Errorf("ToDecimal(%#v): %v", tc.in, err)
			continue
		}
		if got.String() != tc.want {
			t.Errorf("ToDecimal(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []any{nil, "12,50", "", true, math.NaN(), []any{}, "1e400"} {
		if d, err := ToDecimal(bad); err == nil {
			t.Errorf("ToDecimal(%#v) = %s, want an error", bad, d)
		} else if strings.Contains(err.Error(), "%!") {
			t.Errorf("ToDecimal(%#v): malformed message %q", bad, err)
		}
	}
}

// TestAppendStringMatchesEncodingJSON compares string escaping with
// encoding/json's encoder with HTML escaping turned off.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"plain", `q"uote`, `back\slash`, "<tag>&amp;", "ctl\x00\x01\x1f\x7f", "tab\tcr\rnl\n", "bell\b form\f",
		"line\u2028para\u2029", "bad\xff\xfeutf8", "emoji 💶 ë", "\u00a0nbsp", "",
	} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		got, err := AppendJSON(nil, s)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1.25, -1e-7, 1e-6, 1e21, 1e20, 123456.789, 5e-324, math.MaxFloat64, 0.1 * 3} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendJSON(nil, f)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
	}
}
