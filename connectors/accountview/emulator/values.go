package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
)

// Rows hold values in their wire form, so that storing, persisting and
// rendering need no conversion: string (C, M), json.Number (N, Y, I, B;
// canonical decimal text), bool (L), and for D and T the local wall-clock
// text "2006-01-02T15:04:05" (D at midnight). A field a row lacks is empty
// and renders as "", 0, false or null.

// wireLayout is how AccountView writes dates and datetimes ([AV-GO]
// json_types.go parses exactly this form): local time, no offset.
const wireLayout = "2006-01-02T15:04:05"

// currencyScale is the number of decimals of a Y (currency) field, as in
// Visual FoxPro.
const currencyScale = 4

// toWire converts a value a client wrote into field f's wire form. The
// client's declared FieldType must be of the field's family (a numeric
// field may be declared N, Y, I or B; a date D or T); empty strings and
// null clear the field.
func toWire(f *fieldDef, declared string, v any, loc *time.Location) (any, *apiError) {
	if declared != "" {
		d := strings.ToUpper(strings.TrimSpace(declared))
		if len(d) != 1 || family(d[0]) == 0 {
			return nil, rowError(errNrBadValue, "field %s: FieldType %q is not one of C, M, N, Y, I, B, D, T, L", f.Name, declared)
		}
		if family(d[0]) != family(f.Type) {
			return nil, rowError(errNrBadValue, "field %s is of type %c; FieldType %s does not fit it", f.Name, f.Type, d)
		}
	}
	if v == nil {
		return nil, nil
	}
	switch family(f.Type) {
	case 'C':
		return textIn(f, v)
	case 'N':
		return numberIn(f, v)
	case 'D':
		return dateIn(f, v, loc)
	default:
		return logicalIn(f, v)
	}
}

func textIn(f *fieldDef, v any) (any, *apiError) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case bool:
		return nil, rowError(errNrBadValue, "field %s: expected text, got %t", f.Name, x)
	default:
		return nil, rowError(errNrBadValue, "field %s: expected text, got %T", f.Name, v)
	}
	// FoxPro pads character fields; trailing blanks carry no meaning.
	s = strings.TrimRight(s, " ")
	if f.has(fUpper) {
		s = strings.ToUpper(s)
	}
	if f.Type == 'C' && f.Len > 0 && utf8.RuneCountInString(s) > f.Len {
		return nil, rowError(errNrTooLong, "field %s: %q is longer than %d characters", f.Name, s, f.Len)
	}
	if s == "" {
		return nil, nil
	}
	return s, nil
}

func numberIn(f *fieldDef, v any) (any, *apiError) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return nil, nil
		}
	default:
		return nil, rowError(errNrBadValue, "field %s: expected a number, got %v", f.Name, v)
	}
	d, err := decimal.Parse(s)
	if err != nil {
		return nil, rowError(errNrBadValue, "field %s: %q is not a number", f.Name, s)
	}
	switch f.Type {
	case 'I':
		if !d.IsInt() {
			return nil, rowError(errNrBadValue, "field %s: %s is not a whole number", f.Name, s)
		}
		n, _, ok := d.Int64(0)
		if !ok || n < -1<<31 || n > 1<<31-1 {
			return nil, rowError(errNrBadValue, "field %s: %s is out of the integer range", f.Name, s)
		}
	case 'Y':
		d = d.Round(currencyScale)
	}
	return numberWire(d), nil
}

// numberWire is the canonical text of d: no trailing zeros after the point.
func numberWire(d decimal.Decimal) json.Number {
	return json.Number(d.Trim(0).String())
}

func dateIn(f *fieldDef, v any, loc *time.Location) (any, *apiError) {
	s, ok := v.(string)
	if !ok {
		return nil, rowError(errNrBadValue, "field %s: expected a date text, got %v", f.Name, v)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, hasTime, ok := parseISO(s, loc)
	if !ok {
		return nil, rowError(errNrBadValue, "field %s: %q is not a date (use 2024-01-31 or 2024-01-31T10:00:00)", f.Name, s)
	}
	if f.Type == 'D' || !hasTime {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	return t.Format(wireLayout), nil
}

func logicalIn(f *fieldDef, v any) (any, *apiError) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case json.Number:
		switch x.String() {
		case "0":
			return false, nil
		case "1":
			return true, nil
		}
	case string:
		if b, ok := parseLogical(x); ok {
			return b, nil
		}
	}
	return nil, rowError(errNrBadValue, "field %s: %v is not a logical (true or false)", f.Name, v)
}

// parseLogical reads true/false, .T./.F. and 1/0.
func parseLogical(s string) (bool, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "TRUE", ".T.", "T", "1", ".Y.":
		return true, true
	case "FALSE", ".F.", "F", "0", ".N.":
		return false, true
	}
	return false, false
}

// parseISO reads an ISO 8601 date or datetime. A value with a zone or
// offset is converted to loc; one without is taken as loc's wall clock.
func parseISO(s string, loc *time.Location) (t time.Time, hasTime, ok bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(loc), true, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true, true
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, false, true
	}
	return time.Time{}, false, false
}

// emptyWire is what a field a row lacks renders as.
func emptyWire(f *fieldDef) any {
	switch family(f.Type) {
	case 'C':
		return ""
	case 'N':
		return json.Number("0")
	case 'L':
		return false
	}
	return nil
}

// decOf returns the number of a wire value; empty is zero.
func decOf(v any) decimal.Decimal {
	switch x := v.(type) {
	case json.Number:
		if d, err := decimal.Parse(x.String()); err == nil {
			return d
		}
	case string:
		if d, err := decimal.Parse(x); err == nil {
			return d
		}
	}
	return decimal.Zero
}

// strOf returns the text of a wire value; empty is "".
func strOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// isEmpty reports whether a wire value is empty as FoxPro's EMPTY() sees it.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case json.Number:
		return decOf(x).IsZero()
	case bool:
		return !x
	}
	return false
}

// intWire is an integer in wire form.
func intWire(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }
