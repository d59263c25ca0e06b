package engine

import (
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
)

// Compile turns one decoded pipeline into a Plan. It reports every problem
// it finds, not only the first; the Plan is nil when any is an error.
func Compile(p *dsl.Pipeline, opts Options) (*Plan, hcl.Diagnostics) {
	plan := &Plan{
		Name:     p.Name,
		Filename: p.Filename,
		root:     newPathSet("_s"),
		lookups:  map[string]*lookupTable{},
		related:  map[string]*relatedPlan{},
	}
	plan.logPersonal = p.LogPersonalData
	if p.MaxRejects != nil {
		plan.maxRejects = *p.MaxRejects
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	vars, ctyVars, diags := resolveVariables(opts)
	pvars := policyVars(opts, ctyVars)
	p, more := p.Resolve(pvars)
	diags = append(diags, more...)
	// A disabled pipeline is compiled in full all the same: switching it
	// on must not be the moment its mistakes show.
	enabled, more := p.IsEnabled(pvars)
	diags = append(diags, more...)
	if !enabled {
		plan.disabledBy = p.Enabled.Text
	}
	// The schedule may come from the settings too, so pipeline serve takes
	// it from the plan rather than from the file.
	plan.schedule, plan.scheduleText = p.Serve.Parsed, p.Serve.Schedule
	explained := len(diags) // Resolve explains its own
	plan.fingerprint = planFingerprint(p, ctyVars)
	loc, more := timezone(p)
	diags = append(diags, more...)
	plan.exprCfg = &exprenv.Config{Now: now, Location: loc, Lookup: plan.lookup}

	if !opts.SkipEndpoints {
		plan.source, more = compileEndpoint(p.Source, "source", opts, ctyVars)
		diags = append(diags, more...)
		plan.target, more = compileEndpoint(p.Target, "target", opts, ctyVars)
		diags = append(diags, more...)
	} else {
		plan.source.schema, more = endpointSchema(p.Source, opts)
		diags = append(diags, more...)
		plan.target.schema, more = endpointSchema(p.Target, opts)
		diags = append(diags, more...)
	}

	for _, l := range p.Lookups {
		t, more := compileLookup(l)
		diags = append(diags, more...)
		plan.lookups[l.Name] = t
	}

	for _, r := range p.Related {
		rp, more := compileRelated(r, opts)
		diags = append(diags, more...)
		plan.related[r.Name] = rp
	}

	c := newExprCompiler(plan, vars, opts.Variables)
	rootScope := &scope{paths: plan.root, schema: schemaRoot(plan.source.schema), name: "source"}
	top := rootScope // where filters, map and source_key are written
	if p.ForEach != nil {
		plan.forEach = c.compileForEach(p.ForEach, rootScope)
		top = plan.forEach.scope
	}
	for _, f := range p.Filters {
		prog := c.compile(f, top, true, "")
		if prog != nil {
			plan.filters = append(plan.filters, prog)
		}
	}
	c.compileRelatedCreates(p.Related, rootScope)
	plan.out = c.compileObject(p.Map, schemaRoot(plan.target.schema), top, "")
	plan.write = c.compileWritePlan(p.Target, p.Map, top)
	c.compileSharedRelated(p.Related, rootScope)
	diags = append(diags, c.diags...)
	for i, ps := range c.pathSets {
		ps.id = i
		ps.finalize()
	}
	plan.pathSets = c.pathSets
	plan.wholeUsed = c.wholeUsed

	p.ExplainVariables(diags[explained:])
	if diags.HasErrors() {
		return nil, diags
	}
	return plan, diags
}

func timezone(p *dsl.Pipeline) (*time.Location, hcl.Diagnostics) {
	if p.Timezone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return time.UTC, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Unknown time zone",
			Detail:   fmt.Sprintf("%q is not an IANA time zone name such as \"Europe/Amsterdam\" or \"UTC\".", p.Timezone),
			Subject:  p.TimezoneRange.Ptr(),
		}}
	}
	return loc, nil
}
