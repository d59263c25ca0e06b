package main

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object that keeps its keys in insertion order, so that a
// generated file reads top-down ($schema, $id, title, …) and regenerates
// without spurious diffs.
type object struct {
	keys []string
	vals map[string]any
	// oneLine renders the object on one line (property schemas), so that a
	// regenerated file diffs field by field.
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

// encode renders a document for review: two-space indent for the nested
// objects that are not oneLine, no HTML escaping, a final newline.
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

// writeCompact writes v on one line without HTML escaping; slices of
// scalars get ", " between items so that they read like hand-written JSON.
func writeCompact(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case *object:
		data, err := x.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(data)
		return nil
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeCompact(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return nil
}
