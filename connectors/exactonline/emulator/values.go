package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Rows hold values in their wire form, so that storing, persisting and
// rendering need no conversion: nil, string (Guid, String, Binary, and
// DateTime as "/Date(ms)/"), json.Number (every numeric type) and bool.

var guidRE = regexp.MustCompile(`^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$`)

// parseGUID returns the canonical lower-case form of s.
func parseGUID(s string) (string, bool) {
	m := guidRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	return strings.ToLower(m[1]), true
}

// newGUID returns a random version-4 GUID, the form of Exact's keys.
func newGUID() string { return emukit.NewUUID() }

// dateWire renders t the way Exact's OData v2 JSON does: "/Date(ms)/",
// milliseconds since the Unix epoch in UTC.
func dateWire(t time.Time) string {
	return "/Date(" + strconv.FormatInt(t.UnixMilli(), 10) + ")/"
}

var wireDateRE = regexp.MustCompile(`^/Date\((-?\d+)([+-]\d{4})?\)/$`)

// parseDate accepts "/Date(ms)/" (an offset suffix is informational in
// OData v2 and ignored) and ISO 8601 forms. ISO values without a zone are
// taken as UTC: the emulator has no division time zone.
func parseDate(s string) (time.Time, bool) {
	if m := wireDateRE.FindStringSubmatch(s); m != nil {
		ms, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// dateMillis returns the milliseconds of a wire date value.
func dateMillis(v any) (int64, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	t, ok := parseDate(s)
	if !ok {
		return 0, false
	}
	return t.UnixMilli(), true
}

// ratOf returns the exact value of a wire number.
func ratOf(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(string(x))
	case string:
		return new(big.Rat).SetString(x)
	case int:
		return new(big.Rat).SetInt64(int64(x)), true
	case int64:
		return new(big.Rat).SetInt64(x), true
	}
	return nil, false
}

// ratOr returns the value of v, or zero when v is absent or not a number.
func ratOr(v any) *big.Rat {
	if r, ok := ratOf(v); ok {
		return r
	}
	return new(big.Rat)
}

// roundRat rounds r half away from zero to places decimals, the rounding
// accountants expect for money.
func roundRat(r *big.Rat, places int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(n, r.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		if r.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// numWire renders r as a JSON number with the fewest decimals that keep it
// exact (r must have a finite decimal expansion; callers round first when
// it might not).
func numWire(r *big.Rat) json.Number {
	if r.IsInt() {
		return json.Number(r.Num().String())
	}
	s := r.FloatString(12)
	s = strings.TrimRight(s, "0")
	return json.Number(strings.TrimSuffix(s, "."))
}

// intWire renders an integer.
func intWire(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// money rounds r to cents and renders it.
func money(r *big.Rat) json.Number { return numWire(roundRat(r, 2)) }

var intRanges = map[edm][2]int64{
	edmByte:  {0, 255},
	edmInt16: {-1 << 15, 1<<15 - 1},
	edmInt32: {-1 << 31, 1<<31 - 1},
	edmInt64: {-1 << 63, 1<<63 - 1},
}

// normalizeInput checks a value from a request body against the field's
// Edm type and returns its wire form. JSON.NET, behind Exact, converts
// numeric strings to numbers and accepts several date forms, so this does
// too.
func normalizeInput(f genField, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() error {
		return fmt.Errorf("%s: cannot convert %s to %s", f.Name, describe(v), f.Type)
	}
	switch f.Type {
	case edmString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case edmGuid:
		if s, ok := v.(string); ok {
			if g, ok := parseGUID(s); ok {
				return g, nil
			}
		}
	case edmDouble:
		if r, ok := ratOf(v); ok {
			return numWire(roundRat(r, 12)), nil
		}
	case edmByte, edmInt16, edmInt32, edmInt64:
		if r, ok := ratOf(v); ok && r.IsInt() && r.Num().IsInt64() {
			n, lim := r.Num().Int64(), intRanges[f.Type]
			if n >= lim[0] && n <= lim[1] {
				return intWire(n), nil
			}
		}
	case edmBoolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case edmDateTime:
		if s, ok := v.(string); ok {
			if t, ok := parseDate(s); ok {
				return dateWire(t), nil
			}
		}
	case edmBinary:
		if s, ok := v.(string); ok {
			if _, err := base64.StdEncoding.DecodeString(s); err == nil {
				return s, nil
			}
		}
	}
	return nil, bad()
}

// describe names a JSON value for an error message without echoing long
// strings.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return strconv.Quote(x)
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%v", v)
}

// outputValue is the value a response carries for a field: absent Boolean,
// Byte and Int16 properties come out as false/0 (Exact's non-nullable
// flags and enums), everything else absent as null.
func outputValue(f genField, v any) any {
	if v != nil {
		return v
	}
	switch f.Type {
	case edmBoolean:
		return false
	case edmByte, edmInt16:
		return json.Number("0")
	}
	return nil
}

// str returns v as a string, "" when absent.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// splitSpaces splits a space-separated list.
func splitSpaces(s string) []string { return strings.Fields(s) }

// midnight is the start of t's day in UTC, the date part Exact keeps for
// date-only fields.
func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
