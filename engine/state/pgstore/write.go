package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Intent implements state.Store. Recording the same record's intent again
// (a retry after a crash) replaces the earlier one.
func (s *Store) Intent(ctx context.Context, in state.Intent) error {
	in, err := in.Prepare(s.now())
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO intents
		(pipeline, entity, source_key, natural_key, run_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (pipeline, entity, source_key) DO UPDATE SET natural_key = excluded.natural_key,
		run_id = excluded.run_id, created_at = excluded.created_at`,
		in.Pipeline, in.Entity, in.SourceKey, in.NaturalKey, in.RunID, ts(in.CreatedAt))
	if err != nil {
		return fmt.Errorf("pgstore: intent of pipeline %q %s %q: %w", in.Pipeline, in.Entity, in.SourceKey, err)
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
	err = s.pool.QueryRow(ctx, `INSERT INTO runs (pipeline, started_at, status, read, written, skipped,
		rejected, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.Pipeline, ts(r.StartedAt), r.Status, r.Read, r.Written, r.Skipped, r.Rejected, r.Error).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("pgstore: begin run of pipeline %q: %w", r.Pipeline, err)
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
	tag, err := s.pool.Exec(ctx, `UPDATE runs SET ended_at = $1, status = $2, read = $3, written = $4,
		skipped = $5, rejected = $6, error = $7 WHERE id = $8`,
		nullTime(r.EndedAt), r.Status, r.Read, r.Written, r.Skipped, r.Rejected, r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("pgstore: end run %d: %w", r.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("pgstore: end run %d: %w", r.ID, state.ErrNotFound)
	}
	return nil
}

// Purge implements state.Store: activity entries logged, runs ended and
// set-aside records resolved before the given time go, in one transaction.
// Runs still going, records still waiting, cross-references and cursors
// stay whatever their age.
func (s *Store) Purge(ctx context.Context, before time.Time) (int, error) {
	cut := ts(before)
	total := 0
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, q := range []string{
			"DELETE FROM activity WHERE at < $1",
			"DELETE FROM runs WHERE ended_at IS NOT NULL AND ended_at < $1",
			"DELETE FROM set_aside WHERE resolved_at IS NOT NULL AND resolved_at < $1",
		} {
			tag, err := tx.Exec(ctx, q, cut)
			if err != nil {
				return err
			}
			total += int(tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("pgstore: purge: %w", err)
	}
	return total, nil
}
