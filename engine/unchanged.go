package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// A record read again exactly as it was when it was last written, through
// the same compiled pipeline, maps to the same payload: the run decides it
// "unchanged" before mapping it, so its related() lookups never reach the
// target. The cross-reference keeps the source fingerprint (a hash of the
// record's bytes and of the plan) next to the payload hash.
//
// The plan fingerprint covers what decides the mapping: filters, for_each,
// the map with its each and append blocks, lookup tables (file entries
// included), related blocks, the target's write semantics, the schemas'
// names (their contents ship with the binary, whose build is covered), the
// time zone and every variable's value. It does not cover the connectors' own settings
// (they say where records go, not what they hold): the fingerprint lives in
// the cross-reference, which is kept per target scope (writePlan.xrefEntity),
// so a record unchanged for one company is still new to the next. Nor does
// it cover what related() finds in the target: a customer created in the
// target later does not change an order already written.
// `pipeline run -full` maps every record again. A pipeline that calls
// now() maps differently from day to day: it has no fingerprint, and no
// short cut.

// fingerprintVersion changes when the engine maps the same text differently.
const fingerprintVersion = "1"

// engineBuild names the build that maps: a new release may map the same
// text differently (a schema's conversions, a function's rounding) without
// fingerprintVersion changing, so after an upgrade every record is mapped
// once again. "" when the binary carries no build information.
var engineBuild = func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += " " + s.Value
		}
	}
	return id
}()

// callsNow finds a call of now(), spaced (now ()) or not.
var callsNow = regexp.MustCompile(`\bnow\s*\(`)

// planFingerprint hashes what the plan's mapping depends on; "" when it
// depends on the time as well.
func planFingerprint(p *dsl.Pipeline, vars map[string]cty.Value) string {
	h := sha256.New()
	timed := false
	w := func(parts ...string) {
		for _, s := range parts {
			fmt.Fprintf(h, "%d:%s;", len(s), s)
			timed = timed || strings.HasPrefix(s, "expr ") && callsNow.MatchString(s)
		}
	}
	w("v", fingerprintVersion, "build", engineBuild, "tz", p.Timezone, "each", exprText(p.ForEach))
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w("var", n, vars[n].GoString())
	}
	for _, f := range p.Filters {
		w("filter", exprText(f))
	}
	for _, ep := range []*dsl.Endpoint{p.Source, p.Target} {
		if ep != nil {
			w("endpoint", ep.Connector, ep.Schema, fmt.Sprint(ep.Validate), ep.KeyField, exprText(ep.SourceKey),
				ep.OnExists, strings.Join(ep.CreateOnly, ","), fmt.Sprint(ep.CompareWithTarget))
		}
	}
	for _, l := range p.Lookups {
		w("lookup", l.Name, l.Unmapped, l.File)
		if l.Default != nil {
			w("default", l.Default.GoString())
		}
		for i, k := range l.Keys {
			w(k, l.Values[i].GoString())
		}
	}
	for _, r := range p.Related {
		w("related", r.Name, r.In, r.Entity, r.By, r.Missing, r.Found, r.Many)
		hashMapping(w, r.Create)
	}
	hashMapping(w, p.Map)
	if timed {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func hashMapping(w func(...string), m *dsl.Mapping) {
	if m == nil {
		w("nomap")
		return
	}
	w("map", fmt.Sprint(len(m.Fields)))
	for _, f := range m.Fields {
		w("field", f.Name, fmt.Sprint(f.Kind), exprText(f.Expr))
		switch {
		case f.Object != nil:
			hashMapping(w, f.Object)
		case f.Each != nil:
			w("from", exprText(f.Each.From))
			for _, x := range f.Each.Filters {
				w("filter", exprText(x))
			}
			hashMapping(w, f.Each.Map)
			for _, a := range f.Each.Appends {
				w("append", a.Name, exprText(a.When))
				hashMapping(w, a.Map)
			}
		}
	}
}

// exprText is an expression's text, or its literal value.
func exprText(e *dsl.Expr) string {
	switch {
	case e == nil:
		return "-"
	case e.Const != nil:
		return "const " + e.Const.GoString()
	}
	return "expr " + e.Src
}

// keyBeforeMapping is how a record's source key is found before mapping
// (as identify finds it after): the source_key expression, else the
// reader's Record.Key, else the key_field's expression. ok is false when
// that expression needs the mapping (it calls related(), or the key field
// is nested or a literal): then only records with a Record.Key, and no
// source_key, take the short cut; for files, none do.
func (wp *writePlan) keyBeforeMapping(out *objectPlan) (prog *program, ok bool) {
	if wp.sourceKey != nil {
		return wp.sourceKey, !callsRelated(wp.sourceKey)
	}
	if out == nil || strings.Contains(wp.keyField, ".") {
		return nil, false
	}
	for _, f := range out.fields {
		if f.name == wp.keyField && f.prog != nil && !callsRelated(f.prog) {
			return f.prog, true
		}
	}
	return nil, false
}

func callsRelated(p *program) bool {
	return p.expr == nil || strings.Contains(p.expr.Src, "related")
}

// sourceHash fingerprints a source record under this plan; "" when the
// short cut does not apply to the plan.
func (s *syncer) sourceHash(raw []byte) string {
	if !s.shortcut {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(s.plan.fingerprint))
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// unchangedSource decides a record unchanged, before mapping it, when its
// cross-reference was written from the same bytes under the same plan.
// Off in a dry run (a plan shows every payload), with -full (the way to map
// everything again), in a retry (set-aside records are mapped to be
// resolved), in two-way flows (compare_with_target: the other direction
// changes what related() finds) and for for_each pipelines (one record,
// many target records).
func (s *session) unchangedSource(ctx context.Context, rec connectors.Record) (bool, error) {
	sy := s.sync
	if sy == nil || sy.store == nil || !sy.shortcut || s.o.DryRun || s.o.FullRead || s.retrying || s.p.forEach != nil {
		return false, nil
	}
	key := rec.Key
	if sy.wp.sourceKey != nil || key == "" {
		if !sy.keyOK {
			return false, nil
		}
		s.r.load(rec.Raw)
		v, err := s.r.eval(sy.keyProg)
		if err != nil {
			return false, nil // the mapping says why
		}
		key = lookupKey(v)
	}
	if key == "" || s.queued(key) {
		return false, nil
	}
	x, err := sy.store.XRef(ctx, s.p.Name, sy.wp.xrefEntity, key)
	switch {
	case errors.Is(err, state.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	case x.SourceHash == "" || x.SourceHash != sy.sourceHash(rec.Raw):
		return false, nil
	}
	d := Decision{Origin: rec.Origin, Decision: state.DecisionUnchanged, SourceKey: key, TargetID: x.TargetID,
		XRefHash: x.PayloadHash, Reason: "the source record is the same as when it was last written"}
	s.decided(d)
	return true, s.logActivity(ctx, rec, d, 0)
}

// queued reports whether the group waiting for a batch target holds a
// record with this source key: the cross-reference does not show it yet,
// so the record read later must be mapped and queued after it, or the
// earlier version would be what the target keeps.
func (s *session) queued(key string) bool {
	if s.batch == nil {
		return false
	}
	for _, it := range s.batch.items {
		if it.d.SourceKey == key {
			return true
		}
	}
	return false
}
