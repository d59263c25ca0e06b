package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// decisionUpsert marks a queued record that goes to the target's batch
// upsert: whether it is a create or an update is only known from the
// answer, so it is counted and reported after the call.
const decisionUpsert = "upsert"

// upserter returns the target's batch upsert when this run may use it
// instead of a natural-key lookup followed by a create or update: the
// target matches on key_field itself (it keeps that field unique), every
// record it has is to be updated (on_exists = "update"), and no field is
// written on create only (an upsert sends the same fields either way).
// Plans never upsert: they must not write, and they show the field
// changes only a lookup can tell. The answer is worked out once per run.
func (s *session) upserter(ctx context.Context) (connectors.BatchUpserter, error) {
	b := s.batch
	if b.upsertChecked {
		return b.upsert, nil
	}
	b.upsertChecked = true
	up, ok := b.bw.(connectors.BatchUpserter)
	wp := s.sync.wp
	if !ok || s.o.DryRun || wp.onExists != "update" || len(wp.createOnly) > 0 {
		return nil, nil
	}
	unique, err := up.UpsertKey(ctx, wp.keyField)
	if err != nil {
		return nil, fmt.Errorf("checking whether the target keeps %s unique: %w", wp.keyField, err)
	}
	if unique {
		b.upsert = up
	}
	return b.upsert, nil
}

// upsertGroup sends records the state knows nothing of to the target's
// batch upsert, at most max a call, and records each answer as a create
// or an update with its cross-reference. No intent is announced first:
// an upsert matches on the unique key, so sending it again after a crash
// between sending and recording updates the record the lost call made
// instead of creating a second one — the same safety a natural-key lookup
// gives a create.
func (s *session) upsertGroup(ctx context.Context, up connectors.BatchUpserter, group []pending) error {
	for len(group) > 0 {
		n := min(len(group), s.batch.max)
		chunk := group[:n]
		group = group[n:]
		recs := make([]connectors.Record, n)
		for i, it := range chunk {
			recs[i] = connectors.Record{Raw: it.d.payload, Origin: it.rec.Origin, Key: it.d.SourceKey}
		}
		start := time.Now()
		results, err := up.UpsertBatch(ctx, s.sync.wp.keyField, recs)
		s.stats.Calls++
		if err != nil {
			return fmt.Errorf("upserting %d records by %s: %w", n, s.sync.wp.keyField, err)
		}
		took := time.Since(start) / time.Duration(n)
		batch := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID}
		for i, it := range chunk {
			d := it.d
			var res connectors.UpsertResult
			if i < len(results) {
				res = results[i]
			} else {
				res.Err = &connectors.RecordError{Err: fmt.Errorf("the target's upsert answer says nothing of this record")}
			}
			if res.Err != nil {
				d.Decision, d.Reason = state.DecisionReject, res.Err.Error()
				s.decided(d)
				if err := s.writeFailed(ctx, it.rec, res.Err); err != nil {
					return err
				}
				continue
			}
			d.Decision, d.Reason = state.DecisionUpdate, "the target matched it on "+s.sync.wp.keyField
			if res.Created {
				d.Decision, d.Reason = state.DecisionCreate, ""
			}
			if d.TargetID = res.ID; d.TargetID == "" {
				d.TargetID = d.NaturalKey
			}
			s.decided(d)
			s.written(&batch, it.rec, d, took)
		}
		if err := s.commit(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}
