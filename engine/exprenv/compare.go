package exprenv

import (
	"cmp"
	"fmt"
	"reflect"
	"time"
)

// Comparison semantics shared by the overloaded operators (== != < <= > >=
// in) and by min/max.

// compare orders numbers (by value, any numeric mix), strings (bytewise) and
// times; anything else, null included, is an error naming both operands.
func compare(a, b any, verb string) (int, error) {
	if x, ok := a.(int); ok {
		if y, ok := b.(int); ok {
			return cmp.Compare(x, y), nil
		}
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return cmp.Compare(x, y), nil
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), nil
		}
	}
	da, okA := asNumber(a)
	db, okB := asNumber(b)
	if okA && okB {
		return da.Cmp(db), nil
	}
	return 0, fmt.Errorf("cannot compare %s %s %s", describe(a), verb, describe(b))
}

// equal is == for the value model: numbers compare by value across Decimal,
// int and float64 (1.50 == 1.5), times by instant, arrays and objects
// element-wise; values of different kinds are unequal, never an error.
func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	}
	if da, ok := asNumber(a); ok {
		db, ok := asNumber(b)
		return ok && da.Cmp(db) == 0
	}
	return reflect.DeepEqual(a, b)
}

// contains implements `needle in haystack`: membership by equal() in arrays,
// key presence in objects; a null haystack contains nothing.
func contains(haystack, needle any) (bool, error) {
	switch h := haystack.(type) {
	case nil:
		return false, nil
	case []any:
		for _, v := range h {
			if equal(needle, v) {
				return true, nil
			}
		}
		return false, nil
	case map[string]any:
		k, ok := needle.(string)
		if !ok {
			return false, nil
		}
		_, found := h[k]
		return found, nil
	}
	rv := reflect.ValueOf(haystack)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if equal(needle, rv.Index(i).Interface()) {
				return true, nil
			}
		}
		return false, nil
	case reflect.Map:
		if k := reflect.ValueOf(needle); needle != nil && k.Type().AssignableTo(rv.Type().Key()) {
			return rv.MapIndex(k).IsValid(), nil
		}
		return false, nil
	}
	return false, fmt.Errorf("cannot use `in` on %s", describe(haystack))
}
