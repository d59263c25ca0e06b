package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// property returns the schema of one field. Types follow the document: a
// field it types ["string", "null"] accepts null, a field it types "string"
// does not. A nested component that is not required also accepts null,
// since the document cannot say so for a $ref.
func (g *generator) property(e entity, compName, name string, s *schema, root, required bool, defs map[string]*object) (*object, error) {
	p := newObject()
	p.oneLine = true
	p.set("description", "") // first; filled in below
	var notes []string

	switch {
	case s.Ref != "":
		ref, err := g.ref(e, refName(s.Ref), defs)
		if err != nil {
			return nil, err
		}
		target := refName(s.Ref)
		notes = append(notes, "Object ("+target+").")
		if required {
			p.set("$ref", ref)
		} else {
			p.set("anyOf", []any{newObject().set("$ref", ref), newObject().set("type", "null")})
		}
	case s.Type.base() == "array":
		p.set("type", typeOf(s))
		if s.Items == nil {
			return nil, fmt.Errorf("array without items")
		}
		items := newObject()
		if s.Items.Ref != "" {
			ref, err := g.ref(e, refName(s.Items.Ref), defs)
			if err != nil {
				return nil, err
			}
			items.set("$ref", ref)
			notes = append(notes, "Array of "+refName(s.Items.Ref)+".")
		} else {
			if err := scalar(items, s.Items); err != nil {
				return nil, err
			}
			notes = append(notes, "Array of "+describeType(s.Items)+".")
		}
		p.set("items", items)
	default:
		p.set("type", typeOf(s))
		if err := scalar(p, s); err != nil {
			return nil, err
		}
		notes = append(notes, describeType(s)+".")
		if d := decimalsOf(s.Pattern); d > 0 && s.Type.base() == "number" {
			notes = append(notes, "At most "+strconv.Itoa(d)+" decimals.")
		}
		if vals, labels := enumLabels(s.Description); s.Type.base() == "integer" && len(vals) > 0 {
			if len(s.Enum) == 0 {
				enum := make([]any, 0, len(vals)+1)
				for _, v := range vals {
					enum = append(enum, v)
				}
				if s.Type.nullable() {
					enum = append(enum, nil)
				}
				p.set("enum", enum)
			}
			pairs := make([]string, len(vals))
			for i := range vals {
				pairs[i] = strconv.Itoa(vals[i]) + " = " + labels[i]
			}
			notes = append(notes, "Values: "+strings.Join(pairs, ", ")+".")
		}
	}
	if s.Deprecated {
		notes = append(notes, "Deprecated.")
	}
	if note := e.Notes[name]; note != "" && root {
		notes = append(notes, note)
	}
	p.set("description", strings.Join(notes, " "))

	if s.ReadOnly {
		p.set("readOnly", true)
	}
	if root && name == "Id" {
		p.set("x-key", true)
	}
	if root && slices.Contains(e.NaturalKeys, name) || !root && slices.Contains(defNaturalKeys[compName], name) {
		p.set("x-natural-key", true)
	}
	if personal(compName, name) {
		p.set("x-personal-data", true)
	}
	return p, nil
}

// scalar sets the keywords of a scalar type on p: format, pattern, lengths,
// ranges and enumerations.
func scalar(p *object, s *schema) error {
	if s.Ref != "" || s.Type.base() == "array" || s.Type.base() == "object" {
		return fmt.Errorf("nested %v inside an array is not supported", s.Type)
	}
	if p.vals["type"] == nil {
		p.set("type", typeOf(s))
	}
	switch s.Format {
	case "uuid":
		p.set("format", "uuid")
	case "date-time":
		p.set("pattern", dateTimePattern)
	}
	if s.MinLength != nil && *s.MinLength > 0 {
		p.set("minLength", *s.MinLength)
	}
	if s.MaxLength != nil {
		p.set("maxLength", *s.MaxLength)
	}
	switch {
	case s.Minimum != nil || s.Maximum != nil:
		if s.Minimum != nil {
			p.set("minimum", number(*s.Minimum))
		}
		if s.Maximum != nil {
			p.set("maximum", number(*s.Maximum))
		}
	case s.Type.base() == "integer":
		if r, ok := intRange[s.Format]; ok {
			p.set("minimum", number(r[0])).set("maximum", number(r[1]))
		}
	}
	if len(s.Enum) > 0 {
		enum := append([]any(nil), s.Enum...)
		if s.Type.nullable() && !slices.Contains(enum, nil) {
			enum = append(enum, nil)
		}
		p.set("enum", enum)
	}
	return nil
}

// typeOf is the type keyword: a string, or a list when null is allowed.
func typeOf(s *schema) any {
	if s.Type.nullable() {
		return []any{s.Type.base(), "null"}
	}
	return s.Type.base()
}

// describeType names a scalar's type and format for the description.
func describeType(s *schema) string {
	t := s.Type.base()
	switch s.Format {
	case "":
	case "date-time":
		t = "date-time (ISO 8601)"
	default:
		t += " (" + s.Format + ")"
	}
	if s.Type.nullable() {
		t += ", nullable"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
