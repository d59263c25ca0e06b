package schemas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Check tells whether a constant fits the field, so that the compiler can
// reject `value = "EURO"` for a three-letter currency before any record
// flows. It checks type, const, enum, string length, pattern and format,
// and number bounds; it does not look inside objects or arrays (Validate
// does). v is a decoded JSON value or a Go number (int, int64, float64,
// json.Number, ...). The error names the field's path.
func (f *Field) Check(v any) error {
	v, ok := normalize(v)
	if !ok {
		return fmt.Errorf("%s: a value of Go type %T is not a JSON value", f.label(), v)
	}
	jt := jsonTypeOf(v)
	if len(f.Types) > 0 && !typeAllowed(f.Types, v, jt) {
		return fmt.Errorf("%s: %s is %s; want %s", f.label(), show(v), article(jt), strings.Join(f.Types, " or "))
	}
	if f.hasConst && !equalJSON(v, f.Const) {
		return fmt.Errorf("%s: %s is not the required constant %s", f.label(), show(v), show(f.Const))
	}
	if len(f.Enum) > 0 && !slices.ContainsFunc(f.Enum, func(e any) bool { return equalJSON(v, e) }) {
		allowed := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			allowed[i] = show(e)
		}
		return fmt.Errorf("%s: %s is not one of %s", f.label(), show(v), strings.Join(allowed, ", "))
	}
	switch x := v.(type) {
	case string:
		return f.checkString(x)
	case json.Number:
		return f.checkNumber(x)
	}
	return nil
}

func (f *Field) checkString(s string) error {
	n := utf8.RuneCountInString(s)
	if f.MaxLength >= 0 && n > f.MaxLength {
		return fmt.Errorf("%s: %s is %d characters long; the maximum is %d", f.label(), show(s), n, f.MaxLength)
	}
	if n < f.minLength {
		return fmt.Errorf("%s: %s is %d characters long; the minimum is %d", f.label(), show(s), n, f.minLength)
	}
	if f.pattern != nil && !f.pattern.MatchString(s) {
		return fmt.Errorf("%s: %s does not match the pattern %s", f.label(), show(s), f.Pattern)
	}
	if valid, known := jsonschema.Formats[f.Format]; known && !valid(s) {
		return fmt.Errorf("%s: %s is not a valid %s", f.label(), show(s), f.Format)
	}
	return nil
}

func (f *Field) checkNumber(n json.Number) error {
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return fmt.Errorf("%s: %s is not a number", f.label(), n)
	}
	if f.Minimum != nil && r.Cmp(new(big.Rat).SetFloat64(*f.Minimum)) < 0 {
		return fmt.Errorf("%s: %s is less than the minimum %v", f.label(), n, *f.Minimum)
	}
	if f.Maximum != nil && r.Cmp(new(big.Rat).SetFloat64(*f.Maximum)) > 0 {
		return fmt.Errorf("%s: %s is more than the maximum %v", f.label(), n, *f.Maximum)
	}
	return nil
}

// label names the field in messages.
func (f *Field) label() string {
	if f.Path == "" {
		return "(record)"
	}
	return f.Path
}

// normalize turns Go numbers into json.Number so that every comparison is
// exact, and reports false for values that are not JSON.
func normalize(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool, string, json.Number, map[string]any, []any:
		return v, true
	case float64:
		return json.Number(strconv.FormatFloat(x, 'f', -1, 64)), true
	case float32:
		return json.Number(strconv.FormatFloat(float64(x), 'f', -1, 32)), true
	case int:
		return json.Number(strconv.FormatInt(int64(x), 10)), true
	case int8:
		return json.Number(strconv.FormatInt(int64(x), 10)), true
	case int16:
		return json.Number(strconv.FormatInt(int64(x), 10)), true
	case int32:
		return json.Number(strconv.FormatInt(int64(x), 10)), true
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), true
	case uint:
		return json.Number(strconv.FormatUint(uint64(x), 10)), true
	case uint8:
		return json.Number(strconv.FormatUint(uint64(x), 10)), true
	case uint16:
		return json.Number(strconv.FormatUint(uint64(x), 10)), true
	case uint32:
		return json.Number(strconv.FormatUint(uint64(x), 10)), true
	case uint64:
		return json.Number(strconv.FormatUint(x, 10)), true
	}
	return v, false
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	}
	return "object"
}

func typeAllowed(types []string, v any, jt string) bool {
	if slices.Contains(types, jt) {
		return true
	}
	if jt == "number" && slices.Contains(types, "integer") {
		r, ok := new(big.Rat).SetString(v.(json.Number).String())
		return ok && r.IsInt()
	}
	return false
}

// equalJSON compares two JSON values; numbers compare by value, so 1 equals
// 1.0 as JSON Schema requires.
func equalJSON(a, b any) bool {
	a, okA := normalize(a)
	b, okB := normalize(b)
	if !okA || !okB {
		return false
	}
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, okx := new(big.Rat).SetString(x.String())
		ry, oky := new(big.Rat).SetString(y.String())
		return okx && oky && rx.Cmp(ry) == 0
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, equalJSON)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equalJSON(xv, yv) {
				return false
			}
		}
		return true
	}
	return a == b
}

// show renders a value for a message: strings quoted, others as JSON.
func show(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

func article(jsonType string) string {
	switch jsonType {
	case "null":
		return "null"
	case "array", "object":
		return "an " + jsonType
	}
	return "a " + jsonType
}
