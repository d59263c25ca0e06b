package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Cursor implements state.Store.
func (s *Store) Cursor(ctx context.Context, pipeline, source string) (string, error) {
	var c string
	err := s.read.QueryRowContext(ctx,
		"SELECT cursor FROM cursors WHERE pipeline = ? AND source = ?", pipeline, source).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlitestore: cursor of pipeline %q source %q: %w", pipeline, source, err)
	}
	return c, nil
}

// XRef implements state.Store.
func (s *Store) XRef(ctx context.Context, pipeline, entity, sourceKey string) (state.XRef, error) {
	x := state.XRef{Pipeline: pipeline, Entity: entity, SourceKey: sourceKey}
	var at int64
	err := s.stmts.xref.QueryRowContext(ctx, pipeline, entity, sourceKey).Scan(&x.TargetID, &x.PayloadHash, &x.SourceHash, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return state.XRef{}, fmt.Errorf("sqlitestore: xref of pipeline %q %s %q: %w", pipeline, entity, sourceKey, state.ErrNotFound)
	}
	if err != nil {
		return state.XRef{}, fmt.Errorf("sqlitestore: xref of pipeline %q %s %q: %w", pipeline, entity, sourceKey, err)
	}
	x.UpdatedAt = fromMicros(at)
	return x, nil
}

// Intents implements state.Store; the oldest intent comes first.
func (s *Store) Intents(ctx context.Context, pipeline string) ([]state.Intent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT entity, source_key, natural_key, run_id, created_at
		FROM intents WHERE pipeline = ? ORDER BY created_at, entity, source_key`, pipeline)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: intents of pipeline %q: %w", pipeline, err)
	}
	defer rows.Close()
	var out []state.Intent
	for rows.Next() {
		in := state.Intent{Pipeline: pipeline}
		var at int64
		if err := rows.Scan(&in.Entity, &in.SourceKey, &in.NaturalKey, &in.RunID, &at); err != nil {
			return nil, fmt.Errorf("sqlitestore: intents of pipeline %q: %w", pipeline, err)
		}
		in.CreatedAt = fromMicros(at)
		out = append(out, in)
	}
	return out, rows.Err()
}

// Runs implements state.Store; the newest run comes first.
func (s *Store) Runs(ctx context.Context, q state.RunQuery) ([]state.Run, error) {
	var w where
	w.add("pipeline = ?", q.Pipeline, q.Pipeline != "")
	rows, err := s.read.QueryContext(ctx, `SELECT id, pipeline, started_at, ended_at, status,
		read, written, skipped, rejected, error FROM runs`+w.sql()+
		` ORDER BY started_at DESC, id DESC`+limit(q.Limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: runs: %w", err)
	}
	defer rows.Close()
	var out []state.Run
	for rows.Next() {
		var r state.Run
		var started int64
		var ended sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Pipeline, &started, &ended, &r.Status,
			&r.Read, &r.Written, &r.Skipped, &r.Rejected, &r.Error); err != nil {
			return nil, fmt.Errorf("sqlitestore: runs: %w", err)
		}
		r.StartedAt, r.EndedAt = fromMicros(started), fromNullMicros(ended)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Activity implements state.Store; the newest entry comes first, so that
// Limit keeps the latest.
func (s *Store) Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error) {
	var w where
	w.add("pipeline = ?", q.Pipeline, q.Pipeline != "")
	w.add("run_id = ?", q.RunID, q.RunID != 0)
	if q.SourceKey != "" {
		w.add("(source_key = ? OR target_id = ? OR origin = ?)", q.SourceKey, true)
		w.args = append(w.args, q.SourceKey, q.SourceKey)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, run_id, pipeline, at, system, entity, source_key,
		origin, decision, target_id, status, payload, source, error, duration_ns FROM activity`+w.sql()+
		` ORDER BY at DESC, id DESC`+limit(q.Limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: activity: %w", err)
	}
	defer rows.Close()
	var out []state.Activity
	for rows.Next() {
		var a state.Activity
		var at, dur int64
		if err := rows.Scan(&a.ID, &a.RunID, &a.Pipeline, &at, &a.System, &a.Entity, &a.SourceKey,
			&a.Origin, &a.Decision, &a.TargetID, &a.Status, &a.Payload, &a.Source, &a.Error, &dur); err != nil {
			return nil, fmt.Errorf("sqlitestore: activity: %w", err)
		}
		a.At, a.Duration = fromMicros(at), time.Duration(dur)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetAside implements state.Store: the unresolved records, oldest first
// (the order a retry takes them in).
func (s *Store) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, run_id, origin, source_key, stage, field, reason,
		record, at FROM set_aside WHERE pipeline = ? AND resolved_at IS NULL ORDER BY at, id`, pipeline)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: set-aside records of pipeline %q: %w", pipeline, err)
	}
	defer rows.Close()
	var out []state.SetAside
	for rows.Next() {
		r := state.SetAside{Pipeline: pipeline}
		var at int64
		if err := rows.Scan(&r.ID, &r.RunID, &r.Origin, &r.SourceKey, &r.Stage, &r.Field, &r.Reason,
			&r.Record, &at); err != nil {
			return nil, fmt.Errorf("sqlitestore: set-aside records of pipeline %q: %w", pipeline, err)
		}
		r.At = fromMicros(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// where builds a WHERE clause from the conditions that apply.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, arg any, applies bool) {
	if applies {
		w.conds = append(w.conds, cond)
		w.args = append(w.args, arg)
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d", n)
}
