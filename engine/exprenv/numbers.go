package exprenv

import (
	"fmt"
	"strings"

	"github.com/govalues/decimal"
)

// Conversions between text and numbers. Source systems disagree on whether
// a number is sent as 12.5, "12.50" or "12,50"; these functions make the
// choice explicit in the pipeline file.
var numberFuncs = []fn{
	{
		Function: Function{Name: "integer", Signature: "integer(x)",
			Description: "Converts a number or numeric text to a whole number; a fraction (12.5) is an error rather than silently cut. Null gives null.",
			Examples:    []Example{exSrc(`integer(get("qty"))`, `{"qty":"3"}`, `3`), ex(`integer(decimal("12.00"))`, `12`)}},
		types: []any{sig1},
		call: func(_ *env, args []any) (any, error) {
			if args[0] == nil {
				return nil, nil
			}
			return toInt(args[0], "integer: x")
		},
	},
	{
		Function: Function{Name: "number", Signature: "number(x[, decimalSep])",
			Description: "Lenient number parsing for text fields: empty or blank text and null give null. With decimalSep \",\" or \".\" the other character is taken as a thousands separator and removed, as are spaces (\"1.234,50\" with \",\" is 1234.50). Numbers pass through as decimals.",
			Examples: []Example{
				ex(`number(" 12.50 ")`, `12.50`),
				ex(`number("1.234,50", ",")`, `1234.50`),
				exSrc(`number(get("discount"))`, `{"discount":""}`, `null`),
			}},
		types: []any{sig1, sig2},
		call:  numberFunc,
	},
	{
		Function: Function{Name: "string", Signature: "string(x)",
			Description: "Text form of a value: decimals keep their scale (12.50), dates render as RFC 3339, arrays and objects as JSON. Replaces expr's builtin; null gives null.",
			Examples:    []Example{exSrc(`"INV-" + string(get("number"))`, `{"number":1042}`, `"INV-1042"`), ex(`string(decimal("12.50"))`, `"12.50"`), ex(`string(true)`, `"true"`)}},
		types: []any{sig1},
		call:  stringFunc,
	},
	{
		Function: Function{Name: "toString", Signature: "toString(x)",
			Description: "Same as string(x).",
			Examples:    []Example{ex(`toString(0.1 + 0.2)`, `"0.3"`)}},
		types: []any{sig1},
		call:  stringFunc,
	},
}

func stringFunc(_ *env, args []any) (any, error) {
	s, ok, err := toText(args[0])
	if err != nil {
		return nil, fmt.Errorf("string: %w", err)
	}
	if !ok {
		return nil, nil
	}
	return s, nil
}

func numberFunc(_ *env, args []any) (any, error) {
	s, isText := args[0].(string)
	if !isText {
		if args[0] == nil {
			return nil, nil
		}
		d, ok := asNumber(args[0])
		if !ok {
			return nil, fmt.Errorf("number: expected text or a number, got %s", describe(args[0]))
		}
		return d, nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if len(args) == 2 {
		sep, err := stringArg("number", "decimalSep", args[1])
		if err != nil {
			return nil, err
		}
		switch sep {
		case ",":
			s = strings.NewReplacer(".", "", " ", "", "\u00a0", "", ",", ".").Replace(s)
		case ".":
			s = strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(s)
		default:
			return nil, fmt.Errorf("number: decimalSep must be \",\" or \".\", got %q", sep)
		}
	}
	d, err := decimal.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("number: cannot read %s as a number", describe(args[0]))
	}
	return d, nil
}
