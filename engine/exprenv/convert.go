package exprenv

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
)

// toText renders a scalar as text the way string() does: decimals keep their
// scale, floats use their shortest decimal form, times RFC 3339. Arrays and
// objects render as JSON. ok is false for nil.
func toText(v any) (string, bool, error) {
	switch x := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return x, true, nil
	case decimal.Decimal:
		return x.String(), true, nil
	case int:
		return strconv.Itoa(x), true, nil
	case bool:
		return strconv.FormatBool(x), true, nil
	case float64:
		if d, ok := floatToDecimal(x); ok {
			return d.String(), true, nil
		}
		return strconv.FormatFloat(x, 'g', -1, 64), true, nil
	case time.Time:
		return formatRFC3339(x), true, nil
	}
	if d, ok := asNumber(v); ok {
		return d.String(), true, nil
	}
	b, err := AppendJSON(nil, v)
	if err != nil {
		return "", false, err
	}
	return string(b), true, nil
}

// textArg reads a string-like argument of a string function: nil stays nil
// (ok=false) so that a missing field flows through instead of failing;
// numbers and booleans are accepted in their text form so that numeric codes
// can be padded and cut; arrays and objects are an error.
func textArg(fnName string, v any) (string, bool, error) {
	switch v.(type) {
	case []any, map[string]any:
		return "", false, fmt.Errorf("%s: expected text, got %s", fnName, describe(v))
	}
	s, ok, err := toText(v)
	if err != nil {
		return "", false, fmt.Errorf("%s: expected text, got %s", fnName, describe(v))
	}
	return s, ok, nil
}

// stringArg reads an argument that must be a string (a separator, a
// pattern, a layout): nil is an error here because it is configuration,
// not data.
func stringArg(fnName, what string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: %s must be text, got %s", fnName, what, describe(v))
	}
	return s, nil
}

// describe names a value in an error message: null, numbers and booleans as
// written, strings quoted and shortened, containers by kind.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if utf8.RuneCountInString(x) > 40 {
			x = string([]rune(x)[:40]) + "…"
		}
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case decimal.Decimal:
		return x.String()
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return "date " + formatRFC3339(x)
	case time.Duration:
		return "duration " + x.String()
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	case map[string]any:
		return "an object"
	}
	if d, ok := asNumber(v); ok {
		return d.String()
	}
	return fmt.Sprintf("a value of type %T", v)
}
