package schemas

import (
	"maps"
	"math/big"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// shape is the set of compiled schemas that apply at one place of a record.
// The library has already resolved every $ref (local and across files), so
// building fields is a walk over pointers, never over raw JSON.
type shape struct {
	// members all apply: the schema, its $ref targets and allOf parts.
	members []*jsonschema.Schema
	// unions are anyOf/oneOf groups other than the nullable idiom; each
	// branch is a shape of its own.
	unions [][]*shape
	// nullable is set by the idiom anyOf/oneOf [X, {"type": "null"}], which
	// is read as X that may also be null.
	nullable bool
}

func shapeOf(schemas ...*jsonschema.Schema) *shape {
	sh := &shape{}
	seen := map[*jsonschema.Schema]bool{}
	for _, s := range schemas {
		sh.add(s, seen)
	}
	return sh
}

func (sh *shape) add(s *jsonschema.Schema, seen map[*jsonschema.Schema]bool) {
	if s == nil || seen[s] {
		return
	}
	seen[s] = true
	sh.members = append(sh.members, s)
	sh.add(s.Ref, seen)
	for _, p := range s.AllOf {
		sh.add(p, seen)
	}
	for _, group := range [][]*jsonschema.Schema{s.AnyOf, s.OneOf} {
		if len(group) == 0 {
			continue
		}
		var branches, nonNull []*shape
		for _, b := range group {
			// A branch starts from what is already seen so that a branch
			// referring back to an enclosing schema ends there.
			bs := &shape{}
			bs.add(b, maps.Clone(seen))
			branches = append(branches, bs)
			if !bs.onlyNull() {
				nonNull = append(nonNull, bs)
			}
		}
		if len(nonNull) == 1 {
			for _, m := range nonNull[0].members {
				if !seen[m] {
					seen[m] = true
					sh.members = append(sh.members, m)
				}
			}
			sh.unions = append(sh.unions, nonNull[0].unions...)
			sh.nullable = sh.nullable || nonNull[0].nullable || len(group) > 1
			continue
		}
		sh.unions = append(sh.unions, branches)
	}
}

// onlyNull reports whether a branch allows nothing but null.
func (sh *shape) onlyNull() bool {
	t := sh.types()
	return len(t) == 1 && t[0] == "null"
}

// types intersects the members' type lists; for a shape whose members say
// nothing, it is the union over the alternatives (empty when any branch
// allows every type).
func (sh *shape) types() []string {
	var out []string
	constrained := false
	for _, m := range sh.members {
		if len(m.Types) == 0 {
			continue
		}
		if !constrained {
			out, constrained = slices.Clone(m.Types), true
			continue
		}
		out = slices.DeleteFunc(out, func(t string) bool {
			return !slices.Contains(m.Types, t) && !(t == "integer" && slices.Contains(m.Types, "number"))
		})
	}
	if !constrained {
		for _, group := range sh.unions {
			var union []string
			for _, b := range group {
				bt := b.types()
				if len(bt) == 0 {
					union = nil
					break
				}
				for _, t := range bt {
					if !slices.Contains(union, t) {
						union = append(union, t)
					}
				}
			}
			if union != nil {
				return union
			}
		}
	}
	if sh.nullable && len(out) > 0 && !slices.Contains(out, "null") {
		out = append(out, "null")
	}
	return out
}

// open reports whether undeclared property names are allowed.
func (sh *shape) open() bool {
	if t := sh.types(); len(t) > 0 && !slices.Contains(t, "object") {
		return false
	}
	for _, m := range sh.members {
		if closes(m.AdditionalProperties) || (m.UnevaluatedProperties != nil && isFalse(m.UnevaluatedProperties)) {
			if len(m.PatternProperties) == 0 {
				return false
			}
		}
	}
	for _, group := range sh.unions {
		anyOpen := false
		for _, b := range group {
			anyOpen = anyOpen || b.open()
		}
		if !anyOpen {
			return false
		}
	}
	return true
}

func closes(additional any) bool {
	switch a := additional.(type) {
	case bool:
		return !a
	case *jsonschema.Schema:
		return isFalse(a)
	}
	return false
}

func isFalse(s *jsonschema.Schema) bool { return s.Always != nil && !*s.Always }

// buildRoot returns the field of a whole record. Only the chain of array
// items below a field is built with it; properties are built when first
// asked for (see Field.expand), so a recursive schema has fields to any
// depth without building an infinite tree.
func buildRoot(s *jsonschema.Schema) *Field {
	return build("", "", []*jsonschema.Schema{s}, map[string]*Field{})
}

// build makes the field of the schemas in applies at path. itemsOf holds
// the fields, by identity, whose Items are being built: an array whose
// elements are arrays of the same schema, to any depth, gets itself as its
// Items instead of an endless chain.
func build(name, path string, applies []*jsonschema.Schema, itemsOf map[string]*Field) *Field {
	id := identity(applies)
	if f, ok := itemsOf[id]; ok {
		return f
	}
	sh := shapeOf(applies...)
	f := &Field{Name: name, Path: path, MaxLength: -1, Types: sh.types(), id: id}
	for _, m := range sh.members {
		scalars(f, m)
	}
	f.open = sh.open()

	// Children: every property any member or alternative declares.
	lazy := &lazyProps{props: map[string][]*jsonschema.Schema{}}
	var itemSchemas []*jsonschema.Schema
	collect := func(m *jsonschema.Schema) {
		for n, p := range m.Properties {
			lazy.props[n] = append(lazy.props[n], p)
		}
		if it, ok := m.Items.(*jsonschema.Schema); ok {
			itemSchemas = append(itemSchemas, it)
		}
		if m.Items2020 != nil {
			itemSchemas = append(itemSchemas, m.Items2020)
		}
		if a, ok := m.AdditionalProperties.(*jsonschema.Schema); ok && !isFalse(a) && f.open {
			lazy.additional = append(lazy.additional, a)
		}
	}
	for _, m := range sh.members {
		collect(m)
	}
	for _, group := range sh.unions {
		for _, br := range group {
			for _, m := range br.members {
				collect(m)
			}
		}
	}
	f.names = slices.Sorted(maps.Keys(lazy.props))
	if len(lazy.props) > 0 || len(lazy.additional) > 0 {
		f.lazy = lazy
	}
	if len(itemSchemas) > 0 {
		itemsOf[id] = f
		f.Items = build("#", joinPath(path, "#"), itemSchemas, itemsOf)
		delete(itemsOf, id)
	}
	return f
}

// sortedBySource orders the schemas one property has in several members by
// location, so that merging (first description wins) does not depend on map
// iteration order.
func sortedBySource(ps []*jsonschema.Schema) []*jsonschema.Schema {
	return slices.SortedStableFunc(slices.Values(ps), func(a, b *jsonschema.Schema) int {
		switch {
		case a.Location < b.Location:
			return -1
		case a.Location > b.Location:
			return 1
		}
		return 0
	})
}

// scalars merges one member's keywords into f: the first enum, const,
// format, pattern and description win; length and number bounds take the
// tightest; required and annotations accumulate.
func scalars(f *Field, m *jsonschema.Schema) {
	if f.Enum == nil && m.Enum != nil {
		f.Enum = slices.Clone(m.Enum)
	}
	if !f.hasConst && len(m.Constant) > 0 {
		f.Const, f.hasConst = m.Constant[0], true
	}
	if f.Format == "" {
		f.Format = m.Format
	}
	if f.pattern == nil && m.Pattern != nil {
		f.pattern, f.Pattern = m.Pattern, m.Pattern.String()
	}
	if m.MaxLength >= 0 && (f.MaxLength < 0 || m.MaxLength < f.MaxLength) {
		f.MaxLength = m.MaxLength
	}
	if m.MinLength > f.minLength {
		f.minLength = m.MinLength
	}
	if v, ok := ratFloat(m.Minimum); ok && (f.Minimum == nil || v > *f.Minimum) {
		f.Minimum = &v
	}
	if v, ok := ratFloat(m.Maximum); ok && (f.Maximum == nil || v < *f.Maximum) {
		f.Maximum = &v
	}
	for _, r := range m.Required {
		if !slices.Contains(f.Required, r) {
			f.Required = append(f.Required, r)
		}
	}
	if f.Description == "" {
		f.Description = m.Description
	}
	f.ReadOnly = f.ReadOnly || m.ReadOnly
	a := annotationsOf(m)
	f.Personal = f.Personal || a.personal
	f.NaturalKey = f.NaturalKey || a.naturalKey
	f.Key = f.Key || a.key
	f.Assumed = f.Assumed || a.assumed
}

func ratFloat(r *big.Rat) (float64, bool) {
	if r == nil {
		return 0, false
	}
	v, _ := r.Float64()
	return v, true
}
