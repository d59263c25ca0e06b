package sqlitestore

import (
	"context"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Intent implements state.Store. Recording the same record's intent again
// (a retry after a crash) replaces the earlier one.
func (s *Store) Intent(ctx context.Context, in state.Intent) error {
	in, err := in.Prepare(s.now())
	if err != nil {
		return err
	}
	_, err = s.stmts.intent.ExecContext(ctx, in.Pipeline, in.Entity, in.SourceKey, in.NaturalKey, in.RunID, micros(in.CreatedAt))
	if err != nil {
		return fmt.Errorf("sqlitestore: intent of pipeline %q %s %q: %w", in.Pipeline, in.Entity, in.SourceKey, err)
	}
	return nil
}

// BeginRun implements state.Store.
func (s *Store) BeginRun(ctx context.Context, r state.Run) (int64, error) {
	r, err := r.PrepareBegin(s.now())
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.write.QueryRowContext(ctx, `INSERT INTO runs (pipeline, started_at, status, read, written,
		skipped, rejected, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Pipeline, micros(r.StartedAt), r.Status, r.Read, r.Written, r.Skipped, r.Rejected, r.Error).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: begin run of pipeline %q: %w", r.Pipeline, err)
	}
	return id, nil
}

// EndRun implements state.Store; it returns state.ErrNotFound for an
// unknown run id.
func (s *Store) EndRun(ctx context.Context, r state.Run) error {
	r, err := r.PrepareEnd(s.now())
	if err != nil {
		return err
	}
	res, err := s.write.ExecContext(ctx, `UPDATE runs SET ended_at = ?, status = ?, read = ?, written = ?,
		skipped = ?, rejected = ?, error = ? WHERE id = ?`,
		micros(r.EndedAt), r.Status, r.Read, r.Written, r.Skipped, r.Rejected, r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("sqlitestore: end run %d: %w", r.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlitestore: end run %d: %w", r.ID, err)
	} else if n == 0 {
		return fmt.Errorf("sqlitestore: end run %d: %w", r.ID, state.ErrNotFound)
	}
	return nil
}

// Purge implements state.Store: activity entries logged, runs ended and
// set-aside records resolved before the given time go, in one transaction.
// Runs still going, records still waiting, cross-references and cursors
// stay whatever their age.
func (s *Store) Purge(ctx context.Context, before time.Time) (int, error) {
	cut := micros(before.UTC().Truncate(state.Precision))
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: purge: %w", err)
	}
	defer tx.Rollback()
	total := 0
	for _, q := range []string{
		"DELETE FROM activity WHERE at < ?",
		"DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < ?",
		"DELETE FROM set_aside WHERE resolved_at IS NOT NULL AND resolved_at < ?",
	} {
		res, err := tx.ExecContext(ctx, q, cut)
		if err != nil {
			return 0, fmt.Errorf("sqlitestore: purge: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("sqlitestore: purge: %w", err)
		}
		total += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlitestore: purge: %w", err)
	}
	return total, nil
}
