package engine

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// batcher groups the records of a run for a target that takes many records
// per call: one natural-key lookup for the group, one create call and one
// update call, instead of one call per record each.
type batcher struct {
	max   int
	bw    connectors.BatchWriter   // nil: writes go one by one
	bl    connectors.BatchLookuper // nil: lookups go one by one
	items []pending
	keys  map[string]bool // natural keys in the group

	// upsert is the target's batch upsert when the run may use it (see
	// session.upserter); upsertChecked says whether that was worked out.
	upsert        connectors.BatchUpserter
	upsertChecked bool
}

type pending struct {
	rec connectors.Record
	d   Decision
}

// newBatcher returns a batcher when the target supports batches.
func newBatcher(w connectors.Writer, lookup connectors.Lookuper) *batcher {
	b := &batcher{max: 100, keys: map[string]bool{}}
	b.bw, _ = w.(connectors.BatchWriter)
	b.bl, _ = lookup.(connectors.BatchLookuper)
	if b.bw == nil && b.bl == nil {
		return nil
	}
	if b.bw != nil && b.bw.MaxBatch() > 0 {
		b.max = b.bw.MaxBatch()
	}
	return b
}

// add queues a mapped record, sending the group first when it is full or
// already holds the same natural key (two creates of one key in one batch
// would be a duplicate).
func (s *session) add(ctx context.Context, rec connectors.Record, out []byte) error {
	d, err := s.sync.identify(s.r, rec, out)
	if err != nil {
		return s.identifyFailed(ctx, rec, err)
	}
	b := s.batch
	if b.keys[d.NaturalKey] {
		if err := s.flush(ctx); err != nil {
			return err
		}
	}
	d.payload = append([]byte(nil), out...)
	rec.Raw = append([]byte(nil), rec.Raw...)
	b.items = append(b.items, pending{rec: rec, d: d})
	b.keys[d.NaturalKey] = true
	if len(b.items) >= b.max {
		return s.flush(ctx)
	}
	return nil
}

// flush decides and writes the queued group.
func (s *session) flush(ctx context.Context) error {
	b := s.batch
	if b == nil || len(b.items) == 0 {
		return nil
	}
	items := b.items
	b.items, b.keys = nil, map[string]bool{}
	up, err := s.decideGroup(ctx, items)
	if err != nil {
		return err
	}
	var creates, updates, upserts, others []pending
	for _, it := range items {
		if it.d.Decision == decisionUpsert {
			upserts = append(upserts, it) // decided by the answer
			continue
		}
		if s.o.DryRun {
			it.d.Payload = it.d.payload
		}
		s.decided(it.d)
		switch {
		case s.o.DryRun:
		case it.d.Decision == state.DecisionCreate && b.bw != nil:
			creates = append(creates, it)
		case it.d.Decision == state.DecisionUpdate && b.bw != nil:
			updates = append(updates, it)
		default:
			others = append(others, it)
		}
	}
	for _, it := range others {
		if err := s.apply(ctx, it.rec, it.d); err != nil {
			return err
		}
	}
	if err := s.writeGroup(ctx, creates, false); err != nil {
		return err
	}
	if err := s.writeGroup(ctx, updates, true); err != nil {
		return err
	}
	return s.upsertGroup(ctx, up, upserts)
}

// decideGroup settles every queued record: from the state first, then one
// lookup for the natural keys still open. When the target can upsert
// (session.upserter, asked only once a record needs it), records the
// state does not know that have a natural key are left to the upsert
// (decisionUpsert), which it returns, and nothing is looked up.
func (s *session) decideGroup(ctx context.Context, items []pending) (connectors.BatchUpserter, error) {
	var open []int
	var up connectors.BatchUpserter
	for i := range items {
		done, err := s.sync.known(ctx, &items[i].d)
		if err != nil {
			return nil, err
		}
		if done {
			continue
		}
		if items[i].d.NaturalKey != "" && !items[i].d.confirm {
			if up, err = s.upserter(ctx); err != nil {
				return nil, err
			}
			if up != nil {
				items[i].d.Decision = decisionUpsert
				continue
			}
		}
		open = append(open, i)
	}
	var found map[string][]connectors.Record
	if s.batch.bl != nil && len(open) > 0 {
		var keys []string
		for _, i := range open {
			if k := items[i].d.NaturalKey; k != "" {
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			var err error
			found, err = s.batch.bl.LookupMany(ctx, s.sync.wp.entity, s.sync.wp.keyField, keys)
			if err != nil {
				return nil, err
			}
			s.stats.Calls++
		}
	}
	for _, i := range open {
		d := items[i].d
		recs := found[d.NaturalKey]
		if s.batch.bl == nil && s.sync.lookup != nil && d.NaturalKey != "" {
			d.Calls++
			var err error
			recs, err = s.sync.lookup.Lookup(ctx, connectors.LookupQuery{Entity: s.sync.wp.entity, Field: s.sync.wp.keyField, Value: d.NaturalKey})
			if err != nil {
				return nil, err
			}
		}
		settled, err := s.sync.settle(ctx, d, recs)
		if err != nil {
			return nil, err
		}
		if settled.Decision == state.DecisionCreate || settled.Decision == state.DecisionUpdate {
			settled.Calls-- // the group's write call is counted once below
		}
		s.stats.Calls += settled.Calls
		items[i].d = settled
	}
	return up, nil
}

// writeGroup sends creates (or updates) in calls of at most max records and
// records each answer; a record the target refused is set aside.
func (s *session) writeGroup(ctx context.Context, group []pending, update bool) error {
	for len(group) > 0 {
		n := min(len(group), s.batch.max)
		chunk := group[:n]
		group = group[n:]
		recs := make([]connectors.Record, n)
		ids := make([]string, n)
		for i, it := range chunk {
			recs[i] = connectors.Record{Raw: it.d.payload, Origin: it.rec.Origin, Key: it.d.SourceKey}
			ids[i] = it.d.TargetID
		}
		start := time.Now()
		var results []connectors.BatchResult
		var err error
		if update {
			results, err = s.batch.bw.UpdateBatch(ctx, ids, recs)
		} else {
			results, err = s.batch.bw.CreateBatch(ctx, recs)
		}
		s.stats.Calls++
		if err != nil {
			return err
		}
		took := time.Since(start) / time.Duration(n)
		batch := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID}
		for i, it := range chunk {
			if i < len(results) && results[i].Err != nil {
				if err := s.writeFailed(ctx, it.rec, results[i].Err); err != nil {
					return err
				}
				continue
			}
			d := it.d
			if !update && i < len(results) && results[i].ID != "" {
				d.TargetID = results[i].ID
			}
			s.written(&batch, it.rec, d, took)
		}
		if err := s.commit(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}

// written counts a record the target took and adds its cross-reference
// and activity to batch. A target that assigns no id of its own knows the
// record by its natural key.
func (s *session) written(batch *state.Batch, rec connectors.Record, d Decision, took time.Duration) {
	if d.TargetID == "" {
		d.TargetID = d.NaturalKey
	}
	s.stats.Written++
	batch.XRefs = append(batch.XRefs, state.XRef{Pipeline: s.p.Name, Entity: s.sync.wp.xrefEntity,
		SourceKey: d.SourceKey, TargetID: d.TargetID, PayloadHash: d.hash, SourceHash: d.sourceHash, UpdatedAt: time.Now()})
	batch.Activity = append(batch.Activity, s.activity(rec, d, d.payload, took))
}
