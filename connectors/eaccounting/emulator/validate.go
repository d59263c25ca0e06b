package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/govalues/decimal"
)

// maxBody is the largest request body the emulator reads.
const maxBody = 8 << 20

// decodeBody reads a JSON object, numbers kept exact.
func decodeBody(r *http.Request) (row, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return nil, errf(http.StatusBadRequest, codeValidation, "reading the request body: %v", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return row{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		return nil, errf(http.StatusBadRequest, codeValidation, "the request body is not valid JSON: %v", err)
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, errf(http.StatusBadRequest, codeValidation, "the request body must be a JSON object")
	}
	return obj, nil
}

// checker validates a body against a component of the generated table and
// returns the cleaned row: known, writable properties only, under their
// documented names, with uuids in lower case and dates normalised.
type checker struct {
	// strict refuses unknown and read-only properties instead of
	// ignoring them (Options.Strict).
	strict bool
	// keepReadOnly keeps read-only properties (seed rows).
	keepReadOnly bool
	errs         []fieldError
}

func (k *checker) add(path, rule, format string, args ...any) {
	k.errs = append(k.errs, fieldErr(path, rule, format, args...))
}

// object checks one JSON object against comp; prefix is the path of the
// object itself ("" at the root, "Rows[2]." inside).
func (k *checker) object(comp *genComponent, in row, prefix string) row {
	out := row{}
	names := make([]string, 0, len(in))
	for n := range in {
		names = append(names, n)
	}
	slices.Sort(names) // errors in a stable order
	seen := map[string]bool{}
	for _, n := range names {
		f, ok := comp.field(n)
		if ok && in[n] != nil {
			seen[f.Name] = true
		}
		switch {
		case !ok:
			if k.strict {
				k.add(prefix+n, ruleUnknown, "%s is not a property of %s", prefix+n, comp.Name)
			}
			continue
		case f.readOnly() && !k.keepReadOnly:
			if k.strict {
				k.add(prefix+f.Name, ruleReadOnly, "%s is read-only", prefix+f.Name)
			}
			continue
		}
		if v, ok := k.value(f, in[n], prefix+f.Name); ok {
			out[f.Name] = v
		}
	}
	for i := range comp.Fields {
		f := &comp.Fields[i]
		if !f.required() {
			continue
		}
		if !seen[f.Name] {
			k.add(prefix+f.Name, ruleRequired, "The %s field is required.", f.Name)
		}
	}
	return out
}

// value checks one property value; false drops it.
func (k *checker) value(f *genField, v any, path string) (any, bool) {
	if v == nil {
		if !f.nullable() && !f.required() {
			k.add(path, ruleType, "%s cannot be null", path)
			return nil, false
		}
		return nil, true
	}
	switch f.Kind {
	case kindObject:
		m, ok := v.(map[string]any)
		if !ok {
			k.add(path, ruleType, "%s must be an object", path)
			return nil, false
		}
		return k.object(genComponents[f.Ref], m, path+"."), true
	case kindArray:
		list, ok := v.([]any)
		if !ok {
			k.add(path, ruleType, "%s must be an array", path)
			return nil, false
		}
		out := make([]any, 0, len(list))
		for i, item := range list {
			ip := path + "[" + strconv.Itoa(i) + "]"
			if f.Elem == kindObject {
				m, ok := item.(map[string]any)
				if !ok {
					k.add(ip, ruleType, "%s must be an object", ip)
					continue
				}
				out = append(out, k.object(genComponents[f.Ref], m, ip+"."))
				continue
			}
			elem := genField{Name: f.Name, Kind: f.Elem}
			if x, ok := k.value(&elem, item, ip); ok {
				out = append(out, x)
			}
		}
		return out, true
	}
	return k.scalar(f, v, path)
}

func (k *checker) scalar(f *genField, v any, path string) (any, bool) {
	switch f.Kind {
	case kindString:
		s, ok := v.(string)
		if !ok {
			k.add(path, ruleType, "%s must be a string", path)
			return nil, false
		}
		if f.MaxLen > 0 && utf8.RuneCountInString(s) > f.MaxLen {
			k.add(path, ruleLength, "%s may be at most %d characters long", path, f.MaxLen)
			return nil, false
		}
		return s, true
	case kindUUID:
		u, ok := parseUUID(str(v))
		if !ok {
			k.add(path, ruleType, "%s must be a Guid", path)
			return nil, false
		}
		return u, true
	case kindDateTime:
		t, ok := parseTime(str(v))
		if !ok {
			k.add(path, ruleType, "%s must be a date (yyyy-MM-dd) or an ISO 8601 date-time", path)
			return nil, false
		}
		if k.keepReadOnly && f.readOnly() {
			return utcWire(t), true // a seed's audit time
		}
		return dateWire(t), true
	case kindBool:
		b, ok := v.(bool)
		if !ok {
			k.add(path, ruleType, "%s must be true or false", path)
			return nil, false
		}
		return b, true
	case kindNumber, kindInteger:
		return k.number(f, v, path)
	}
	return v, true
}

func (k *checker) number(f *genField, v any, path string) (any, bool) {
	d, ok := decOf(v)
	if !ok {
		k.add(path, ruleType, "%s must be a number", path)
		return nil, false
	}
	if f.Kind == kindInteger && d.Trim(0).Scale() > 0 {
		k.add(path, ruleType, "%s must be a whole number", path)
		return nil, false
	}
	if f.Min != "" && d.Cmp(decimal.MustParse(f.Min)) < 0 || f.Max != "" && d.Cmp(decimal.MustParse(f.Max)) > 0 {
		k.add(path, ruleRange, "%s must be between %s and %s", path, orText(f.Min, "-∞"), orText(f.Max, "∞"))
		return nil, false
	}
	if len(f.Enum) > 0 {
		n, _, _ := d.Int64(0)
		if !slices.Contains(f.Enum, int(n)) {
			k.add(path, ruleEnum, "%s must be one of %v", path, f.Enum)
			return nil, false
		}
	}
	if f.Decimals > 0 && d.Trim(0).Scale() > f.Decimals {
		k.add(path, ruleDecimals, "%s may have at most %d decimals", path, f.Decimals)
		return nil, false
	}
	return num(d), true
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
