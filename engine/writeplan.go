package engine

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/schemas"
)

// writePlan says how the target treats records it may already have: found
// through the cross-reference map first and the target's natural-key
// lookup second, then skipped, updated or set aside.
type writePlan struct {
	keyField string // target field holding the natural key ("YourRef", "properties.hs_sku")
	keyPath  string // its gjson path
	idField  string // the target's own key field (x-key), "" when unknown
	entity   string // target schema ref, "" without a schema (what lookups are asked for)
	// xrefEntity is the entity the state keeps cross-references and
	// intents under: the schema ref, or, for a target without a schema, the
	// target connector's name ("ndjson"). It must stay the same from run to
	// run, so it names no path or setting: moving the output file or
	// rotating a token must not make every record look new. Connector
	// names hold no "/", schema refs do, so the two never collide. A
	// target whose config names a scope (connectors.Scoper: an Exact
	// division, an AccountView company) adds it after "@": records
	// written to one company are not written to the next. No scope, no
	// suffix, so state written before scopes keeps matching.
	xrefEntity string
	sourceKey  *program
	onExists   string
	createOnly []string // gjson paths of the create_only fields ("Remarks", "properties.description")
	// compare reads the target before updating a changed record (two-way
	// flows); off, a changed record is updated without a lookup.
	compare bool
}

// compileWritePlan checks a target's write semantics against the target
// schema and the mapping. It returns nil when the target declares none.
func (c *exprCompiler) compileWritePlan(ep *dsl.Endpoint, m *dsl.Mapping, root *scope) *writePlan {
	if ep == nil || ep.KeyField == "" {
		return nil
	}
	wp := &writePlan{keyField: ep.KeyField, onExists: ep.OnExists, xrefEntity: ep.Connector, compare: ep.CompareWithTarget}
	for _, f := range ep.CreateOnly {
		// A dotted name reaches into nested objects: HubSpot keeps its
		// values under properties, so properties.description.
		wp.createOnly = append(wp.createOnly, gjsonPath(strings.Split(f, ".")))
	}
	keySegs := strings.Split(ep.KeyField, ".")
	wp.keyPath = gjsonPath(keySegs)
	mapped := map[string]bool{}
	for _, f := range m.Fields {
		mapped[f.Name] = true
	}
	if s := c.plan.target.schema; s != nil {
		wp.entity, wp.xrefEntity = s.Ref, s.Ref
		names := s.Root().Names()
		for _, n := range names {
			if f, _ := s.Root().Child(n); f.Key {
				wp.idField = n
			}
		}
		check := func(field string, rng hcl.Range, what string) {
			if _, ok := s.Root().Child(field); !ok && len(names) > 0 {
				c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown target field",
					Detail:  fmt.Sprintf("%s %q is not a field of %s.%s", what, field, s.Ref, dsl.DidYouMean(field, names)),
					Subject: rng.Ptr()})
			}
		}
		if _, ok := s.Root().Lookup(keySegs); !ok && len(names) > 0 {
			check(keySegs[len(keySegs)-1], ep.KeyFieldRange, "key_field")
		}
		for _, f := range ep.CreateOnly {
			if !strings.Contains(f, ".") {
				check(f, ep.CreateOnlyRng, "create_only field")
				continue
			}
			if summary, problem := nestedFieldProblem(s.Root(), f); problem != "" {
				c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
					Detail: fmt.Sprintf("create_only field %q of %s: %s", f, s.Ref, problem), Subject: ep.CreateOnlyRng.Ptr()})
			}
		}
	}
	if sc, ok := c.plan.target.config.(connectors.Scoper); ok {
		if scope := sc.Scope(); scope != "" {
			wp.xrefEntity += "@" + scope
		}
	}
	if !mapped[keySegs[0]] {
		c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Natural key not mapped",
			Detail:  fmt.Sprintf("key_field %q must be filled by the mapping: it is how an existing record is found in the target.", ep.KeyField),
			Subject: ep.KeyFieldRange.Ptr()})
	}
	if ep.SourceKey != nil {
		wp.sourceKey = c.compile(ep.SourceKey, root, false, "")
	}
	return wp
}

// nestedFieldProblem says what is wrong with a dotted target path, with a
// diagnostic summary; "" when the schema has it (or cannot tell). The path
// may only pass through objects: a field of array elements cannot be left
// out of an update as one field.
func nestedFieldProblem(root *schemas.Field, path string) (summary, problem string) {
	f := root
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		at := strings.Join(segs[:i], ".")
		if f.Items != nil {
			return "Invalid create_only field", at + " is an array; create_only names fields of the record and of its nested objects, not of array elements."
		}
		child, ok := f.Child(seg)
		if !ok {
			names := f.Names()
			switch {
			case len(names) == 0:
				return "", ""
			case at == "":
				return "Unknown target field", fmt.Sprintf("%q is not a field of the record.%s", seg, dsl.DidYouMean(seg, names))
			}
			return "Unknown target field", fmt.Sprintf("%s has no field %q.%s", at, seg, dsl.DidYouMean(seg, names))
		}
		f = child
	}
	return "", ""
}
