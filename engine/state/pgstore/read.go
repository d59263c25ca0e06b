package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Cursor implements state.Store.
func (s *Store) Cursor(ctx context.Context, pipeline, source string) (string, error) {
	var c string
	err := s.pool.QueryRow(ctx, "SELECT cursor FROM cursors WHERE pipeline = $1 AND source = $2",
		pipeline, source).Scan(&c)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("pgstore: cursor of pipeline %q source %q: %w", pipeline, source, err)
	}
	return c, nil
}

// XRef implements state.Store.
func (s *Store) XRef(ctx context.Context, pipeline, entity, sourceKey string) (state.XRef, error) {
	x := state.XRef{Pipeline: pipeline, Entity: entity, SourceKey: sourceKey}
	err := s.pool.QueryRow(ctx, `SELECT target_id, payload_hash, source_hash, updated_at FROM xrefs
		WHERE pipeline = $1 AND entity = $2 AND source_key = $3`, pipeline, entity, sourceKey).
		Scan(&x.TargetID, &x.PayloadHash, &x.SourceHash, &x.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.XRef{}, fmt.Errorf("pgstore: xref of pipeline %q %s %q: %w", pipeline, entity, sourceKey, state.ErrNotFound)
	}
	if err != nil {
		return state.XRef{}, fmt.Errorf("pgstore: xref of pipeline %q %s %q: %w", pipeline, entity, sourceKey, err)
	}
	x.UpdatedAt = x.UpdatedAt.UTC()
	return x, nil
}

// Intents implements state.Store; the oldest intent comes first.
func (s *Store) Intents(ctx context.Context, pipeline string) ([]state.Intent, error) {
	rows, _ := s.pool.Query(ctx, `SELECT entity, source_key, natural_key, run_id, created_at
		FROM intents WHERE pipeline = $1 ORDER BY created_at, entity, source_key`, pipeline)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (state.Intent, error) {
		in := state.Intent{Pipeline: pipeline}
		err := row.Scan(&in.Entity, &in.SourceKey, &in.NaturalKey, &in.RunID, &in.CreatedAt)
		in.CreatedAt = in.CreatedAt.UTC()
		return in, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: intents of pipeline %q: %w", pipeline, err)
	}
	return out, nil
}

// Runs implements state.Store; the newest run comes first.
func (s *Store) Runs(ctx context.Context, q state.RunQuery) ([]state.Run, error) {
	var w where
	w.add("pipeline = $%d", q.Pipeline, q.Pipeline != "")
	rows, _ := s.pool.Query(ctx, `SELECT id, pipeline, started_at, ended_at, status,
		read, written, skipped, rejected, error FROM runs`+w.sql()+
		` ORDER BY started_at DESC, id DESC`+w.limit(q.Limit), w.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (state.Run, error) {
		var r state.Run
		var ended *time.Time
		err := row.Scan(&r.ID, &r.Pipeline, &r.StartedAt, &ended, &r.Status,
			&r.Read, &r.Written, &r.Skipped, &r.Rejected, &r.Error)
		r.StartedAt, r.EndedAt = r.StartedAt.UTC(), fromNullTime(ended)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: runs: %w", err)
	}
	return out, nil
}

// Activity implements state.Store; the newest entry comes first, so that
// Limit keeps the latest.
func (s *Store) Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error) {
	var w where
	w.add("pipeline = $%d", q.Pipeline, q.Pipeline != "")
	w.add("run_id = $%d", q.RunID, q.RunID != 0)
	w.add("(source_key = $%[1]d OR target_id = $%[1]d OR origin = $%[1]d)", q.SourceKey, q.SourceKey != "")
	rows, _ := s.pool.Query(ctx, `SELECT id, run_id, pipeline, at, system, entity, source_key,
		origin, decision, target_id, status, payload, source, error, duration_ns FROM activity`+w.sql()+
		` ORDER BY at DESC, id DESC`+w.limit(q.Limit), w.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (state.Activity, error) {
		var a state.Activity
		var dur int64
		err := row.Scan(&a.ID, &a.RunID, &a.Pipeline, &a.At, &a.System, &a.Entity, &a.SourceKey,
			&a.Origin, &a.Decision, &a.TargetID, &a.Status, &a.Payload, &a.Source, &a.Error, &dur)
		a.At, a.Duration = a.At.UTC(), time.Duration(dur)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: activity: %w", err)
	}
	return out, nil
}

// SetAside implements state.Store: the unresolved records, oldest first
// (the order a retry takes them in).
func (s *Store) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, run_id, origin, source_key, stage, field, reason, record, at
		FROM set_aside WHERE pipeline = $1 AND resolved_at IS NULL ORDER BY at, id`, pipeline)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (state.SetAside, error) {
		r := state.SetAside{Pipeline: pipeline}
		err := row.Scan(&r.ID, &r.RunID, &r.Origin, &r.SourceKey, &r.Stage, &r.Field, &r.Reason,
			&r.Record, &r.At)
		r.At = r.At.UTC()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: set-aside records of pipeline %q: %w", pipeline, err)
	}
	return out, nil
}

// where builds a WHERE clause with numbered parameters from the conditions
// that apply; %d in a condition is its parameter's number (%[1]d to
// use it more than once).
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, arg any, applies bool) {
	if applies {
		w.args = append(w.args, arg)
		w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit adds LIMIT as a parameter; none for n <= 0.
func (w *where) limit(n int) string {
	if n <= 0 {
		return ""
	}
	w.args = append(w.args, n)
	return fmt.Sprintf(" LIMIT $%d", len(w.args))
}
