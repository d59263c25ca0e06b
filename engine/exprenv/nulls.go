package exprenv

import (
	"fmt"
	"reflect"
)

// Null handling. expr's own `a ?? b` replaces only nil and `c ? a : b`
// evaluates lazily; these functions add the "empty text counts as missing"
// rule that source systems need (many send "" for an unset field).
var nullFuncs = []fn{
	{
		Function: Function{Name: "coalesce", Signature: "coalesce(a, b, ...)",
			Description: "The first argument that is neither null nor empty text; null when there is none. Compare `a ?? b`, which only skips null.",
			Examples: []Example{
				exSrc(`coalesce(get("mobile"), get("phone"), "unknown")`, `{"mobile":"","phone":"+31 20 123 4567"}`, `"+31 20 123 4567"`),
				ex(`coalesce(nil, "")`, `null`),
			}},
		types: []any{sigN},
		call: func(_ *env, args []any) (any, error) {
			for _, a := range args {
				if !isMissing(a) {
					return a, nil
				}
			}
			return nil, nil
		},
	},
	{
		Function: Function{Name: "default", Signature: "default(x, d)",
			Description: "x, or d when x is null or empty text (same rule as coalesce, reads better with two arguments).",
			Examples:    []Example{exSrc(`default(get("country"), "NL")`, `{"country":""}`, `"NL"`), ex(`default(0, 1)`, `0`)}},
		types: []any{sig2},
		call: func(_ *env, args []any) (any, error) {
			if isMissing(args[0]) {
				return args[1], nil
			}
			return args[0], nil
		},
	},
	{
		Function: Function{Name: "isEmpty", Signature: "isEmpty(x)",
			Description: "True for null, empty text, an empty array and an empty object.",
			Examples:    []Example{exSrc(`isEmpty(get("lines"))`, `{"lines":[]}`, `true`), ex(`isEmpty(" ")`, `false`)}},
		types: []any{sigB1},
		call: func(_ *env, args []any) (any, error) {
			return isEmpty(args[0]), nil
		},
	},
	{
		Function: Function{Name: "isNull", Signature: "isNull(x)",
			Description: "True when x is null; a missing field is null too.",
			Examples:    []Example{exSrc(`isNull(get("vat_number"))`, `{"name":"ACME"}`, `true`), ex(`isNull("")`, `false`)}},
		types: []any{sigB1},
		call: func(_ *env, args []any) (any, error) {
			return args[0] == nil, nil
		},
	},
	{
		Function: Function{Name: "iif", Signature: "iif(cond, a, b)",
			Description: "a when cond is true, else b (null counts as false). Unlike `cond ? a : b` both a and b are always evaluated, so prefer the operator when a branch can fail.",
			Examples:    []Example{exSrc(`iif(get("is_company"), "B2B", "B2C")`, `{"is_company":false}`, `"B2C"`)}},
		types: []any{sig3},
		call: func(_ *env, args []any) (any, error) {
			cond, ok := args[0].(bool)
			if !ok && args[0] != nil {
				return nil, fmt.Errorf("iif: cond must be true or false, got %s", describe(args[0]))
			}
			if cond {
				return args[1], nil
			}
			return args[2], nil
		},
	},
}

func isMissing(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && s == ""
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() == 0
	}
	return false
}
