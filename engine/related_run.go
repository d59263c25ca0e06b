package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"sync"

	"github.com/expr-lang/expr/file"
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
)

// runState is what expressions reach through the hidden __run variable
// during one run: the connections that answer related(), the writers that
// create and update related records, and the per-run cache that makes each
// key cost one lookup and each new record one create.
type runState struct {
	ctx    context.Context
	plan   *Plan
	r      *runner // the runner whose expressions call related()
	dryRun bool

	lookupers map[string]connectors.Lookuper // by related block
	writers   map[string]connectors.Writer   // by related block, for blocks that write
	fake      RelatedWriter                  // golden tests: creates go here
	onChange  func(RelatedChange)

	mu      sync.Mutex
	cache   map[string]*relatedEntry
	origin  string          // the source record being mapped
	changes []RelatedChange // made while mapping it
	fakeIDs int

	// planned are a dry run's related changes by the origin of the record
	// that made them, for its decision.
	planned map[string][]RelatedChange
}

// relatedEntry is what one key of one entity gave during the run.
type relatedEntry struct {
	recs  []connectors.Record
	value any // recs[0] as an expression value, converted once

	// planned is the create a dry run would make for the key: records
	// that use the key depend on it.
	planned *RelatedChange
}

// runVar is the env key of the run state; relatedKeyVar the env key of
// the key a create block is evaluated for.
const (
	runVar        = "__run"
	relatedKeyVar = "__key"
)

func newRunState(ctx context.Context, p *Plan, o RunOptions, reader connectors.Reader, writer connectors.Writer) (*runState, error) {
	rs := &runState{ctx: ctx, plan: p, dryRun: o.DryRun, onChange: o.Related,
		lookupers: map[string]connectors.Lookuper{}, writers: map[string]connectors.Writer{}, cache: map[string]*relatedEntry{}}
	if o.Lookuper != nil {
		for name := range p.related {
			rs.lookupers[name] = o.Lookuper
		}
		rs.fake, _ = o.Lookuper.(RelatedWriter)
		return rs, nil
	}
	ends := map[string]any{"source": reader, "target": writer}
	names := map[string]string{"source": p.source.spec.Name, "target": p.target.spec.Name}
	blocks := make([]string, 0, len(p.related))
	for name := range p.related {
		blocks = append(blocks, name)
	}
	sort.Strings(blocks)
	for _, name := range blocks {
		r := p.related[name]
		lk, ok := ends[r.in].(connectors.Lookuper)
		if !ok {
			rs.close()
			return nil, fmt.Errorf("related %q looks records up in the %s, but the %s connector %q cannot look records up", r.name, r.in, r.in, names[r.in])
		}
		rs.lookupers[name] = lk
		if !r.writes() || o.DryRun {
			continue
		}
		w, err := rs.openWriter(ctx, r, o)
		if err != nil {
			rs.close()
			return nil, err
		}
		rs.writers[name] = w
		// The writer's own lookups see what it created: its connection
		// caches them.
		if wl, ok := w.(connectors.Lookuper); ok {
			rs.lookupers[name] = wl
		}
	}
	return rs, nil
}

// openWriter opens a writer for a related block's entity on the
// connection of the endpoint named by in.
func (rs *runState) openWriter(ctx context.Context, r *relatedPlan, o RunOptions) (connectors.Writer, error) {
	ep := rs.plan.target
	if r.in == "source" {
		ep = rs.plan.source
	}
	if ep.spec.NewWriter == nil {
		return nil, fmt.Errorf("related %q writes %s records in the %s, but the %s connector %q cannot write", r.name, r.entity, r.in, r.in, ep.spec.Name)
	}
	rep := ep
	rep.schema = r.schema
	co := rs.plan.connectorOptions(o, rep)
	co.Entity = r.entity
	w, err := ep.spec.NewWriter(ctx, ep.config, co)
	if err != nil {
		return nil, fmt.Errorf("related %q: opening %s for %s: %w", r.name, ep.spec.Name, r.entity, err)
	}
	if _, ok := w.(connectors.Creator); !ok && r.missing == dsl.MissingCreate {
		w.Close()
		return nil, fmt.Errorf("related %q has missing = \"create\", but the %s connector %q cannot create %s records and say what it created", r.name, r.in, ep.spec.Name, r.entity)
	}
	if _, ok := w.(connectors.Updater); !ok && r.found == dsl.FoundUpdate {
		w.Close()
		return nil, fmt.Errorf("related %q has found = \"update\", but the %s connector %q cannot update %s records", r.name, r.in, ep.spec.Name, r.entity)
	}
	return w, nil
}

// close closes the writers of related blocks.
func (rs *runState) close() error {
	var first error
	for _, w := range rs.writers {
		if err := w.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// related backs related('name', key[, item]): the record of the named
// related block whose field equals key, the one created for it, or null.
func (rs *runState) related(name string, key, item any) (any, error) {
	r, ok := rs.plan.related[name]
	if !ok {
		return nil, fmt.Errorf("no related block %q", name)
	}
	if key == nil {
		return nil, nil
	}
	k := lookupKey(key)
	e, err := rs.find(r, k)
	if err != nil {
		return nil, err
	}
	if e.planned != nil {
		rs.dependsOn(*e.planned)
	}
	switch {
	case len(e.recs) == 0 && r.missing == dsl.MissingError:
		return nil, fmt.Errorf("related %q: no %s with %s = %q", name, r.entity, r.by, k)
	case len(e.recs) == 0 && r.missing == dsl.MissingCreate:
		e, err = rs.create(r, key, k, item)
		if err != nil {
			return nil, err
		}
	case len(e.recs) == 0:
		return nil, nil
	case len(e.recs) > 1 && r.many == "error":
		return nil, fmt.Errorf("related %q: %d %s records have %s = %q; set many = \"first\" to take the first", name, len(e.recs), r.entity, r.by, k)
	case r.found == dsl.FoundUpdate:
		e, err = rs.update(r, key, k, e, item)
		if err != nil {
			return nil, err
		}
	}
	return e.value, nil
}

func (rs *runState) cacheKey(r *relatedPlan, k string) string {
	return r.in + "\x00" + r.entity + "\x00" + r.by + "\x00" + k
}

// find looks a key up once per run. Entries are shared by every block
// that looks up the same entity by the same field, so a record one block
// created is what the others find.
func (rs *runState) find(r *relatedPlan, k string) (*relatedEntry, error) {
	ck := rs.cacheKey(r, k)
	rs.mu.Lock()
	e, hit := rs.cache[ck]
	rs.mu.Unlock()
	if hit {
		return e, nil
	}
	recs, err := rs.lookupers[r.name].Lookup(rs.ctx, connectors.LookupQuery{Entity: r.entity, Field: r.by, Value: k})
	if err != nil {
		return nil, fmt.Errorf("related %q: looking up %s %s = %q: %w", r.name, r.entity, r.by, k, err)
	}
	return rs.remember(r, k, recs), nil
}

// remember caches what a key gives from now on.
func (rs *runState) remember(r *relatedPlan, k string, recs []connectors.Record) *relatedEntry {
	e := &relatedEntry{recs: recs}
	if len(recs) > 0 {
		e.value = exprenv.FromJSON(gjson.ParseBytes(recs[0].Raw))
	}
	rs.mu.Lock()
	rs.cache[rs.cacheKey(r, k)] = e
	rs.mu.Unlock()
	return e
}

// build evaluates a block's create map for key and item. It runs on a
// runner of its own, sharing the loaded source record, because it is
// called from inside an expression the main runner is still evaluating.
func (rs *runState) build(r *relatedPlan, key any, item any) ([]byte, error) {
	outer := rs.r
	cr := &runner{plan: outer.plan, env: maps.Clone(outer.env), root: outer.root, items: map[*pathSet][]gjson.Result{},
		argBufs: outer.argBufs, vals: outer.vals, vmOnly: outer.vmOnly}
	cr.env[relatedKeyVar] = key
	raw, err := exprenv.AppendJSON(nil, item)
	if err != nil {
		return nil, fmt.Errorf("related %q: the third argument of related() is not a record: %w", r.name, err)
	}
	ps := r.scope.paths
	res := make([]gjson.Result, len(ps.paths))
	ps.resolve(raw, res)
	cr.items[ps] = res
	cr.bind(ps, res)
	out, err := cr.writeObject(nil, r.create, res)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("related %q: create.%s: %s", r.name, fe.field, message(fe.err))
		}
		return nil, fmt.Errorf("related %q: %s", r.name, message(err))
	}
	return out, nil
}

// message is an error's text without the source snippet an expression
// error carries: the outer expression's reject points at its own place.
func message(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// relatedFunc is the implementation of the hidden
// __related(run, name, key[, item]).
func relatedFunc(args ...any) (any, error) {
	if len(args) != 3 && len(args) != 4 {
		return nil, fmt.Errorf("related takes a block name, a key and optionally an item")
	}
	rs, ok := args[0].(*runState)
	if !ok || rs == nil {
		return nil, fmt.Errorf("related() is only available while a pipeline runs")
	}
	name, ok := args[1].(string)
	if !ok {
		return nil, fmt.Errorf("the first argument of related is the quoted name of a related block")
	}
	var item any
	if len(args) == 4 {
		item = args[3]
	}
	return rs.related(name, args[2], item)
}
