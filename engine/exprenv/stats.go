package exprenv

import (
	"fmt"
	"math"
	"slices"

	"github.com/govalues/decimal"
)

// Averages and grouping. expr's mean and median add float64s and fail on
// decimal.Decimal, the type of every number read from a record ("invalid
// argument for mean"), and its groupBy keys a Go map by the raw key value, so
// the decimals 1.5 and 1.50 (different scales, equal values) made two groups.
//
// mean and median shadow the builtins by name, as sort and uniq do, and
// compute in decimal. groupBy cannot be shadowed because its key is a
// closure (see sorting.go for sortBy); the Patch visitor rewrites
// groupBy(array, key) into __groupBy(map(array, [#, key])), so the key still
// runs in the VM and the function only files the elements under normalised
// keys.
const fnGroupBy = "__groupBy"

var statsFuncs = []fn{
	{
		Function: Function{Name: "mean", Signature: "mean(array) or mean(a, b, ...)",
			Description: "Arithmetic mean of the numbers of one array argument, or of its arguments, in exact decimal arithmetic; nulls are skipped and no numbers at all gives null. " +
				"The sum is divided like the / operator: exact when the quotient has at most 19 significant digits, otherwise rounded half-even to 19; the result keeps at least the largest scale of the inputs (the mean of 12.50 and 3.50 is 8.00). Replaces expr's builtin, which does not know decimals.",
			Examples: []Example{
				exSrc(`mean(get("lines.#.price"))`, `{"lines":[{"price":12.50},{"price":3.50},{"price":null}]}`, `8.00`),
				ex(`mean(1, 2)`, `1.5`),
				ex(`mean([1, 1, 2])`, `1.333333333333333333`),
			}},
		types: []any{sigN},
		call:  meanFunc,
	},
	{
		Function: Function{Name: "median", Signature: "median(array) or median(a, b, ...)",
			Description: "Middle value of the numbers of one array argument, or of its arguments, ordered by value; for an even count it is the mean of the two middle values (divided as mean does). Nulls are skipped and no numbers at all gives null. Replaces expr's builtin, which does not know decimals.",
			Examples: []Example{
				exSrc(`median(get("prices"))`, `{"prices":[12.50,0.99,3]}`, `3`),
				exSrc(`median(get("prices"))`, `{"prices":[12.50,0.99,3,3.10]}`, `3.05`),
			}},
		types: []any{sigN},
		call:  medianFunc,
	},
	{
		Function: Function{Name: "groupBy", Signature: "groupBy(array, key)",
			Description: "Object of the elements of an array grouped by the value of key for each element (a predicate such as .sku or .price), in their input order. " +
				"Equal numbers form one group whatever their scale: a numeric key is stored without trailing zeros, as a whole number when it is one, so 1.5 and 1.50 share the key 1.5 and 2.00 is found with [2]. Use keys() and values() to walk the groups.",
			Examples: []Example{
				exSrc(`sort(keys(groupBy(get("lines"), .price)))`, `{"lines":[{"price":1.50},{"price":2.00},{"price":1.5},{"price":2}]}`, `[1.5,2]`),
				exSrc(`map(groupBy(get("lines"), .vat)[21], .sku)`, `{"lines":[{"sku":"A","vat":21.0},{"sku":"B","vat":9},{"sku":"C","vat":21}]}`, `["A","C"]`),
			}},
		register: fnGroupBy,
		types:    []any{sig1},
		call:     groupByFunc,
	},
}

func meanFunc(_ *env, args []any) (any, error) {
	nums, err := numberArgs("mean", args)
	if err != nil || len(nums) == 0 {
		return nil, err
	}
	return meanOf("mean", nums)
}

func medianFunc(_ *env, args []any) (any, error) {
	nums, err := numberArgs("median", args)
	if err != nil || len(nums) == 0 {
		return nil, err
	}
	slices.SortStableFunc(nums, decimal.Decimal.Cmp)
	mid := len(nums) / 2
	if len(nums)%2 == 1 {
		return nums[mid], nil
	}
	return meanOf("median", nums[mid-1:mid+1])
}

// numberArgs reads the numbers of mean and median: the elements of a single
// array argument, or the arguments themselves, skipping nulls.
func numberArgs(name string, args []any) ([]decimal.Decimal, error) {
	if len(args) == 1 {
		if args[0] == nil {
			return nil, nil
		}
		if arr, ok := toArray(args[0]); ok {
			args = arr
		}
	}
	nums := make([]decimal.Decimal, 0, len(args))
	for i, v := range args {
		if v == nil {
			continue
		}
		d, ok := asNumber(v)
		if !ok {
			return nil, fmt.Errorf("%s: element %d is %s, not a number", name, i, describe(v))
		}
		nums = append(nums, d)
	}
	return nums, nil
}

// meanOf divides the exact sum by the count with Decimal.Quo, the division
// of the / operator, so mean(a, b) == (a + b) / 2 in every case.
func meanOf(name string, nums []decimal.Decimal) (decimal.Decimal, error) {
	total := decimal.Decimal{}
	for _, d := range nums {
		var err error
		if total, err = total.Add(d); err != nil {
			return decimal.Decimal{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	n, err := decimal.New(int64(len(nums)), 0)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s: %w", name, err)
	}
	q, err := total.Quo(n)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s: %w", name, err)
	}
	return q, nil
}

// groupByFunc receives the [element, key] pairs the rewritten groupBy built.
// The result has expr's own groupBy type, so keys(), values() and indexing
// treat it as they treat the builtin's.
func groupByFunc(_ *env, args []any) (any, error) {
	pairs, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("groupBy: expected an array, got %s", describe(args[0]))
	}
	groups := map[any][]any{}
	for _, p := range pairs {
		pair := p.([]any)
		key, err := groupKey(pair[1])
		if err != nil {
			return nil, fmt.Errorf("groupBy: %w", err)
		}
		groups[key] = append(groups[key], pair[0])
	}
	return groups, nil
}

// groupKey normalises a number to one representation per value, so that
// keys equal under == are one map key: trailing zeros go, and a whole number
// becomes an int, which also makes groups[2] (an int literal) find it. Other
// keys are used as they are; those Go cannot hash (arrays, objects) are an
// error instead of expr's panic.
func groupKey(k any) (any, error) {
	if _, isInt := k.(int); isInt {
		return k, nil
	}
	if d, ok := asNumber(k); ok {
		d = d.Trim(0)
		if whole, _, fits := d.Int64(0); fits && d.IsInt() && whole >= math.MinInt && whole <= math.MaxInt {
			return int(whole), nil
		}
		return d, nil
	}
	switch k.(type) {
	case []any, map[string]any:
		return nil, fmt.Errorf("key %s is not a single value", describe(k))
	}
	return k, nil
}
