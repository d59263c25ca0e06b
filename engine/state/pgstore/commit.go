package pgstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Commit implements state.Store: the whole batch in one transaction, sent
// to the server in one round trip (a pgx batch).
func (s *Store) Commit(ctx context.Context, b state.Batch) error {
	b, err := b.Prepare(s.now())
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return applyBatch(ctx, tx, b, ts(s.now()))
	})
	if err != nil {
		return fmt.Errorf("pgstore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	return nil
}

// step is one queued statement and what to say if it fails.
type step struct {
	what  string
	check func(rows int64) error // nil: any row count will do
}

// applyBatch queues a prepared batch's statements, sends them together and
// reads the results in order; the error names the entry that failed.
//
// Rows are locked in key order (cross-references by entity and key,
// set-aside records by id), so two processes committing overlapping
// batches wait for each other instead of deadlocking. The sort is stable:
// of two entries for one record, the later still wins.
func applyBatch(ctx context.Context, tx pgx.Tx, b state.Batch, now time.Time) error {
	var q pgx.Batch
	var steps []step
	queue := func(st step, sql string, args ...any) {
		q.Queue(sql, args...)
		steps = append(steps, st)
	}
	xrefs := slices.Clone(b.XRefs)
	slices.SortStableFunc(xrefs, func(x, y state.XRef) int {
		return cmp.Or(cmp.Compare(x.Entity, y.Entity), cmp.Compare(x.SourceKey, y.SourceKey))
	})
	for _, x := range xrefs {
		queue(step{what: fmt.Sprintf("xref %s %q", x.Entity, x.SourceKey)}, `INSERT INTO xrefs
			(pipeline, entity, source_key, target_id, payload_hash, source_hash, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (pipeline, entity, source_key) DO UPDATE SET target_id = excluded.target_id,
			payload_hash = excluded.payload_hash, source_hash = excluded.source_hash, updated_at = excluded.updated_at`,
			x.Pipeline, x.Entity, x.SourceKey, x.TargetID, x.PayloadHash, x.SourceHash, ts(x.UpdatedAt))
	}
	for _, in := range b.Intents {
		queue(step{what: fmt.Sprintf("intent %s %q", in.Entity, in.SourceKey)},
			"DELETE FROM intents WHERE pipeline = $1 AND entity = $2 AND source_key = $3",
			in.Pipeline, in.Entity, in.SourceKey)
	}
	for _, a := range b.Activity {
		queue(step{what: fmt.Sprintf("activity of %s %q", a.Entity, a.SourceKey)}, `INSERT INTO activity
			(run_id, pipeline, at, system, entity, source_key, origin, decision, target_id, status,
			payload, source, error, duration_ns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			a.RunID, a.Pipeline, ts(a.At), a.System, a.Entity, a.SourceKey, a.Origin, a.Decision,
			a.TargetID, a.Status, a.Payload, a.Source, a.Error, int64(a.Duration))
	}
	// Resolved entries go first: a retry that sets a record aside again
	// resolves its old entry and files a new one, which must not renew
	// (and so hide) the entry being resolved.
	resolved := slices.Clone(b.Resolved)
	slices.Sort(resolved)
	for _, id := range resolved {
		// Resolving twice keeps the first time: the record was written then.
		queue(step{what: fmt.Sprintf("resolve set-aside record %d", id), check: exactlyOne},
			`UPDATE set_aside SET resolved_at = COALESCE(resolved_at, $1) WHERE id = $2 AND pipeline = $3`,
			now, id, b.Pipeline)
	}
	for _, r := range b.SetAside {
		// A record set aside again replaces its pending entry (same source
		// key, or same origin and bytes when it has no key: another record
		// at that line of a file read again must wait too): it waits once,
		// not once per run.
		queue(step{what: fmt.Sprintf("set-aside record %q", r.SourceKey)}, `WITH renewed AS (
			UPDATE set_aside SET run_id = $2, origin = $3, stage = $5, field = $6, reason = $7, record = $8, at = $9
			WHERE pipeline = $1 AND resolved_at IS NULL
			AND CASE WHEN $4 <> '' THEN source_key = $4 ELSE source_key = '' AND origin = $3 AND record IS NOT DISTINCT FROM $8 END
			RETURNING id)
			INSERT INTO set_aside (pipeline, run_id, origin, source_key, stage, field, reason, record, at)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE NOT EXISTS (SELECT 1 FROM renewed)`,
			r.Pipeline, r.RunID, r.Origin, r.SourceKey, r.Stage, r.Field, r.Reason, r.Record, ts(r.At))
	}
	if b.Cursor != nil {
		queue(step{what: fmt.Sprintf("cursor of source %q", b.Source)}, `INSERT INTO cursors
			(pipeline, source, cursor, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (pipeline, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
			b.Pipeline, b.Source, *b.Cursor, now)
	}
	if len(steps) == 0 {
		return nil
	}
	results := tx.SendBatch(ctx, &q)
	for _, st := range steps {
		tag, err := results.Exec()
		if err == nil && st.check != nil {
			err = st.check(tag.RowsAffected())
		}
		if err != nil {
			results.Close()
			return fmt.Errorf("%s: %w", st.what, err)
		}
	}
	return results.Close()
}

func exactlyOne(rows int64) error {
	if rows != 1 {
		return state.ErrNotFound
	}
	return nil
}
