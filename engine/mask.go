package engine

import (
	"sync"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// masked replaces personal data in the activity log.
const masked = "***"

// maskPersonal returns payload with the values of fields the schema marks
// as personal data (x-personal-data) replaced, at any depth, so the
// activity log keeps what happened without keeping who it happened to.
//
// Every record of a run is masked, twice (payload and source), so the
// walk only descends where the schema has personal data below: other
// values, such as the lines of an order, are copied in one pass, compacted
// as the walk would have written them.
func maskPersonal(payload []byte, f *schemas.Field) []byte {
	if f == nil {
		return append([]byte(nil), payload...)
	}
	if len(payload) == 0 {
		return nil
	}
	var out []byte
	if m := maskOf(f); m == nil {
		out = appendStripped(make([]byte, 0, len(payload)), payload)
	} else {
		// Parsed in place, not copied: the results point into payload,
		// which does not change while the walk appends from them.
		v := gjson.Parse(unsafe.String(&payload[0], len(payload)))
		out = appendMasked(make([]byte, 0, len(payload)+len(payload)/8), v, m)
	}
	if len(out) == 0 {
		return nil // whitespace alone, as the walk gave it
	}
	return out
}

// maskNode is the part of a schema that holds personal data: nil for a
// field with none at any depth, whose value is copied as it is.
type maskNode struct {
	personal bool
	children map[string]*maskNode // declared properties with personal data below
	other    *maskNode            // undeclared properties (additionalProperties)
	items    *maskNode            // array elements
}

// maskNodes caches the mask of each schema root: schemas are immutable
// and shared by every plan of the process.
var maskNodes sync.Map // *schemas.Field → *maskNode (nil stored as a typed nil)

func maskOf(f *schemas.Field) *maskNode {
	if m, ok := maskNodes.Load(f); ok {
		return m.(*maskNode)
	}
	m := buildMask(f, map[string]*maskNode{})
	maskNodes.Store(f, m)
	return m
}

// noSuchProperty is a property name no schema declares: Child answers it
// with the schema of undeclared properties, if there is one.
const noSuchProperty = "\x00"

// buildMask returns f's mask, nil when f holds no personal data. seen
// holds, by schemas.Field.Identity, the masks of the fields on the way
// down and of those done. A recursive schema has fields to any depth, and
// the field of a node's descendant has the node's identity: it gets the
// mask being built, so the mask is a graph that a record's values walk as
// deep as they go. Those values are walked even when the cycle holds no
// personal data, which is always right, only not the shortest way.
func buildMask(f *schemas.Field, seen map[string]*maskNode) *maskNode {
	if f == nil {
		return nil
	}
	id := f.Identity()
	if m, ok := seen[id]; ok {
		return m
	}
	if f.Personal {
		seen[id] = &maskNode{personal: true}
		return seen[id]
	}
	m := &maskNode{}
	seen[id] = m
	m.items = buildMask(f.Items, seen)
	for _, name := range f.Names() {
		c, _ := f.Child(name)
		if cm := buildMask(c, seen); cm != nil {
			if m.children == nil {
				m.children = map[string]*maskNode{}
			}
			m.children[name] = cm
		}
	}
	if other, ok := f.Child(noSuchProperty); ok {
		m.other = buildMask(other, seen)
	}
	if m.children == nil && m.other == nil && m.items == nil {
		seen[id] = nil
		return nil
	}
	return m
}

func (m *maskNode) child(name string) *maskNode {
	if c, ok := m.children[name]; ok {
		return c
	}
	return m.other
}

func appendMasked(dst []byte, v gjson.Result, m *maskNode) []byte {
	switch {
	case m == nil:
		return appendStripped(dst, v.Raw)
	case m.personal && v.Type != gjson.Null:
		return append(dst, `"`+masked+`"`...)
	case v.IsObject():
		dst = append(dst, '{')
		first := true
		v.ForEach(func(k, child gjson.Result) bool {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst, _ = exprenv.AppendJSON(dst, k.Str)
			dst = append(dst, ':')
			dst = appendMasked(dst, child, m.child(k.Str))
			return true
		})
		return append(dst, '}')
	case v.IsArray():
		dst = append(dst, '[')
		i := 0
		v.ForEach(func(_, child gjson.Result) bool {
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			dst = appendMasked(dst, child, m.items)
			return true
		})
		return append(dst, ']')
	}
	return append(dst, v.Raw...)
}

// appendStripped appends the JSON value raw without the whitespace between
// its tokens, as a walk that re-encodes every object and array would. Raw
// came from gjson, so it is not validated again (appendCompact does).
func appendStripped[T string | []byte](dst []byte, raw T) []byte {
	start, inString := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			dst = append(dst, raw[start:i]...)
			start = i + 1
		}
	}
	return append(dst, raw[start:]...)
}
