package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// SavedPlan is the result of `pipeline plan -out FILE`: the decisions and
// payloads of a dry run, to be applied later as they were reviewed.
type SavedPlan struct {
	FormatVersion string     `json:"format_version"`
	Pipeline      string     `json:"pipeline"`
	File          string     `json:"file"`
	CreatedAt     time.Time  `json:"created_at"`
	Decisions     []Decision `json:"decisions"`
}

// Apply carries out the decisions of a saved plan without reading the
// source again. It refuses — sets aside — every record whose target side
// changed since the plan was made: a create whose natural key now exists,
// an update or skip whose target record or cross-reference differs.
func (p *Plan) Apply(ctx context.Context, saved *SavedPlan, o RunOptions) (stats Stats, err error) {
	if p.write == nil {
		return stats, fmt.Errorf("pipeline %q has no key_field on its target, so a plan cannot be checked against the target before applying", p.Name)
	}
	if saved.Pipeline != p.Name {
		return stats, fmt.Errorf("the plan is for pipeline %q, not %q", saved.Pipeline, p.Name)
	}
	o.Reader = p.standInReader(saved.Decisions)
	s := &session{p: p, o: o, start: time.Now()}
	return s.do(ctx, false, func() error {
		for _, d := range saved.Decisions {
			if ctx.Err() != nil {
				s.stats.Interrupted = true
				return ctx.Err()
			}
			s.stats.Read++
			if err := s.applyOne(ctx, d); err != nil {
				return err
			}
		}
		if err := s.finish(ctx); err != nil {
			return err
		}
		if s.stats.Rejected > p.maxRejects {
			return &TooManyRejectsError{Rejected: s.stats.Rejected, Max: p.maxRejects}
		}
		return nil
	})
}

func (s *session) applyOne(ctx context.Context, planned Decision) error {
	rec := connectors.Record{Raw: planned.Payload, Origin: planned.Origin, Key: planned.SourceKey}
	if planned.Decision != state.DecisionCreate && planned.Decision != state.DecisionUpdate {
		s.decided(planned)
		return nil
	}
	if reason := dependsOnRelated(planned); reason != "" {
		rj := newReject(planned.Origin, "apply", planned.Payload)
		rj.Reason = reason
		return s.setAside(ctx, rec, rj)
	}
	now, err := s.sync.recheck(ctx, planned)
	s.stats.Calls += now.Calls
	if err != nil {
		return s.writeFailed(ctx, rec, err)
	}
	if reason := changedSince(planned, now); reason != "" {
		rj := newReject(planned.Origin, "apply", planned.Payload)
		rj.Field, rj.Reason = s.sync.wp.keyField, reason
		return s.setAside(ctx, rec, rj)
	}
	// The cross-reference must hold the hash a run computes (identify):
	// of compact JSON, as the engine maps it (a plan file is indented),
	// less the create_only fields when records are updated.
	payload := []byte(planned.Payload)
	var compact bytes.Buffer
	if json.Compact(&compact, payload) == nil {
		payload = compact.Bytes()
	}
	hashed := payload
	if s.sync.wp.onExists == "update" {
		hashed = s.sync.stripCreateOnly(payload)
	}
	sum := sha256.Sum256(hashed)
	planned.payload, planned.hash = payload, hex.EncodeToString(sum[:16])
	s.decided(planned)
	return s.apply(ctx, rec, planned)
}

// recheck looks at the target side of a planned decision again.
func (s *syncer) recheck(ctx context.Context, planned Decision) (Decision, error) {
	d := Decision{SourceKey: planned.SourceKey, NaturalKey: planned.NaturalKey}
	if s.store != nil {
		x, err := s.store.XRef(ctx, s.plan.Name, s.wp.xrefEntity, planned.SourceKey)
		switch {
		case err == nil:
			d.TargetID, d.XRefHash = x.TargetID, x.PayloadHash
		case !errors.Is(err, state.ErrNotFound):
			return d, err
		}
	}
	if s.lookup != nil && planned.NaturalKey != "" && (planned.BeforeHash != "" || planned.Decision == state.DecisionCreate) {
		d.Calls++
		recs, err := s.lookup.Lookup(ctx, connectors.LookupQuery{Entity: s.wp.entity, Field: s.wp.keyField, Value: planned.NaturalKey})
		if err != nil {
			return d, err
		}
		if len(recs) > 0 {
			d.BeforeHash = fingerprint(recs[0].Raw)
		}
	}
	return d, nil
}

// changedSince explains why the target side differs from the plan, or "".
func changedSince(planned, now Decision) string {
	switch {
	case planned.Decision == state.DecisionCreate && now.BeforeHash != "":
		return fmt.Sprintf("the target has had a record with this key since the plan was made (natural key %q)", planned.NaturalKey)
	case planned.Decision == state.DecisionCreate && now.TargetID != "":
		return "the record was written since the plan was made"
	case planned.BeforeHash != now.BeforeHash:
		return "the target's record changed since the plan was made"
	case planned.XRefHash != now.XRefHash:
		return "the record was written again since the plan was made"
	}
	return ""
}

// decisionReader is never read: Apply walks the decisions itself. It
// stands in for the source so that opening the session needs no source.
type decisionReader struct{ decisions []Decision }

func (r *decisionReader) Read(context.Context) (connectors.Record, error) {
	return connectors.Record{}, errors.New("a saved plan is not read as a source")
}

func (r *decisionReader) Close() error { return nil }
