package emulator

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
)

// decoder turns a request body into a record by the table: it maps wire
// names to logical names, checks types, lengths, enums and required
// fields, fills defaults, and collects every violation instead of stopping
// at the first, as ASP.NET model validation does.
type decoder struct {
	l      lang
	strict bool // unknown and read-only members are errors
	// seeding accepts read-only members (ids, numbers, stock, timestamps)
	// from a seed document.
	seeding bool
	errs    *fieldErrors
}

// object decodes the members of in described by fields; path prefixes
// the error keys ("" at the top, "lines[0]." inside a line).
func (d *decoder) object(fields []field, in map[string]any, path string) record {
	// ASP.NET's web defaults match member names ignoring case.
	byLower := make(map[string]string, len(in))
	for k := range in {
		byLower[strings.ToLower(k)] = k
	}
	known := map[string]bool{}
	out := record{}
	for i := range fields {
		f := &fields[i]
		key, present := byLower[strings.ToLower(f.Wire)]
		var v any
		if present {
			known[key] = true
			v = in[key]
		}
		p := path + f.Wire
		if f.is(fReadOnly) && !(d.seeding && v != nil) {
			if d.strict && v != nil {
				d.errs.add(p, d.l.t(mReadOnly, p))
			}
			continue
		}
		if v == nil || v == "" {
			if f.is(fRequired) && !f.is(fReadOnly) {
				d.errs.add(p, d.l.t(mRequired, p))
			} else if f.Default != nil {
				out[f.Name] = defaultValue(f)
			} else if v == "" {
				out[f.Name] = ""
			}
			continue
		}
		if val, ok := d.value(f, v, p); ok {
			out[f.Name] = val
		}
	}
	if d.strict {
		for k := range in {
			if !known[k] {
				d.errs.add(path+k, d.l.t(mUnknown, path+k))
			}
		}
	}
	return out
}

// value converts one present, non-null value.
func (d *decoder) value(f *field, v any, p string) (any, bool) {
	bad := func() (any, bool) {
		d.errs.add(p, d.l.t(mType, p, d.l.kindName(f.Kind)))
		return nil, false
	}
	switch f.Kind {
	case kText:
		s, ok := v.(string)
		if !ok {
			return bad()
		}
		if f.Enum != nil {
			for _, e := range f.Enum {
				if strings.EqualFold(e, s) {
					return e, true
				}
			}
			d.errs.add(p, d.l.t(mEnum, p, strings.Join(f.Enum, ", ")))
			return nil, false
		}
		if f.MaxLength > 0 && utf8.RuneCountInString(s) > f.MaxLength {
			d.errs.add(p, d.l.t(mMaxLength, p, f.MaxLength))
			return nil, false
		}
		return s, true
	case kInt, kRef:
		n, ok := v.(json.Number)
		if !ok {
			return bad()
		}
		if _, ok := intOf(n); !ok {
			return bad()
		}
		return n, true
	case kDecimal:
		n, ok := v.(json.Number)
		if !ok {
			return bad()
		}
		dec, err := decimal.Parse(string(n))
		if err != nil {
			return bad()
		}
		return json.Number(dec.String()), true
	case kBool:
		b, ok := v.(bool)
		if !ok {
			return bad()
		}
		return b, true
	case kDate:
		s, ok := v.(string)
		if !ok {
			return bad()
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return bad()
		}
		return s, true
	case kDateTime:
		s, ok := v.(string)
		if !ok {
			return bad()
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return bad()
		}
		return stamp(t), true
	case kObject:
		m, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		return d.object(f.Fields, m, p+"."), true
	case kLines:
		list, ok := v.([]any)
		if !ok {
			return bad()
		}
		if len(list) < f.MinItems {
			d.errs.add(p, d.l.t(mMinItems, p, f.MinItems))
		}
		lines := make([]any, 0, len(list))
		for i, item := range list {
			m, ok := item.(map[string]any)
			lp := fmt.Sprintf("%s[%d]", p, i)
			if !ok {
				d.errs.add(lp, d.l.t(mType, lp, d.l.kindName(kObject)))
				continue
			}
			lines = append(lines, d.object(f.Fields, m, lp+"."))
		}
		return lines, true
	}
	return bad()
}

// defaultValue is a field's Default in stored form.
func defaultValue(f *field) any {
	if s, ok := f.Default.(string); ok && (f.Kind == kDecimal || f.Kind == kInt) {
		return json.Number(s)
	}
	return f.Default
}

// stamp formats a timestamp the way the emulator answers them: RFC 3339
// in UTC with milliseconds.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// render writes a record in wire form, every field of the table present
// (null when unset), in table order.
func render(fields []field, r record) obj {
	o := make(obj, 0, len(fields))
	for i := range fields {
		f := &fields[i]
		v := r[f.Name]
		switch f.Kind {
		case kObject:
			if m, ok := v.(record); ok {
				v = render(f.Fields, m)
			}
		case kLines:
			if list, ok := v.([]any); ok {
				lines := make([]any, len(list))
				for j, item := range list {
					m, _ := item.(record)
					lines[j] = render(f.Fields, m)
				}
				v = lines
			} else {
				v = []any{}
			}
		}
		o = append(o, member{f.Wire, v})
	}
	return o
}
