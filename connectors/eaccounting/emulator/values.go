package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// Stored rows hold wire values only: string, json.Number, bool, nil,
// []any and map[string]any, so that they encode as Visma's JSON and survive
// a state file without float rounding. Money and quantities are computed
// with exact decimals.

// row is one stored entity in wire form.
type row = map[string]any

// str returns a string value, "" for anything else.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// boolOf returns a boolean value, false for anything else.
func boolOf(v any) bool {
	b, _ := v.(bool)
	return b
}

// decOf reads a number (json.Number, or a float from a test) as a decimal.
func decOf(v any) (decimal.Decimal, bool) {
	var text string
	switch x := v.(type) {
	case json.Number:
		text = x.String()
	case float64:
		text = fmt.Sprint(x)
	case int:
		text = fmt.Sprint(x)
	default:
		return decimal.Decimal{}, false
	}
	d, err := decimal.Parse(text)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

// dec is decOf with zero for a missing or non-numeric value.
func dec(v any) decimal.Decimal {
	d, _ := decOf(v)
	return d
}

// num renders a decimal as a JSON number without trailing zeros, as
// Visma's doubles serialise (12.5, not 12.50).
func num(d decimal.Decimal) json.Number { return json.Number(d.Trim(0).String()) }

// intNum renders an integer.
func intNum(n int64) json.Number { return json.Number(fmt.Sprint(n)) }

// round rounds half away from zero to scale decimals (commercial rounding;
// Visma does not document its rule).
func round(d decimal.Decimal, scale int) decimal.Decimal {
	if d.Scale() <= scale {
		return d
	}
	half, err := decimal.New(5, scale+1)
	if err != nil {
		return d.Round(scale)
	}
	if d.IsNeg() {
		half = half.Neg()
	}
	return add(d, half).Trunc(scale)
}

// add, sub and mul compute exactly. A decimal holds 19 digits, far more
// than any real amount, but a client can send a quantity that overflows a
// product; then they panic with errOverflow, which guard turns into a 400
// before the request has changed anything (amounts are computed before
// they are stored).
func add(a, b decimal.Decimal) decimal.Decimal {
	s, err := a.Add(b)
	if err != nil {
		panic(errOverflow)
	}
	return s
}

func sub(a, b decimal.Decimal) decimal.Decimal { return add(a, b.Neg()) }

func mul(a, b decimal.Decimal) decimal.Decimal {
	p, err := a.Mul(b)
	if err != nil {
		panic(errOverflow)
	}
	return p
}

var errOverflow = errf(http.StatusBadRequest, codeValidation, "a quantity or amount is too large to compute with exactly")

// guard runs fn, turning an arithmetic overflow into its 400.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if r != errOverflow {
				panic(r)
			}
			err = errOverflow
		}
	}()
	return fn()
}

var (
	zero = decimal.Zero
	one  = decimal.One
)

// Time formats. Audit times (ChangedUtc, ModifiedUtc, CreatedUtc) are UTC
// with a Z and the fraction's trailing zeros dropped, as .NET writes
// a UTC DateTime; dates (OrderDate, InvoiceDate, …) are calendar dates written
// as midnight without an offset, as Visma returns them.
const (
	utcLayout  = time.RFC3339Nano
	dateLayout = "2006-01-02T00:00:00"
)

// utcWire renders an audit time, truncated to milliseconds so that a value
// read back and used in a $filter compares equal to the stored one.
func utcWire(t time.Time) string { return t.UTC().Truncate(time.Millisecond).Format(utcLayout) }

// dateWire renders the calendar date of t.
func dateWire(t time.Time) string { return t.Format(dateLayout) }

// parseTime reads what a client may send or filter with: a date
// (yyyy-MM-dd), a date-time without offset (read as UTC) or an RFC 3339
// date-time with Z or an offset.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseUUID accepts a UUID in 8-4-4-4-12 form, with or without braces, in
// either case, and returns it in lower case.
func parseUUID(s string) (string, bool) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	if len(s) != 36 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return "", false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return "", false
		}
	}
	return strings.ToLower(s), true
}

// nilUUID is what Visma's .NET API writes for an unset Guid.
const nilUUID = "00000000-0000-0000-0000-000000000000"

// copyRow returns a deep copy of a wire value map.
func copyRow(r row) row {
	out := make(row, len(r))
	for k, v := range r {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return copyRow(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	}
	return v
}

// rowsOf returns the object items of an array value.
func rowsOf(v any) []row {
	list, _ := v.([]any)
	out := make([]row, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// anyRows turns rows back into an array value.
func anyRows(rows []row) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}
