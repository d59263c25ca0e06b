package schemas

import (
	"encoding/json"
	"math/big"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast validator is built from the compiled schemas themselves, not from
// the Field tree: fields merge their parts for compile-time questions (first
// pattern wins, bounds become float64, alternatives lend their properties),
// which is right for "does this path exist" but too loose to accept a record
// on. Here each compiled schema object becomes one node that keeps exactly
// its own keywords, and a $ref or allOf part is a node of its own that the
// value must also pass, just as the library evaluates them.

// newFastValidator returns the fast validator of a compiled schema, or nil
// when the whole schema must go to the library: its root uses a keyword the
// fast path does not implement, or a dynamic reference anywhere makes
// validation depend on the path taken. A property or item schema that uses
// such a keyword becomes a library node; the rest stays fast.
func newFastValidator(root *jsonschema.Schema) *fnode {
	dynamic := false
	walkSchemas(root, func(s *jsonschema.Schema) {
		dynamic = dynamic || s.RecursiveRef != nil || s.DynamicRef != nil
	})
	if dynamic {
		return nil
	}
	b := &fastBuilder{nodes: map[*jsonschema.Schema]*fnode{}, ok: map[*jsonschema.Schema]bool{}}
	n := b.build(root)
	if n.lib != nil {
		return nil
	}
	return n
}

type fastBuilder struct {
	nodes map[*jsonschema.Schema]*fnode
	ok    map[*jsonschema.Schema]bool // in-place closure checked and supported
}

// build returns the node of s. Nodes are shared, so recursive schemas make
// a graph; the in-place parts ($ref, allOf, anyOf) of a node never form a
// cycle: the compiler refuses such loops, and inPlaceOK would too.
func (b *fastBuilder) build(s *jsonschema.Schema) *fnode {
	if n, ok := b.nodes[s]; ok {
		return n
	}
	if !b.inPlaceOK(s, nil) {
		n := &fnode{lib: s}
		b.nodes[s] = n
		return n
	}
	n := &fnode{minLen: s.MinLength, maxLen: s.MaxLength, minItems: s.MinItems, maxItems: s.MaxItems}
	b.nodes[s] = n
	if s.Always != nil {
		n.always = 1
		if !*s.Always {
			n.always = -1
		}
		return n
	}
	for _, t := range s.Types {
		n.types |= typeBits[t]
	}
	if len(s.Constant) > 0 {
		n.enums = append(n.enums, scalarsOf(s.Constant[:1]))
	}
	if len(s.Enum) > 0 {
		n.enums = append(n.enums, scalarsOf(s.Enum))
	}
	n.format = newFormatCheck(s.Format)
	n.pattern = s.Pattern
	n.needStr = n.minLen >= 0 || n.maxLen >= 0 || n.pattern != nil || n.format != nil || len(n.enums) > 0
	n.minimum, n.hasMin = boundOf(s.Minimum)
	n.maximum, n.hasMax = boundOf(s.Maximum)
	n.exclMin, n.hasExclMin = boundOf(s.ExclusiveMinimum)
	n.exclMax, n.hasExclMax = boundOf(s.ExclusiveMaximum)

	if len(s.Properties) > 0 || len(s.Required) > 0 {
		n.props = make(map[string]propEntry, len(s.Properties)+len(s.Required))
		for name, p := range s.Properties {
			n.props[name] = propEntry{node: b.build(p), declared: true}
		}
		for i, name := range s.Required {
			e := n.props[name]
			e.bit |= 1 << i
			n.props[name] = e
			n.required |= 1 << i
		}
	}
	switch a := s.AdditionalProperties.(type) {
	case bool:
		n.closed = !a
	case *jsonschema.Schema:
		n.additional = b.build(a)
	}
	if it, ok := s.Items.(*jsonschema.Schema); ok {
		n.items = b.build(it)
	}
	if s.Items2020 != nil {
		n.items = b.build(s.Items2020)
	}
	if s.Ref != nil {
		n.subs = append(n.subs, b.build(s.Ref))
	}
	for _, p := range s.AllOf {
		n.subs = append(n.subs, b.build(p))
	}
	if len(s.AnyOf) > 0 {
		n.nullOr = b.build(nonNullBranch(s.AnyOf))
	}
	return n
}

// inPlaceOK reports whether s and everything that applies to the same value
// ($ref targets, allOf parts, the non-null anyOf branch) use only supported
// keywords, without a loop. stack holds the schemas being checked.
func (b *fastBuilder) inPlaceOK(s *jsonschema.Schema, stack []*jsonschema.Schema) bool {
	if b.ok[s] {
		return true
	}
	if slices.Contains(stack, s) || !ownKeywordsOK(s) {
		return false
	}
	stack = append(stack, s)
	parts := slices.Clone(s.AllOf)
	if s.Ref != nil {
		parts = append(parts, s.Ref)
	}
	if len(s.AnyOf) > 0 {
		parts = append(parts, nonNullBranch(s.AnyOf))
	}
	for _, p := range parts {
		if !b.inPlaceOK(p, stack) {
			return false
		}
	}
	b.ok[s] = true
	return true
}

// ownKeywordsOK reports whether every keyword of s itself is one the fast
// path implements exactly. Annotations (title, description, readOnly, our
// x- keywords, ...) never affect validity.
func ownKeywordsOK(s *jsonschema.Schema) bool {
	if s.Not != nil || len(s.OneOf) > 0 || s.If != nil || s.RecursiveRef != nil || s.DynamicRef != nil ||
		s.MinProperties >= 0 || s.MaxProperties >= 0 || s.PropertyNames != nil || s.RegexProperties ||
		len(s.PatternProperties) > 0 || len(s.Dependencies) > 0 || len(s.DependentRequired) > 0 ||
		len(s.DependentSchemas) > 0 || s.UnevaluatedProperties != nil ||
		s.UniqueItems || s.AdditionalItems != nil || len(s.PrefixItems) > 0 || s.Contains != nil ||
		s.MinContains != 1 || s.MaxContains >= 0 || s.UnevaluatedItems != nil || s.MultipleOf != nil ||
		len(s.Required) > 64 {
		return false
	}
	if _, tuple := s.Items.([]*jsonschema.Schema); tuple {
		return false
	}
	// Content keywords assert only in drafts before 2019-09 (our compiler
	// leaves AssertContent off); later drafts merely annotate.
	if (s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil) &&
		s.Draft != jsonschema.Draft2019 && s.Draft != jsonschema.Draft2020 {
		return false
	}
	if (len(s.AnyOf) > 0 && nonNullBranch(s.AnyOf) == nil) || foreignExtensions(s) {
		return false
	}
	for _, t := range s.Types {
		if typeBits[t] == 0 {
			return false
		}
	}
	for _, r := range []*big.Rat{s.Minimum, s.Maximum, s.ExclusiveMinimum, s.ExclusiveMaximum} {
		if _, ok := boundOf(r); r != nil && !ok {
			return false
		}
	}
	return (len(s.Enum) == 0 || scalarsOf(s.Enum) != nil) && (len(s.Constant) == 0 || scalarsOf(s.Constant) != nil)
}

// nonNullBranch returns X of the nullable idiom anyOf [X, {"type": "null"}]
// (in either order), or nil when an anyOf is anything else.
func nonNullBranch(group []*jsonschema.Schema) *jsonschema.Schema {
	if len(group) != 2 {
		return nil
	}
	switch {
	case onlyNull(group[1]):
		return group[0]
	case onlyNull(group[0]):
		return group[1]
	}
	return nil
}

// onlyNull reports whether s accepts null and nothing else: its type is
// "null" and nothing else applies to a null value.
func onlyNull(s *jsonschema.Schema) bool {
	return len(s.Types) == 1 && s.Types[0] == "null" && s.Always == nil && s.Ref == nil &&
		len(s.AllOf)+len(s.AnyOf)+len(s.OneOf)+len(s.Constant)+len(s.Enum) == 0 && s.Not == nil && s.If == nil &&
		s.RecursiveRef == nil && s.DynamicRef == nil && !foreignExtensions(s)
}

// foreignExtensions reports whether s has a compiled extension other than
// our annotations, which never fail.
func foreignExtensions(s *jsonschema.Schema) bool {
	for name := range s.Extensions {
		if name != annotationsExt {
			return true
		}
	}
	return false
}

// boundOf converts a number bound; ok is false when there is none or it has
// no exact decimal form.
func boundOf(r *big.Rat) (decNum, bool) {
	if r == nil {
		return decNum{}, false
	}
	return ratDec(r)
}

// scalarsOf converts enum or const values, which the library decoded with
// json.Number, to scalars; nil when one is an object or array (then the
// schema goes to the library).
func scalarsOf(vals []any) []scalar {
	out := make([]scalar, 0, len(vals))
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			out = append(out, scalar{kind: tNull})
		case bool:
			out = append(out, scalar{kind: tBool, b: x})
		case string:
			out = append(out, scalar{kind: tString, str: x})
		case json.Number:
			d, ok := parseDec(x.String())
			if !ok {
				return nil
			}
			out = append(out, scalar{kind: tNumber, num: d})
		default:
			return nil
		}
	}
	return out
}

// walkSchemas calls fn once for every schema reachable from s, through any
// keyword.
func walkSchemas(s *jsonschema.Schema, fn func(*jsonschema.Schema)) {
	seen := map[*jsonschema.Schema]bool{}
	var walk func(*jsonschema.Schema)
	walk = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		fn(s)
		for _, c := range []*jsonschema.Schema{s.Ref, s.RecursiveRef, s.DynamicRef, s.Not, s.If, s.Then, s.Else,
			s.PropertyNames, s.UnevaluatedProperties, s.Items2020, s.Contains, s.UnevaluatedItems, s.ContentSchema} {
			walk(c)
		}
		for _, group := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
			for _, c := range group {
				walk(c)
			}
		}
		for _, m := range []map[string]*jsonschema.Schema{s.Properties, s.DependentSchemas} {
			for _, c := range m {
				walk(c)
			}
		}
		for _, c := range s.PatternProperties {
			walk(c)
		}
		for _, c := range s.Dependencies {
			if c, ok := c.(*jsonschema.Schema); ok {
				walk(c)
			}
		}
		for _, c := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
			switch c := c.(type) {
			case *jsonschema.Schema:
				walk(c)
			case []*jsonschema.Schema:
				for _, x := range c {
					walk(x)
				}
			}
		}
	}
	walk(s)
}
