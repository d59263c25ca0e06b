package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Commit implements state.Store: the whole batch in one transaction, each
// kind of entry through one prepared statement.
func (s *Store) Commit(ctx context.Context, b state.Batch) error {
	b, err := b.Prepare(s.now())
	if err != nil {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	defer tx.Rollback()
	if err := applyBatch(ctx, tx, b, micros(s.now())); err != nil {
		return fmt.Errorf("sqlitestore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlitestore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	return nil
}

// applyBatch writes a prepared batch inside tx; the error names the entry.
func applyBatch(ctx context.Context, tx *sql.Tx, b state.Batch, now int64) error {
	if len(b.XRefs) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO xrefs
			(pipeline, entity, source_key, target_id, payload_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (pipeline, entity, source_key) DO UPDATE SET target_id = excluded.target_id,
			payload_hash = excluded.payload_hash, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, x := range b.XRefs {
			if _, err := st.ExecContext(ctx, x.Pipeline, x.Entity, x.SourceKey, x.TargetID,
				x.PayloadHash, micros(x.UpdatedAt)); err != nil {
				return fmt.Errorf("xref %s %q: %w", x.Entity, x.SourceKey, err)
			}
		}
	}
	if len(b.Intents) > 0 {
		st, err := tx.PrepareContext(ctx,
			"DELETE FROM intents WHERE pipeline = ? AND entity = ? AND source_key = ?")
		if err != nil {
			return err
		}
		defer st.Close()
		for _, in := range b.Intents {
			if _, err := st.ExecContext(ctx, in.Pipeline, in.Entity, in.SourceKey); err != nil {
				return fmt.Errorf("intent %s %q: %w", in.Entity, in.SourceKey, err)
			}
		}
	}
	if len(b.Activity) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO activity (run_id, pipeline, at, system, entity,
			source_key, origin, decision, target_id, status, payload, source, error, duration_ns)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, a := range b.Activity {
			if _, err := st.ExecContext(ctx, a.RunID, a.Pipeline, micros(a.At), a.System, a.Entity,
				a.SourceKey, a.Origin, a.Decision, a.TargetID, a.Status, a.Payload, a.Source, a.Error,
				int64(a.Duration)); err != nil {
				return fmt.Errorf("activity of %s %q: %w", a.Entity, a.SourceKey, err)
			}
		}
	}
	if len(b.SetAside) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO set_aside (pipeline, run_id, origin, source_key,
			stage, field, reason, record, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range b.SetAside {
			if _, err := st.ExecContext(ctx, r.Pipeline, r.RunID, r.Origin, r.SourceKey, r.Stage,
				r.Field, r.Reason, r.Record, micros(r.At)); err != nil {
				return fmt.Errorf("set-aside record %q: %w", r.SourceKey, err)
			}
		}
	}
	for _, id := range b.Resolved {
		// Resolving twice keeps the first time: the record was written then.
		res, err := tx.ExecContext(ctx, `UPDATE set_aside SET resolved_at = COALESCE(resolved_at, ?)
			WHERE id = ? AND pipeline = ?`, now, id, b.Pipeline)
		if err != nil {
			return fmt.Errorf("resolve set-aside record %d: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("resolve set-aside record %d: %w", id, err)
		}
		if n != 1 {
			return fmt.Errorf("resolve set-aside record %d: %w", id, state.ErrNotFound)
		}
	}
	if b.Cursor != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO cursors (pipeline, source, cursor, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (pipeline, source) DO UPDATE SET
			cursor = excluded.cursor, updated_at = excluded.updated_at`,
			b.Pipeline, b.Source, *b.Cursor, now); err != nil {
			return fmt.Errorf("cursor of source %q: %w", b.Source, err)
		}
	}
	return nil
}
