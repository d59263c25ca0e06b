package schemagen

import (
	"bytes"
	"encoding/json"
)

// Object is a JSON object that keeps its keys in insertion order, so that a
// generated file reads top-down ($schema, $id, title, …) and regenerates
// without spurious diffs.
type Object struct {
	keys []string
	vals map[string]any
	// OneLine renders the object on one line (property schemas), so that a
	// regenerated file diffs field by field.
	OneLine bool
}

// NewObject returns an empty object.
func NewObject() *Object { return &Object{vals: map[string]any{}} }

// Set adds or replaces a key; a replaced key keeps its first position.
func (o *Object) Set(key string, val any) *Object {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = val
	return o
}

// Keys returns the keys in insertion order.
func (o *Object) Keys() []string { return o.keys }

// Get returns the value of a key, nil when it is not set.
func (o *Object) Get(key string) any { return o.vals[key] }

// SetAll sets every key of from on o, in from's order: a generator builds a
// row's schema once and lays it into a document's root or $defs.
func (o *Object) SetAll(from *Object) *Object {
	for _, k := range from.keys {
		o.Set(k, from.vals[k])
	}
	return o
}

// MarshalJSON writes the members in order on one line, in the layout of
// compact below.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := writeCompact(&b, k); err != nil {
			return nil, err
		}
		b.WriteString(": ")
		if err := writeCompact(&b, o.vals[k]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Encode renders a document for review: two-space indent for the nested
// objects that are not OneLine, one line for the rest, no HTML escaping and
// a final newline.
func Encode(doc *Object) ([]byte, error) {
	var b bytes.Buffer
	if err := writeIndented(&b, doc, ""); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeIndented(b *bytes.Buffer, v any, indent string) error {
	o, ok := v.(*Object)
	if !ok || o.OneLine || len(o.keys) == 0 {
		return writeCompact(b, v)
	}
	inner := indent + "  "
	b.WriteString("{\n")
	for i, k := range o.keys {
		b.WriteString(inner)
		if err := writeCompact(b, k); err != nil {
			return err
		}
		b.WriteString(": ")
		if err := writeIndented(b, o.vals[k], inner); err != nil {
			return err
		}
		if i < len(o.keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "}")
	return nil
}

// writeCompact writes v on one line without HTML escaping, with ", " and
// ": " between items so that it reads like hand-written JSON. Objects
// nested in other values (an array of objects) come back from the encoder
// compacted, so the spacing is applied to the whole text.
func writeCompact(b *bytes.Buffer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(spaced(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))))
	return nil
}

// spaced adds a space after every comma and colon outside strings.
func spaced(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/8)
	inString, escaped := false, false
	for _, c := range data {
		out = append(out, c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			out = append(out, ' ')
		}
	}
	return out
}
