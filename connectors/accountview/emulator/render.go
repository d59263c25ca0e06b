package emulator

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// tableRows is one table's part of a response: {"CONTACT": [...]}.
type tableRows struct {
	def    *tableDef
	rows   []*row
	fields []*fieldDef // nil: every field
}

// renderTables writes the response object: each table's rows under its
// name, fields in dictionary order followed by the row ids. single renders
// a table with exactly one row as an object instead of an array, the
// quirk [AV-PHP] guards against (Options.SingleRowAsObject).
func renderTables(parts []tableRows, single bool) []byte {
	b := make([]byte, 0, 4096)
	b = append(b, '{')
	for i, p := range parts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, p.def.Name)
		b = append(b, ':')
		asObject := single && len(p.rows) == 1
		if !asObject {
			b = append(b, '[')
		}
		for j, r := range p.rows {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendRow(b, p.def, r, p.fields)
		}
		if !asObject {
			b = append(b, ']')
		}
	}
	return append(b, '}', '\n')
}

func appendRow(b []byte, t *tableDef, r *row, fields []*fieldDef) []byte {
	b = append(b, '{')
	first := true
	emit := func(f *fieldDef) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, f.Name)
		b = append(b, ':')
		v := valueOf(t, r, f)
		if v == nil {
			v = emptyWire(f)
		}
		b = appendValue(b, v)
	}
	if fields == nil {
		for i := range t.Fields {
			emit(&t.Fields[i])
		}
	} else {
		for _, f := range fields {
			emit(f)
		}
	}
	return append(b, '}')
}

func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, x)
	case json.Number:
		return append(b, x...)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	}
	data, _ := json.Marshal(v)
	return append(b, data...)
}

// appendString writes s as a JSON string without HTML escaping.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
