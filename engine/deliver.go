package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// deliver writes a mapped record: straight to the target, or, when the
// target declares a key_field, after deciding whether the target has it.
func (s *session) deliver(ctx context.Context, rec connectors.Record, out []byte) error {
	if s.sync == nil {
		if s.o.DryRun {
			s.decided(Decision{Origin: rec.Origin, Decision: state.DecisionCreate, Calls: 1, Payload: append(json.RawMessage(nil), out...)})
			return nil
		}
		start := time.Now()
		if err := s.write(ctx, rec, out); err != nil {
			return s.writeFailed(ctx, rec, err)
		}
		s.stats.Written++
		return s.logActivity(ctx, rec, Decision{Origin: rec.Origin, Decision: state.DecisionCreate, payload: out}, time.Since(start))
	}
	if s.batch != nil {
		return s.add(ctx, rec, out)
	}
	d, err := s.sync.decide(ctx, s.r, rec, out)
	s.stats.Calls += d.Calls
	if err != nil {
		return s.identifyFailed(ctx, rec, err)
	}
	if s.o.DryRun {
		d.Payload = append(json.RawMessage(nil), d.payload...)
	}
	s.decided(d)
	if s.o.DryRun {
		return nil
	}
	return s.apply(ctx, rec, d)
}

// identifyFailed sets a record aside whose keys could not be computed, or
// whose lookup the target refused.
func (s *session) identifyFailed(ctx context.Context, rec connectors.Record, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return s.setAside(ctx, rec, fieldReject(newReject(rec.Origin, fe.stage, rec.Raw), fe))
	}
	return s.writeFailed(ctx, rec, err)
}

// decided counts a decision and hands it to the caller.
func (s *session) decided(d Decision) {
	if s.o.Decisions != nil {
		s.o.Decisions(d)
	}
	switch d.Decision {
	case state.DecisionCreate:
		s.stats.Created++
	case state.DecisionUpdate:
		s.stats.Updated++
	case state.DecisionSkip:
		s.stats.Skipped++
	case state.DecisionUnchanged:
		s.stats.Unchanged++
	}
}

// apply carries a decision out and records it with its cross-reference in
// one commit. A create is announced as an intent before it is sent, so that
// a crash between sending and recording leads to a lookup, not a duplicate.
func (s *session) apply(ctx context.Context, rec connectors.Record, d Decision) error {
	start := time.Now()
	b := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID}
	switch d.Decision {
	case state.DecisionReject:
		rj := newReject(rec.Origin, StageWrite, rec.Raw)
		rj.Field, rj.Reason = s.sync.wp.keyField, d.Reason
		if d.intent != nil && s.o.State != nil {
			// Set aside for a person to check; a retry may then create it.
			if err := s.o.State.Commit(ctx, state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID, Intents: []state.Intent{*d.intent}}); err != nil {
				return err
			}
			delete(s.sync.inFlight, d.SourceKey)
		}
		return s.setAside(ctx, rec, rj)
	case state.DecisionCreate:
		intent := state.Intent{Pipeline: s.p.Name, Entity: s.sync.wp.xrefEntity, SourceKey: d.SourceKey, NaturalKey: d.NaturalKey, RunID: s.stats.RunID, CreatedAt: start}
		// A target that can look records up by natural key needs no intent:
		// after a crash the lookup finds what was created. Nor does one
		// that writes transactionally: what a crash leaves unrecorded in
		// it is taken back (txcommit.go). For any other, the intent is the
		// only trace of a create in flight.
		if s.o.State != nil && s.sync.lookup == nil && s.tx == nil {
			if err := s.o.State.Intent(ctx, intent); err != nil {
				return fmt.Errorf("recording the intent to create %s: %w", rec.Origin, err)
			}
			b.Intents = []state.Intent{intent}
		}
		if err := s.write(ctx, rec, d.payload); err != nil {
			return s.writeFailed(ctx, rec, err)
		}
		if c, ok := s.writer.(connectors.Creator); ok {
			d.TargetID = c.Last().ID
		}
		if d.TargetID == "" {
			// Targets that assign no id of their own (files) are known by
			// the natural key.
			d.TargetID = d.NaturalKey
		}
		s.stats.Written++
	case state.DecisionUpdate:
		err := s.sync.updater.Update(ctx, d.TargetID, connectors.Record{Raw: d.payload, Origin: rec.Origin, Key: d.SourceKey})
		if err != nil {
			return s.writeFailed(ctx, rec, err)
		}
		s.stats.Written++
	}
	if s.o.State == nil {
		return nil
	}
	if d.TargetID != "" {
		b.XRefs = []state.XRef{{Pipeline: s.p.Name, Entity: s.sync.wp.xrefEntity, SourceKey: d.SourceKey,
			TargetID: d.TargetID, PayloadHash: d.hash, SourceHash: d.sourceHash, UpdatedAt: time.Now()}}
	}
	b.Activity = []state.Activity{s.activity(rec, d, d.payload, time.Since(start))}
	if err := s.commit(ctx, b); err != nil {
		return fmt.Errorf("recording %s: %w", rec.Origin, err)
	}
	return nil
}

func (s *session) write(ctx context.Context, rec connectors.Record, out []byte) error {
	return s.writer.Write(ctx, connectors.Record{Raw: out, Origin: rec.Origin, Key: rec.Key})
}

// writeFailed sets a record aside when the target refused it, and stops the
// run when the target failed as a whole.
func (s *session) writeFailed(ctx context.Context, rec connectors.Record, err error) error {
	re, ok := connectors.AsRecordError(err)
	if !ok {
		return fmt.Errorf("writing %s: %w", rec.Origin, err)
	}
	rj := newReject(rec.Origin, StageWrite, rec.Raw)
	rj.Field, rj.Reason = re.Field, re.Err.Error()
	return s.setAside(ctx, rec, rj)
}

// logActivity records a decision that needs no cross-reference.
func (s *session) logActivity(ctx context.Context, rec connectors.Record, d Decision, took time.Duration) error {
	if s.o.State == nil || s.o.DryRun {
		return nil
	}
	b := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID, Activity: []state.Activity{s.activity(rec, d, d.payload, took)}}
	return s.commit(ctx, b)
}

// activity is the log entry of a decision: what was sent and the record it
// came from, masked where the target and source schemas mark personal data.
func (s *session) activity(rec connectors.Record, d Decision, payload []byte, took time.Duration) state.Activity {
	a := state.Activity{RunID: s.stats.RunID, Pipeline: s.p.Name, At: time.Now(), System: s.p.source.spec.Name,
		Entity: s.p.SourceSchema(), SourceKey: d.SourceKey, Origin: rec.Origin, Decision: d.Decision,
		TargetID: d.TargetID, Error: d.Reason, Duration: took}
	if a.SourceKey == "" {
		a.SourceKey = rec.Key
	}
	switch {
	case payload == nil:
		// A record without a payload was set aside; the set-aside list
		// keeps it whole, for the retry.
	case s.p.logPersonal:
		a.Payload = append([]byte(nil), payload...)
		a.Source = append([]byte(nil), rec.Raw...)
	default:
		a.Payload = maskPersonal(payload, schemaRoot(s.p.target.schema))
		a.Source = maskPersonal(rec.Raw, schemaRoot(s.p.source.schema))
	}
	return a
}
