package engine

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
)

// relatedPlan is a compiled related block.
type relatedPlan struct {
	name    string
	in      string // "target" or "source"
	entity  string
	by      string
	missing string
	many    string
}

func compileRelated(r *dsl.Related, opts Options) (*relatedPlan, hcl.Diagnostics) {
	rp := &relatedPlan{name: r.Name, in: r.In, entity: r.Entity, by: r.By, missing: r.Missing, many: r.Many}
	if opts.Schemas == nil {
		return rp, nil
	}
	s, ok := opts.Schemas.Lookup(r.Entity)
	if !ok {
		return rp, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown schema",
			Detail:  fmt.Sprintf("There is no schema %q; `pipeline schemas` lists them.%s", r.Entity, dsl.DidYouMean(r.Entity, opts.Schemas.Refs())),
			Subject: r.EntityRange.Ptr()}}
	}
	if _, ok := s.Root().Child(r.By); !ok && len(s.Root().Names()) > 0 {
		return rp, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown field",
			Detail:  fmt.Sprintf("%s has no field %q to look records up by.%s", r.Entity, r.By, dsl.DidYouMean(r.By, s.Root().Names())),
			Subject: r.ByRange.Ptr()}}
	}
	return rp, nil
}

// runState is what expressions reach through the hidden __run variable
// during one run: the connections that answer related() and the per-run
// cache that makes each key cost one lookup.
type runState struct {
	ctx       context.Context
	plan      *Plan
	lookupers map[string]connectors.Lookuper
	mu        sync.Mutex
	cache     map[string]any
}

// runVar is the env key of the run state.
const runVar = "__run"

func newRunState(ctx context.Context, p *Plan, reader connectors.Reader, writer connectors.Writer, override connectors.Lookuper) (*runState, error) {
	rs := &runState{ctx: ctx, plan: p, lookupers: map[string]connectors.Lookuper{}, cache: map[string]any{}}
	if override != nil {
		rs.lookupers["source"], rs.lookupers["target"] = override, override
		return rs, nil
	}
	ends := map[string]any{"source": reader, "target": writer}
	names := map[string]string{"source": p.source.spec.Name, "target": p.target.spec.Name}
	for _, r := range p.related {
		if _, done := rs.lookupers[r.in]; done {
			continue
		}
		lk, ok := ends[r.in].(connectors.Lookuper)
		if !ok {
			return nil, fmt.Errorf("related %q looks records up in the %s, but the %s connector %q cannot look records up", r.name, r.in, r.in, names[r.in])
		}
		rs.lookupers[r.in] = lk
	}
	return rs, nil
}

// related backs related('name', key): the record of the named related
// block whose field equals key, or null.
func (rs *runState) related(name string, key any) (any, error) {
	r, ok := rs.plan.related[name]
	if !ok {
		return nil, fmt.Errorf("no related block %q", name)
	}
	if key == nil {
		return nil, nil
	}
	k := lookupKey(key)
	cacheKey := name + "\x00" + k
	rs.mu.Lock()
	v, hit := rs.cache[cacheKey]
	rs.mu.Unlock()
	if hit {
		return v, nil
	}
	recs, err := rs.lookupers[r.in].Lookup(rs.ctx, connectors.LookupQuery{Entity: r.entity, Field: r.by, Value: k})
	if err != nil {
		return nil, fmt.Errorf("related %q: looking up %s %s = %q: %w", name, r.entity, r.by, k, err)
	}
	switch {
	case len(recs) == 0 && r.missing == "error":
		return nil, fmt.Errorf("related %q: no %s with %s = %q", name, r.entity, r.by, k)
	case len(recs) == 0:
		v = nil
	case len(recs) > 1 && r.many == "error":
		return nil, fmt.Errorf("related %q: %d %s records have %s = %q; set many = \"first\" to take the first", name, len(recs), r.entity, r.by, k)
	default:
		v = exprenv.FromJSON(gjson.ParseBytes(recs[0].Raw))
	}
	rs.mu.Lock()
	rs.cache[cacheKey] = v
	rs.mu.Unlock()
	return v, nil
}

// relatedFunc is the implementation of the hidden __related(run, name, key).
func relatedFunc(args ...any) (any, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("related takes a block name and a key")
	}
	rs, ok := args[0].(*runState)
	if !ok || rs == nil {
		return nil, fmt.Errorf("related() is only available while a pipeline runs")
	}
	name, ok := args[1].(string)
	if !ok {
		return nil, fmt.Errorf("the first argument of related is the quoted name of a related block")
	}
	return rs.related(name, args[2])
}
