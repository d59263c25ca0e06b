package main

import (
	"fmt"
	"slices"
	"strings"
)

// property returns the schema of one field. req says whether the field is
// required; required fields do not accept null, all others do because Exact
// reads return null for empty values.
func (g *generator) property(e entity, ep *endpoint, f field, key string, getOnly, req bool) (*object, error) {
	p := newObject()
	p.oneLine = true
	p.set("description", "") // first, filled in below
	var notes []string

	if t, ok := edmTypes[f.Type]; ok {
		p.set("type", jsonType(t.jsonType, req))
		if t.format != "" {
			p.set("format", t.format)
		}
		if f.Type == "DateTime" {
			p.set("pattern", dateTimePattern)
		}
		if f.Type == "Binary" {
			p.set("contentEncoding", "base64")
		}
		if t.min != 0 || t.max != 0 {
			p.set("minimum", t.min).set("maximum", t.max)
		}
		if n, ok := maxLengths[e.URI][f.Name]; ok {
			p.set("maxLength", n)
		}
		notes = append(notes, "Edm."+f.Type+".")
		if t.note != "" {
			notes = append(notes, t.note)
		}
	} else {
		if strings.Contains(f.Type, ".") {
			return nil, fmt.Errorf("type %s is neither an Edm primitive nor a navigation collection", f.Type)
		}
		// A navigation collection: an array of the child entity when we
		// generate one, else of objects we know nothing about.
		p.set("type", jsonType("array", req))
		if req {
			p.set("minItems", 1)
		}
		if file, ok := g.childFile[f.Type]; ok {
			ref := idPrefix + file
			if len(g.parentKeys[file]) > 0 && g.childHasInline(file) {
				ref += "#/$defs/inline"
			}
			p.set("items", newObject().set("$ref", ref))
			notes = append(notes, "Navigation collection of "+f.Type+"; see exactonline/"+file+".")
		} else {
			p.set("items", newObject().set("type", "object"))
			notes = append(notes, "Navigation collection of "+f.Type+"; the facts do not describe its entity.")
		}
		notes = append(notes, "A POST sends it as an array; a GET returns it only with $expand, in an OData {\"results\": [...]} wrapper that the connector removes.")
	}

	if note := fieldNotes[e.URI][f.Name]; note != "" {
		notes = append(notes, note)
	}
	if f.onlyIn != "" {
		notes = append(notes, "Returned only by GET "+f.onlyIn+".")
	}
	p.set("description", strings.Join(notes, " "))

	if f.ReadOnly || getOnly {
		p.set("readOnly", true)
	}
	if f.Name == key && f.onlyIn == "" {
		p.set("x-key", true)
	}
	if slices.Contains(e.NaturalKeys, f.Name) {
		p.set("x-natural-key", true)
	}
	if personal(e.URI, f.Name) {
		p.set("x-personal-data", true)
	}
	return p, nil
}

// childHasInline reports whether the child's schema has a $defs/inline, which
// is when one of its parent keys is required on a standalone POST.
func (g *generator) childHasInline(file string) bool {
	for _, e := range g.entities {
		if e.File != file {
			continue
		}
		ep := g.endpoints[e.URI]
		fields, err := g.fields(e, ep)
		if err != nil {
			return false
		}
		for _, r := range required(ep, g.key(e, ep), fields) {
			if slices.Contains(g.parentKeys[file], r) {
				return true
			}
		}
	}
	return false
}

func jsonType(t string, req bool) any {
	if req {
		return t
	}
	return []string{t, "null"}
}
