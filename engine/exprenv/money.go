package exprenv

import (
	"fmt"
	"strings"

	"github.com/govalues/decimal"
)

// Number functions compute in decimal. Amount arguments that are null give
// null (a missing field stays missing); rates, places and modes are
// configuration, so null there is an error.
var moneyFuncs = []fn{
	{
		Function: Function{Name: "decimal", Signature: "decimal(x)",
			Description: "Converts a number or numeric text (\"12.50\", \"1e3\") to an exact decimal, keeping the written scale. Null gives null; other text is an error (see number() for lenient parsing).",
			Examples:    []Example{ex(`decimal("12.50")`, `12.50`), ex(`decimal(0.1) + decimal(0.2)`, `0.3`)}},
		types: []any{sig1},
		call: func(_ *env, args []any) (any, error) {
			if args[0] == nil {
				return nil, nil
			}
			d, err := ToDecimal(args[0])
			if err != nil {
				return nil, fmt.Errorf("decimal: %w", err)
			}
			return d, nil
		},
	},
	{
		Function: Function{Name: "round", Signature: "round(x, places[, mode])",
			Description: "Rounds to places digits after the point (default 0) and pads to exactly that many, so amounts render with their currency scale. mode is one of " +
				"half_away_from_zero (default, commercial rounding), half_even (banker's), half_up (ties toward +infinity), half_down (ties toward -infinity), " +
				"up (away from zero), down (toward zero), ceiling, floor. Replaces expr's builtin. Null gives null.",
			Examples: []Example{
				ex(`round(2.675, 2)`, `2.68`),
				ex(`round(2.665, 2, "half_even")`, `2.66`),
				ex(`round(-2.5, 0, "half_up")`, `-2`),
				exSrc(`round(get("price") * get("qty"), 2)`, `{"price":19.99,"qty":3}`, `59.97`),
				ex(`round(12.5, 2)`, `12.50`),
			}},
		types: []any{sig1, sig2, sig3},
		call:  roundFunc,
	},
	{
		Function: Function{Name: "sum", Signature: "sum(array[, predicate])",
			Description: "Adds the numbers of an array exactly; nulls are skipped, a null or empty array gives 0. With a predicate it adds the predicate's value per element, like sum(map(array, predicate)).",
			Examples: []Example{
				ex(`sum([19.99, 5.01, nil])`, `25.00`),
				exSrc(`sum(get("lines"), .price * .qty)`, `{"lines":[{"price":2.50,"qty":4},{"price":0.99,"qty":1}]}`, `10.99`),
				exSrc(`sum(get("lines.#.amount"))`, `{"lines":[{"amount":12.10},{"amount":null},{"amount":-2.1}]}`, `10.00`),
			}},
		register: fnSum,
		types:    []any{sig1},
		call:     sumFunc,
	},
	{
		Function: Function{Name: "abs", Signature: "abs(x)",
			Description: "Absolute value. Replaces expr's builtin to work on decimals. Null gives null.",
			Examples:    []Example{ex(`abs(decimal("-12.50"))`, `12.50`)}},
		types: []any{sig1},
		call: func(_ *env, args []any) (any, error) {
			switch x := args[0].(type) {
			case nil:
				return nil, nil
			case int:
				if x < 0 {
					return negate(x)
				}
				return x, nil
			}
			d, ok := asNumber(args[0])
			if !ok {
				return nil, fmt.Errorf("abs: expected a number, got %s", describe(args[0]))
			}
			return d.Abs(), nil
		},
	},
	{
		Function: Function{Name: "min", Signature: "min(a, b, ...) or min(array)",
			Description: "Smallest of its arguments, or of the elements of one array argument, comparing numbers by value (also across decimals and literals), text or dates. Nulls are skipped; all null gives null.",
			Examples:    []Example{ex(`min(3, decimal("2.50"), nil)`, `2.50`), ex(`min(["b", "a"])`, `"a"`)}},
		types: []any{sigN},
		call:  extreme("min", -1),
	},
	{
		Function: Function{Name: "max", Signature: "max(a, b, ...) or max(array)",
			Description: "Largest of its arguments, or of the elements of one array argument; see min.",
			Examples:    []Example{exSrc(`max(get("lines.#.qty"))`, `{"lines":[{"qty":2},{"qty":10},{"qty":7}]}`, `10`)}},
		types: []any{sigN},
		call:  extreme("max", 1),
	},
}

const fnSum = "__sum"

func roundFunc(_ *env, args []any) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	d, ok := asNumber(args[0])
	if !ok {
		return nil, fmt.Errorf("round: expected a number, got %s", describe(args[0]))
	}
	places := 0
	if len(args) > 1 {
		var err error
		if places, err = toInt(args[1], "round: places"); err != nil {
			return nil, err
		}
	}
	mode := ""
	if len(args) > 2 {
		var err error
		if mode, err = stringArg("round", "mode", args[2]); err != nil {
			return nil, err
		}
	}
	r, err := roundDecimal(d, places, strings.ToLower(mode))
	if err != nil {
		return nil, fmt.Errorf("round: %w", err)
	}
	return r, nil
}

func sumFunc(_ *env, args []any) (any, error) {
	total := decimal.Decimal{}
	if args[0] == nil {
		return total, nil
	}
	arr, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("sum: expected an array, got %s", describe(args[0]))
	}
	for i, v := range arr {
		if v == nil {
			continue
		}
		d, ok := asNumber(v)
		if !ok {
			return nil, fmt.Errorf("sum: element %d is %s, not a number", i, describe(v))
		}
		var err error
		if total, err = total.Add(d); err != nil {
			return nil, fmt.Errorf("sum: %w", err)
		}
	}
	return total, nil
}

// extreme implements min (want=-1) and max (want=1) with compare(), so it
// orders whatever the comparison operators order.
func extreme(name string, want int) func(*env, []any) (any, error) {
	return func(_ *env, args []any) (any, error) {
		if len(args) == 1 {
			if arr, ok := args[0].([]any); ok {
				args = arr
			}
		}
		var best any
		for _, v := range args {
			if v == nil {
				continue
			}
			if best == nil {
				best = v
				continue
			}
			c, err := compare(v, best, "and")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if c == want {
				best = v
			}
		}
		return best, nil
	}
}
