package exprenv

import (
	"fmt"
	"reflect"
	"slices"
)

// Sorting and de-duplication. expr's own sort, sortBy and uniq compare with
// its runtime helpers, which know Go's numbers, strings and times but not
// decimal.Decimal, the type of every number read from a record: sortBy(lines,
// .price) failed with "invalid operation: decimal.Decimal < decimal.Decimal",
// and uniq kept 1.5 and 1.50 apart. These use compare() and equal(), the
// semantics of the operators.
//
// sort and uniq shadow the builtins by name, as min and max do. sortBy cannot:
// its key is a closure, which only the builtin node carries, and a function
// of the same name would make the parser reject `.price`. The Patch visitor
// therefore rewrites sortBy(array, key[, order]) into
// __sortBy(map(array, [#, key])[, order]): the closure still runs in the VM,
// each element once, and the function only orders the pairs.
const fnSortBy = "__sortBy"

var sortFuncs = []fn{
	{
		Function: Function{Name: "sort", Signature: "sort(array[, order])",
			Description: "Sorts numbers by value (decimals, integers and literals mixed), text bytewise or dates by instant; order is \"asc\" (the default) or \"desc\". Nulls go last in either order; values that cannot be compared (text and a number) are an error. Replaces expr's builtin, which does not know decimals. Null gives null.",
			Examples: []Example{
				exSrc(`sort(get("amounts"))`, `{"amounts":[12.50,3,0.99]}`, `[0.99,3,12.50]`),
				ex(`sort(["b", nil, "a"], "desc")`, `["b","a",null]`),
			}},
		types: []any{sig1, sig2},
		call:  sortFunc,
	},
	{
		Function: Function{Name: "sortBy", Signature: "sortBy(array, key[, order])",
			Description: "Sorts the elements of an array by the value of key for each element (a predicate such as .price or date(.created)), comparing as sort does; elements with equal keys keep their order, elements with a null key go last. Order is \"asc\" (the default) or \"desc\".",
			Examples: []Example{
				exSrc(`map(sortBy(get("lines"), .price), .sku)`, `{"lines":[{"sku":"A","price":12.50},{"sku":"B","price":0.99},{"sku":"C","price":3}]}`, `["B","C","A"]`),
				exSrc(`map(sortBy(get("lines"), .sku, "desc"), .sku)`, `{"lines":[{"sku":"A"},{"sku":"C"},{"sku":"B"}]}`, `["C","B","A"]`),
			}},
		register: fnSortBy,
		types:    []any{sig1, sig2},
		call:     sortByFunc,
	},
	{
		Function: Function{Name: "uniq", Signature: "uniq(array)",
			Description: "The array without repeated values, keeping the first of each; values are equal as with == (1.50 equals 1.5). Replaces expr's builtin, which does not know decimals. Null gives null.",
			Examples:    []Example{exSrc(`uniq(get("rates"))`, `{"rates":[21,9,21.0,0]}`, `[21,9,0]`)}},
		types: []any{sig1},
		call:  uniqFunc,
	},
}

func sortFunc(_ *env, args []any) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	arr, ok := toArray(args[0])
	if !ok {
		return nil, fmt.Errorf("sort: expected an array, got %s", describe(args[0]))
	}
	desc, err := sortOrder("sort", args[1:])
	if err != nil {
		return nil, err
	}
	out := slices.Clone(arr)
	if err := sortStable(out, func(v any) any { return v }, desc); err != nil {
		return nil, fmt.Errorf("sort: %w", err)
	}
	return out, nil
}

// sortByFunc receives the [element, key] pairs the rewritten sortBy built.
func sortByFunc(_ *env, args []any) (any, error) {
	pairs, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("sortBy: expected an array, got %s", describe(args[0]))
	}
	desc, err := sortOrder("sortBy", args[1:])
	if err != nil {
		return nil, err
	}
	sorted := slices.Clone(pairs)
	if err := sortStable(sorted, func(p any) any { return p.([]any)[1] }, desc); err != nil {
		return nil, fmt.Errorf("sortBy: %w", err)
	}
	out := make([]any, len(sorted))
	for i, p := range sorted {
		out[i] = p.([]any)[0]
	}
	return out, nil
}

func sortOrder(name string, args []any) (desc bool, err error) {
	if len(args) == 0 {
		return false, nil
	}
	switch args[0] {
	case "asc":
		return false, nil
	case "desc":
		return true, nil
	}
	return false, fmt.Errorf(`%s: order must be "asc" or "desc", got %s`, name, describe(args[0]))
}

// sortStable orders s by the keys key gives, nulls last, and reports the
// first pair of keys compare() refuses. Stable, so equal keys keep the
// input order and a run's output does not depend on the sort algorithm.
func sortStable(s []any, key func(any) any, desc bool) error {
	var failed error
	slices.SortStableFunc(s, func(a, b any) int {
		ka, kb := key(a), key(b)
		switch {
		case ka == nil || kb == nil:
			return boolInt(ka == nil) - boolInt(kb == nil)
		case failed != nil:
			return 0
		}
		c, err := compare(ka, kb, "and")
		if err != nil {
			failed = err
			return 0
		}
		if desc {
			return -c
		}
		return c
	})
	return failed
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func uniqFunc(_ *env, args []any) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	arr, ok := toArray(args[0])
	if !ok {
		return nil, fmt.Errorf("uniq: expected an array, got %s", describe(args[0]))
	}
	out := make([]any, 0, len(arr))
	for _, v := range arr {
		if !slices.ContainsFunc(out, func(w any) bool { return equal(v, w) }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// toArray returns the elements of an array value: []any from records and
// literals, any other slice (a Go value from the environment) by reflection.
func toArray(v any) ([]any, bool) {
	if arr, ok := v.([]any); ok {
		return arr, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
