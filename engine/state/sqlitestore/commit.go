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
	if err := s.applyBatch(ctx, tx, b, micros(s.now())); err != nil {
		return fmt.Errorf("sqlitestore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlitestore: commit of pipeline %q run %d: %w", b.Pipeline, b.RunID, err)
	}
	return nil
}

// applyBatch writes a prepared batch inside tx, through the statements
// prepared when the store opened; the error names the entry.
func (s *Store) applyBatch(ctx context.Context, tx *sql.Tx, b state.Batch, now int64) error {
	if len(b.XRefs) > 0 {
		st := tx.StmtContext(ctx, s.stmts.xrefUpsert)
		for _, x := range b.XRefs {
			if _, err := st.ExecContext(ctx, x.Pipeline, x.Entity, x.SourceKey, x.TargetID,
				x.PayloadHash, x.SourceHash, micros(x.UpdatedAt)); err != nil {
				return fmt.Errorf("xref %s %q: %w", x.Entity, x.SourceKey, err)
			}
		}
	}
	if len(b.Intents) > 0 {
		st := tx.StmtContext(ctx, s.stmts.intentDone)
		for _, in := range b.Intents {
			if _, err := st.ExecContext(ctx, in.Pipeline, in.Entity, in.SourceKey); err != nil {
				return fmt.Errorf("intent %s %q: %w", in.Entity, in.SourceKey, err)
			}
		}
	}
	if err := s.insertActivity(ctx, tx, b.Activity); err != nil {
		return err
	}
	// Resolved entries go first: a retry that sets a record aside again
	// resolves its old entry and files a new one, which must not renew
	// (and so hide) the entry being resolved.
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
	if len(b.SetAside) > 0 {
		st := tx.StmtContext(ctx, s.stmts.setAside)
		renew := tx.StmtContext(ctx, s.stmts.setAsideRenew)
		for _, r := range b.SetAside {
			res, err := renew.ExecContext(ctx, r.RunID, r.Origin, r.Stage, r.Field, r.Reason, r.Record,
				micros(r.At), r.Pipeline, r.SourceKey, r.SourceKey, r.Origin, r.Record)
			if err != nil {
				return fmt.Errorf("set-aside record %q: %w", r.SourceKey, err)
			}
			if n, err := res.RowsAffected(); err != nil || n > 0 {
				if err != nil {
					return fmt.Errorf("set-aside record %q: %w", r.SourceKey, err)
				}
				continue
			}
			if _, err := st.ExecContext(ctx, r.Pipeline, r.RunID, r.Origin, r.SourceKey, r.Stage,
				r.Field, r.Reason, r.Record, micros(r.At)); err != nil {
				return fmt.Errorf("set-aside record %q: %w", r.SourceKey, err)
			}
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

// insertActivity appends the entries, activityRows to a statement while
// that many are left and one by one after. The error names the entry, or
// for a multi-row INSERT the entries it held; the caller rolls back.
func (s *Store) insertActivity(ctx context.Context, tx *sql.Tx, entries []state.Activity) error {
	if len(entries) >= activityRows {
		st := tx.StmtContext(ctx, s.stmts.activityN)
		args := make([]any, 0, activityRows*14)
		for len(entries) >= activityRows {
			chunk := entries[:activityRows]
			args = args[:0]
			for _, a := range chunk {
				args = appendActivity(args, a)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				first, last := chunk[0], chunk[len(chunk)-1]
				return fmt.Errorf("activity of %s %q to %s %q: %w", first.Entity, first.SourceKey, last.Entity, last.SourceKey, err)
			}
			entries = entries[activityRows:]
		}
	}
	if len(entries) == 0 {
		return nil
	}
	st := tx.StmtContext(ctx, s.stmts.activity)
	args := make([]any, 0, 14)
	for _, a := range entries {
		if _, err := st.ExecContext(ctx, appendActivity(args[:0], a)...); err != nil {
			return fmt.Errorf("activity of %s %q: %w", a.Entity, a.SourceKey, err)
		}
	}
	return nil
}

func appendActivity(args []any, a state.Activity) []any {
	return append(args, a.RunID, a.Pipeline, micros(a.At), a.System, a.Entity, a.SourceKey, a.Origin,
		a.Decision, a.TargetID, a.Status, a.Payload, a.Source, a.Error, int64(a.Duration))
}
