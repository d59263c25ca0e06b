package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pipeline-dev/pipeline/schemas/internal/schemagen"
)

// property returns the schema of one field. req says whether the field is
// required; required fields do not accept null, all others do because Exact
// reads return null for empty values.
func (g *generator) property(e entity, ep *endpoint, f field, key string, getOnly, req bool) (*schemagen.Object, error) {
	p := schemagen.NewObject()
	p.OneLine = true
	p.Set("description", "") // first, filled in below
	var notes []string

	if t, ok := edmTypes[f.Type]; ok {
		p.Set("type", jsonType(t.jsonType, req))
		if t.format != "" {
			p.Set("format", t.format)
		}
		if f.Type == "DateTime" {
			p.Set("pattern", dateTimePattern)
		}
		if f.Type == "Binary" {
			p.Set("contentEncoding", "base64")
		}
		if t.min != 0 || t.max != 0 {
			p.Set("minimum", t.min).Set("maximum", t.max)
		}
		if n, ok := maxLengths[e.URI][f.Name]; ok {
			p.Set("maxLength", n)
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
		p.Set("type", jsonType("array", req))
		if req {
			p.Set("minItems", 1)
		}
		if file, ok := g.childFile[f.Type]; ok {
			ref := idPrefix + file
			if len(g.parentKeys[file]) > 0 && g.childHasInline(file) {
				ref += "#/$defs/inline"
			}
			p.Set("items", schemagen.NewObject().Set("$ref", ref))
			notes = append(notes, "Navigation collection of "+f.Type+"; see exactonline/"+file+".")
		} else {
			p.Set("items", schemagen.NewObject().Set("type", "object"))
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
	p.Set("description", strings.Join(notes, " "))

	if f.ReadOnly || getOnly {
		p.Set("readOnly", true)
	}
	if f.Name == key && f.onlyIn == "" {
		p.Set("x-key", true)
	}
	if slices.Contains(e.NaturalKeys, f.Name) {
		p.Set("x-natural-key", true)
	}
	if personal(e.URI, f.Name) {
		p.Set("x-personal-data", true)
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
