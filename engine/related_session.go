package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// relatedState is the run state related() uses, or nil when the pipeline
// has no related blocks.
func (s *session) relatedState() *runState {
	if s.r == nil {
		return nil
	}
	rs, _ := s.r.env[runVar].(*runState)
	return rs
}

// relatedBegin tells related() which source record it works for.
func (s *session) relatedBegin(rec connectors.Record) {
	if rs := s.relatedState(); rs != nil {
		rs.origin, rs.changes = rec.Origin, rs.changes[:0]
	}
}

// relatedEnd records in the activity log the related records the mapping
// of rec created or updated. They are logged whatever becomes of rec: the
// system has them either way.
func (s *session) relatedEnd(ctx context.Context, rec connectors.Record) error {
	rs := s.relatedState()
	if rs == nil || len(rs.changes) == 0 || s.o.DryRun {
		return nil
	}
	b := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID}
	for _, ch := range rs.changes {
		if ch.Action == "create" {
			s.stats.RelatedCreated++
		} else {
			s.stats.RelatedUpdated++
		}
		r := s.p.related[ch.Related]
		system := s.p.target.spec.Name
		if r.in == "source" {
			system = s.p.source.spec.Name
		}
		a := state.Activity{RunID: s.stats.RunID, Pipeline: s.p.Name, At: time.Now(), System: system,
			Entity: ch.Entity, SourceKey: ch.Key, Origin: rec.Origin, Decision: ch.Action, TargetID: ch.ID}
		if s.p.logPersonal {
			a.Payload = append([]byte(nil), ch.Record...)
		} else {
			a.Payload = maskPersonal(ch.Record, schemaRoot(r.schema))
			if r.personalKey() {
				// The key is an e-mail address or a name: the origin and
				// the target id still lead to the entry.
				a.SourceKey = masked
			}
		}
		b.Activity = append(b.Activity, a)
	}
	rs.changes = rs.changes[:0]
	return s.commit(ctx, b)
}

// personalKey reports whether the field records are looked up by is
// personal data in the entity's schema.
func (rp *relatedPlan) personalKey() bool {
	if rp.schema == nil {
		return false
	}
	f, ok := rp.schema.Root().Lookup(strings.Split(rp.by, "."))
	return ok && f.Personal
}

// dependsOnRelated explains why a planned decision cannot be applied as
// saved: its payload was mapped while a related record it refers to was
// only planned, so the payload lacks that record's id. "" when it can.
func dependsOnRelated(d Decision) string {
	for _, c := range d.Related {
		if c.Action == "create" {
			return fmt.Sprintf("the plan creates related %s %q for this record, so its payload lacks the new record's id; run the pipeline instead of applying the plan", c.Related, c.Key)
		}
	}
	return ""
}

// annotate wraps a dry run's decision callback so that each decision
// carries the related changes its record would make: a saved plan then
// knows which payloads depend on records that do not exist yet.
func (rs *runState) annotate(decisions func(Decision)) func(Decision) {
	if !rs.dryRun || decisions == nil {
		return decisions
	}
	rs.planned = map[string][]RelatedChange{}
	return func(d Decision) {
		d.Related = rs.planned[d.Origin]
		delete(rs.planned, d.Origin)
		decisions(d)
	}
}

// dependsOn notes, in a dry run, that the record being mapped uses a
// related record that is only planned.
func (rs *runState) dependsOn(ch RelatedChange) {
	if rs.planned == nil {
		return
	}
	for _, c := range rs.planned[rs.origin] {
		if c.Related == ch.Related && c.Key == ch.Key && c.Action == ch.Action {
			return
		}
	}
	rs.planned[rs.origin] = append(rs.planned[rs.origin], ch)
}
