package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// object is a JSON object that keeps its keys in insertion order, so that
// responses list __metadata first and then the properties in the order of
// Exact's reference, as the real service does.
type object struct {
	keys []string
	vals []any
}

func (o *object) set(k string, v any) {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

// MarshalJSON writes the object in key order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if err := writeValue(&b, o.vals[i]); err != nil {
			return nil, fmt.Errorf("property %s: %w", k, err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeValue appends one JSON value, writing the wire types directly (the
// common case, and much cheaper than a reflecting encoder per value).
func writeValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return nil
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
		return nil
	case json.Number:
		b.WriteString(string(x))
		return nil
	case string:
		if plainASCII(x) {
			b.WriteByte('"')
			b.WriteString(x)
			b.WriteByte('"')
			return nil
		}
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// plainASCII reports whether s needs no JSON escaping.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// entityURL is the canonical URL of one entity.
func (tx *txn) entityURL(path, id string) string {
	return fmt.Sprintf("%s/api/v1/%d/%s(guid'%s')", tx.base, tx.d.Code, path, id)
}

// renderOpts says how one row is rendered.
type renderOpts struct {
	def      *genEndpoint
	path     string // for __metadata and deferred links
	typeName string
	spec     *entitySpec // the entity behind the row, for line expansion; may be nil
	selects  []string    // nil = all
	q        *query      // expansion and nested $select; may be nil
	uri      string      // overrides the entity URL built from path
}

// render turns a stored row into its response object.
func (tx *txn) render(o renderOpts, id string, r row) *object {
	out := &object{}
	uri := o.uri
	if uri == "" {
		uri = tx.entityURL(o.path, id)
	}
	out.set("__metadata", map[string]string{"uri": uri, "type": o.typeName})
	for _, f := range o.def.Fields {
		if o.selects != nil && !contains(o.selects, f.Name) {
			continue
		}
		if f.Type != edmNav {
			out.set(f.Name, outputValue(f, r[f.Name]))
			continue
		}
		if o.q != nil && o.q.expand[f.Name] && o.spec != nil && o.spec.Lines == f.Name {
			out.set(f.Name, map[string]any{"results": tx.renderLines(o.spec, id, o.q.navSelect[f.Name])})
			continue
		}
		out.set(f.Name, map[string]any{"__deferred": map[string]string{"uri": uri + "/" + f.Name}})
	}
	return out
}

// renderLines renders the lines of a header, selecting fields (nil = all).
func (tx *txn) renderLines(s *entitySpec, headerID string, selects []string) []*object {
	ls := s.lineSpec()
	lines := tx.linesOf(s, headerID)
	out := make([]*object, 0, len(lines))
	for _, l := range lines {
		out = append(out, tx.render(renderOpts{def: ls.def, path: ls.Path, typeName: ls.Type, selects: selects},
			str(l[ls.key]), l))
	}
	return out
}

// entityOpts are the render options of an entity endpoint under q.
func entityOpts(s *entitySpec, q *query) renderOpts {
	o := renderOpts{def: s.def, path: s.Path, typeName: s.Type, spec: s, q: q}
	if q != nil {
		o.selects = q.selects
	}
	return o
}

// collection wraps rows in Exact's list envelope.
func collection(results []*object, next string) map[string]any {
	d := map[string]any{"results": results}
	if next != "" {
		d["__next"] = next
	}
	return map[string]any{"d": d}
}
