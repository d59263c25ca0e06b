package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/schemas"
)

// relatedPlan is a compiled related block.
type relatedPlan struct {
	name    string
	in      string // "target" or "source"
	entity  string
	by      string
	missing string // dsl.MissingNull, MissingError or MissingCreate
	found   string // dsl.FoundUse or FoundUpdate
	many    string

	schema  *schemas.Schema // nil when schemas are not checked
	idField string          // the entity's own id field (x-key), "" when unknown

	// create is the compiled create map, nil without a create block. Its
	// scope reads related()'s third argument as item and the looked-up
	// key as key; source is the pipeline's record.
	create *objectPlan
	scope  *scope

	// mayWrite: the block creates or updates records with this setting or,
	// its policy read from a variable, with another one. Such a block is
	// not called from a create map (see relatedCall).
	mayWrite bool
}

// writes reports whether the block creates or updates records in this
// run, so that the run needs a writer for its entity. A create block next
// to a variable that says "error" is compiled but not used.
func (rp *relatedPlan) writes() bool {
	return rp.create != nil && (rp.missing == dsl.MissingCreate || rp.found == dsl.FoundUpdate)
}

func compileRelated(r *dsl.Related, opts Options) (*relatedPlan, hcl.Diagnostics) {
	rp := &relatedPlan{name: r.Name, in: r.In, entity: r.Entity, by: r.By, missing: r.Missing, found: r.Found, many: r.Many,
		mayWrite: r.Create != nil && r.MayWrite()}
	if opts.Schemas == nil {
		return rp, nil
	}
	s, ok := opts.Schemas.Lookup(r.Entity)
	if !ok {
		return rp, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown schema",
			Detail:  fmt.Sprintf("There is no schema %q; `pipeline schemas` lists them.%s", r.Entity, dsl.DidYouMean(r.Entity, opts.Schemas.Refs())),
			Subject: r.EntityRange.Ptr()}}
	}
	rp.schema = s
	for _, n := range s.Root().Names() {
		if f, _ := s.Root().Child(n); f.Key {
			rp.idField = n
		}
	}
	if _, ok := s.Root().Lookup(strings.Split(r.By, ".")); !ok && len(s.Root().Names()) > 0 {
		return rp, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown field",
			Detail:  fmt.Sprintf("%s has no field %q to look records up by.%s", r.Entity, r.By, dsl.DidYouMean(r.By, s.Root().Names())),
			Subject: r.ByRange.Ptr()}}
	}
	return rp, nil
}

// compileRelatedCreates compiles the create maps of the related blocks
// against their entities' schemas, like the target map against the
// target's: unknown fields with did-you-mean, required fields, constants.
// The shared blocks of the folder settings wait for compileSharedRelated.
func (c *exprCompiler) compileRelatedCreates(blocks []*dsl.Related, root *scope) {
	for i, r := range blocks {
		if !r.Shared {
			c.compileRelatedCreate(i, r, root)
		}
	}
}

// compileSharedRelated runs once every expression of the pipeline is
// compiled. It compiles the create maps of the shared related blocks
// (settings.hcl) the pipeline calls — a create map may call another
// shared block — and leaves the others out of the plan: their create maps
// read the records of the flows that use them, and their entities may
// live in systems this pipeline does not talk to.
func (c *exprCompiler) compileSharedRelated(blocks []*dsl.Related, root *scope) {
	done := map[string]bool{}
	for more := true; more; {
		more = false
		for i, r := range blocks {
			if r.Shared && !done[r.Name] && c.relatedUsed[r.Name] {
				done[r.Name], more = true, true
				c.compileRelatedCreate(i, r, root)
			}
		}
	}
	for _, r := range blocks {
		if r.Shared && !done[r.Name] {
			delete(c.plan.related, r.Name)
		}
	}
}

// compileRelatedCreate compiles the create map of blocks[i], if any.
func (c *exprCompiler) compileRelatedCreate(i int, r *dsl.Related, top *scope) {
	rp := c.plan.related[r.Name]
	if rp == nil || r.Create == nil {
		return
	}
	// item is related()'s third argument, whatever the caller passes:
	// its paths are unchecked (no schema).
	rp.scope = &scope{name: "item", paths: newPathSet("_r" + strconv.Itoa(i) + "_"), parent: top}
	c.pathSets = append(c.pathSets, rp.scope.paths)
	// The messages of compileObject name the target schema; for the
	// duration of this map, the related entity is the target.
	target := c.plan.target.schema
	if rp.schema != nil {
		c.plan.target.schema = rp.schema
	}
	root := schemaRoot(rp.schema)
	if root != nil && !r.MayCreate() {
		// Only found = "update": the map is a patch over a record that
		// exists, so the fields a create requires are not required. A
		// missing policy read from a variable may say "create" in
		// another setting, so its map is checked as a create.
		patch := *root
		patch.Required = nil
		root = &patch
	}
	rp.create = c.compileObject(r.Create, root, rp.scope, "")
	c.plan.target.schema = target
	if r.MayCreate() {
		c.checkCreateKey(r)
	}
}

// checkCreateKey insists that a created record carries the key it was
// looked up by: it is how the next run finds it instead of creating it
// again after a crash.
func (c *exprCompiler) checkCreateKey(r *dsl.Related) {
	first := strings.Split(r.By, ".")[0]
	for _, f := range r.Create.Fields {
		if f.Name == first {
			return
		}
	}
	c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Key not created",
		Detail:  fmt.Sprintf("The create block must fill %s, the field records are looked up by (usually %s = \"key\"): otherwise the next run cannot find the record it created and creates it again.", r.By, first),
		Subject: r.Create.DeclRange.Ptr()})
}

// createScope returns the related block whose create map sc belongs to
// (directly or through each blocks inside it), or nil.
func (c *exprCompiler) createScope(sc *scope) *relatedPlan {
	for s := sc; s != nil; s = s.parent {
		for _, rp := range c.plan.related {
			if rp.scope != nil && rp.scope.paths == s.paths {
				return rp
			}
		}
	}
	return nil
}
