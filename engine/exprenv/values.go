package exprenv

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
	"github.com/tidwall/gjson"
)

// FromJSON converts a gjson result to an expression value: null and missing
// become nil, numbers become Decimal parsed from their literal text (19.99
// stays exactly 19.99), arrays []any and objects map[string]any. A number
// beyond Decimal's 19 digits falls back to float64 so reading never fails;
// arithmetic on it then reports the overflow.
func FromJSON(r gjson.Result) any {
	switch r.Type {
	case gjson.Null:
		return nil
	case gjson.False:
		return false
	case gjson.True:
		return true
	case gjson.String:
		return r.Str
	case gjson.Number:
		if d, err := decimal.Parse(r.Raw); err == nil {
			return d
		}
		return r.Num
	}
	switch {
	case r.IsArray():
		out := []any{}
		r.ForEach(func(_, v gjson.Result) bool {
			out = append(out, FromJSON(v))
			return true
		})
		return out
	case r.IsObject():
		out := map[string]any{}
		r.ForEach(func(k, v gjson.Result) bool {
			out[k.Str] = FromJSON(v)
			return true
		})
		return out
	}
	return nil
}

// AppendJSON appends the JSON encoding of v to dst. Decimals keep their
// scale (12.50), times render as RFC 3339 with their offset (with fractional
// seconds only when there are any), object keys are sorted, and strings are
// escaped like encoding/json but without HTML escaping. NaN, infinities and
// types outside the value model are errors.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case string:
		return appendString(dst, x), nil
	case decimal.Decimal:
		return append(dst, x.String()...), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case float64:
		return appendFloat(dst, x)
	case time.Time:
		return appendString(dst, formatRFC3339(x)), nil
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = AppendJSON(dst, e); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			var err error
			if dst, err = AppendJSON(dst, x[k]); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	return appendReflect(dst, v)
}

// appendReflect covers the other integer kinds and typed slices and
// string-keyed maps (e.g. []string from a lookup table).
func appendReflect(dst []byte, v any) ([]byte, error) {
	if d, ok := asNumber(v); ok {
		if _, isFloat := v.(float32); !isFloat {
			return append(dst, d.String()...), nil
		}
		return appendFloat(dst, float64(v.(float32)))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			break // raw bytes are ambiguous (JSON text or binary): refuse them
		}
		arr := make([]any, rv.Len())
		for i := range arr {
			arr[i] = rv.Index(i).Interface()
		}
		return AppendJSON(dst, arr)
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = it.Value().Interface()
		}
		return AppendJSON(dst, m)
	}
	return dst, fmt.Errorf("cannot encode a value of type %T as JSON", v)
}

// appendFloat writes floats the way encoding/json does: plain notation for
// ordinary magnitudes, exponent notation (1e+21, 1e-7) outside them.
func appendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, fmt.Errorf("cannot encode %v as JSON", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(dst) - start
		if n >= 4 && dst[len(dst)-4] == 'e' && dst[len(dst)-3] == '-' && dst[len(dst)-2] == '0' {
			dst[len(dst)-2] = dst[len(dst)-1]
			dst = dst[:len(dst)-1]
		}
	}
	return dst, nil
}

// formatRFC3339 is the one rendering of an instant used by JSON output,
// string() and formatDate(t, "rfc3339").
func formatRFC3339(t time.Time) string {
	if t.Nanosecond() != 0 {
		return t.Format(time.RFC3339Nano)
	}
	return t.Format(time.RFC3339)
}

const hexDigits = "0123456789abcdef"

// appendString quotes s like encoding/json with SetEscapeHTML(false):
// control characters, quote and backslash are escaped, U+2028 and U+2029
// too (they break JavaScript), and invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
