package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen"
)

// property returns the schema of one field. Types follow the document: a
// field it types ["string", "null"] accepts null, a field it types "string"
// does not. A nested component that is not required also accepts null,
// since the document cannot say so for a $ref.
func (g *generator) property(e entity, compName, name string, s *schema, root, required bool, defs map[string]*schemagen.Object) (*schemagen.Object, error) {
	p := schemagen.NewObject()
	p.OneLine = true
	p.Set("description", "") // first; filled in below
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
			p.Set("$ref", ref)
		} else {
			p.Set("anyOf", []any{schemagen.NewObject().Set("$ref", ref), schemagen.NewObject().Set("type", "null")})
		}
	case s.Type.base() == "array":
		p.Set("type", typeOf(s))
		if s.Items == nil {
			return nil, fmt.Errorf("array without items")
		}
		items := schemagen.NewObject()
		if s.Items.Ref != "" {
			ref, err := g.ref(e, refName(s.Items.Ref), defs)
			if err != nil {
				return nil, err
			}
			items.Set("$ref", ref)
			notes = append(notes, "Array of "+refName(s.Items.Ref)+".")
		} else {
			if err := scalar(items, s.Items); err != nil {
				return nil, err
			}
			notes = append(notes, "Array of "+describeType(s.Items)+".")
		}
		p.Set("items", items)
	default:
		p.Set("type", typeOf(s))
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
				p.Set("enum", enum)
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
	p.Set("description", strings.Join(notes, " "))

	if s.ReadOnly {
		p.Set("readOnly", true)
	}
	if root && name == "Id" {
		p.Set("x-key", true)
	}
	if root && slices.Contains(e.NaturalKeys, name) || !root && slices.Contains(defNaturalKeys[compName], name) {
		p.Set("x-natural-key", true)
	}
	if personal(compName, name) {
		p.Set("x-personal-data", true)
	}
	return p, nil
}

// scalar sets the keywords of a scalar type on p: format, pattern, lengths,
// ranges and enumerations.
func scalar(p *schemagen.Object, s *schema) error {
	if s.Ref != "" || s.Type.base() == "array" || s.Type.base() == "object" {
		return fmt.Errorf("nested %v inside an array is not supported", s.Type)
	}
	if p.Get("type") == nil {
		p.Set("type", typeOf(s))
	}
	switch s.Format {
	case "uuid":
		p.Set("format", "uuid")
	case "date-time":
		p.Set("pattern", dateTimePattern)
	}
	if s.MinLength != nil && *s.MinLength > 0 {
		p.Set("minLength", *s.MinLength)
	}
	if s.MaxLength != nil {
		p.Set("maxLength", *s.MaxLength)
	}
	switch {
	case s.Minimum != nil || s.Maximum != nil:
		if s.Minimum != nil {
			p.Set("minimum", number(*s.Minimum))
		}
		if s.Maximum != nil {
			p.Set("maximum", number(*s.Maximum))
		}
	case s.Type.base() == "integer":
		if r, ok := intRange[s.Format]; ok {
			p.Set("minimum", number(r[0])).Set("maximum", number(r[1]))
		}
	}
	if len(s.Enum) > 0 {
		enum := append([]any(nil), s.Enum...)
		if s.Type.nullable() && !slices.Contains(enum, nil) {
			enum = append(enum, nil)
		}
		p.Set("enum", enum)
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
