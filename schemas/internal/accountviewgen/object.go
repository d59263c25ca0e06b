package main

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object that keeps its keys in insertion order, so the
// generated files read top-down and regenerate without spurious diffs.
// oneLine objects (property schemas) are written on one line.
type object struct {
	keys    []string
	vals    map[string]any
	oneLine bool
}

func newObject() *object { return &object{vals: map[string]any{}} }

func (o *object) set(key string, val any) *object {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = val
	return o
}

// MarshalJSON writes the members in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		kb, err := plain(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteString(": ")
		vb, err := plain(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// plain is json.Marshal without HTML escaping.
func plain(v any) ([]byte, error) {
	if o, ok := v.(*object); ok {
		return o.MarshalJSON()
	}
	if list, ok := v.([]string); ok {
		var b bytes.Buffer
		b.WriteByte('[')
		for i, s := range list {
			if i > 0 {
				b.WriteString(", ")
			}
			sb, err := plain(s)
			if err != nil {
				return nil, err
			}
			b.Write(sb)
		}
		b.WriteByte(']')
		return b.Bytes(), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// encode renders a document with two-space indentation, one line per
// one-line object, and a trailing newline.
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
		data, err := plain(v)
		if err != nil {
			return err
		}
		b.Write(data)
		return nil
	}
	inner := indent + "  "
	b.WriteString("{\n")
	for i, k := range o.keys {
		kb, err := plain(k)
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
