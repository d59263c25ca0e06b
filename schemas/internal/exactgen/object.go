package main

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object that keeps its keys in insertion order, so that the
// generated files read top-down ($schema, $id, title, ...) and regenerate
// without spurious diffs.
type object struct {
	keys []string
	vals map[string]any
	// oneLine renders the object on a single line (property schemas).
	oneLine bool
}

func newObject() *object { return &object{vals: map[string]any{}} }

// set adds or replaces a key; a replaced key keeps its first position.
func (o *object) set(key string, val any) *object {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = val
	return o
}

func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encode renders a document for review: two-space indent, one line per
// property schema (so that a regenerated file diffs field by field), no HTML
// escaping, trailing newline.
func encode(doc *object) ([]byte, error) {
	var b bytes.Buffer
	if err := writeIndented(&b, doc, ""); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeIndented(b *bytes.Buffer, v any, indent string) error {
	o, ok := v.(*object)
	if !ok || o.oneLine || len(o.keys) == 0 {
		data, err := marshal(v)
		if err != nil {
			return err
		}
		b.Write(data)
		return nil
	}
	inner := indent + "  "
	b.WriteString("{\n")
	for i, k := range o.keys {
		kb, err := marshal(k)
		if err != nil {
			return err
		}
		b.WriteString(inner)
		b.Write(kb)
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

// marshal is json.Marshal without HTML escaping, with ", " and ": " between
// items so that one-line objects read like the hand-written schemas.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return spaced(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
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
