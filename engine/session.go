package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// do opens the session, runs body and closes the session again: a failed
// body abandons what the target holds of the run, the target is closed
// whatever body returns, and the end of the run is recorded with its
// duration and error. With commitOnStop, what was written is committed
// even when body stops early (a cancelled ctx must not lose it), before
// the end is recorded.
func (s *session) do(ctx context.Context, commitOnStop bool, body func() error) (stats Stats, err error) {
	defer func() {
		if commitOnStop {
			if cerr := s.commitPending(context.Background()); cerr != nil && err == nil {
				err = cerr
			}
		}
		s.stats.Duration = time.Since(s.start)
		s.end(err)
		stats = s.stats
	}()
	if err := s.open(ctx); err != nil {
		return s.stats, err
	}
	defer func() {
		if err != nil {
			s.abandon()
		}
		if cerr := s.close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing target: %w", cerr)
		}
	}()
	return s.stats, body()
}

// open opens the source and target (unless given), starts the run in the
// state store, and prepares the per-run state.
func (s *session) open(ctx context.Context) error {
	p, o := s.p, s.o
	// A plan reads the state but is not a run: it leaves no run behind in
	// the history, the dashboard or the alert streaks.
	if o.State != nil && !o.DryRun {
		id, err := o.State.BeginRun(ctx, state.Run{Pipeline: p.Name, StartedAt: s.start, Status: "running"})
		if err != nil {
			return fmt.Errorf("recording the run: %w", err)
		}
		s.stats.RunID = id
	}
	s.reader, s.writer = o.Reader, o.Writer
	if s.reader == nil {
		co := p.connectorOptions(o, p.source)
		if o.State != nil && !o.FullRead {
			since, err := o.State.Cursor(ctx, p.Name, p.source.spec.Name)
			if err != nil {
				return fmt.Errorf("reading the cursor: %w", err)
			}
			co.Since = since
		}
		r, err := p.source.spec.NewReader(ctx, p.source.config, co)
		if err != nil {
			return fmt.Errorf("opening source %s: %w", p.source.spec.Name, err)
		}
		s.reader = r
	}
	if s.writer == nil {
		w, err := p.target.spec.NewWriter(ctx, p.target.config, p.connectorOptions(o, p.target))
		if err != nil {
			s.reader.Close()
			return fmt.Errorf("opening target %s: %w", p.target.spec.Name, err)
		}
		s.writer = w
	}
	if err := s.beginTx(ctx); err != nil {
		s.close()
		return err
	}
	s.r = newRunner(p)
	if len(p.related) > 0 {
		rs, err := newRunState(ctx, p, o, s.reader, s.writer)
		if err != nil {
			s.close()
			return err
		}
		rs.r = s.r
		s.r.env[runVar] = rs
		s.o.Decisions = rs.annotate(s.o.Decisions)
	}
	if p.write != nil {
		sy, err := newSyncer(p, o.State, s.stats.RunID, s.writer, o.Lookuper)
		if err != nil {
			s.close()
			return err
		}
		s.sync = sy
		s.batch = newBatcher(s.writer, sy.lookup)
	}
	return nil
}

func (s *session) close() error {
	if s.reader != nil {
		s.reader.Close()
	}
	var rerr error
	if rs := s.relatedState(); rs != nil {
		rerr = rs.close()
	}
	if s.writer == nil || s.writerClosed {
		return rerr
	}
	if err := s.writer.Close(); err != nil {
		return err
	}
	return rerr
}

// end records the end of the run in the state store.
func (s *session) end(err error) {
	if s.o.State == nil || s.stats.RunID == 0 {
		return
	}
	run := state.Run{ID: s.stats.RunID, Pipeline: s.p.Name, StartedAt: s.start, EndedAt: time.Now(),
		Status: "ok", Read: s.stats.Read, Written: s.stats.Written, Skipped: s.stats.Skipped + s.stats.Unchanged,
		Rejected: s.stats.Rejected}
	switch {
	case s.stats.Interrupted:
		run.Status = "interrupted"
	case err != nil:
		run.Status, run.Error = "failed", err.Error()
	}
	// The run is over; a cancelled ctx must not keep its end unrecorded.
	_ = s.o.State.EndRun(context.Background(), run)
}

// advanceCursor stores where an incremental source got to, once every
// record it covers has been written and recorded.
func (s *session) advanceCursor(ctx context.Context) error {
	cr, ok := s.reader.(connectors.CursorReader)
	if !ok || s.o.State == nil || s.o.DryRun {
		return nil
	}
	cursor := cr.Cursor()
	if cursor == "" {
		return nil
	}
	return s.o.State.Commit(ctx, state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID, Source: s.p.source.spec.Name, Cursor: &cursor})
}

// setAside rejects a record: counted, sent to the reject sink, kept in the
// state store for a retry, and logged.
func (s *session) setAside(ctx context.Context, rec connectors.Record, rj *Reject) error {
	s.stats.Rejected++
	if s.o.Rejects != nil {
		if err := s.o.Rejects.Reject(ctx, *rj); err != nil {
			return fmt.Errorf("setting aside %s: %w", rj.Origin, err)
		}
	}
	if s.o.State == nil || s.o.DryRun {
		return nil
	}
	b := state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID,
		SetAside: []state.SetAside{{Pipeline: s.p.Name, RunID: s.stats.RunID, Origin: rec.Origin, SourceKey: rec.Key,
			Stage: rj.Stage, Field: rj.Field, Reason: rj.Reason, Record: rec.Raw, At: time.Now()}},
		Activity: []state.Activity{s.activity(rec, Decision{Origin: rec.Origin, Decision: state.DecisionReject, Reason: rj.Reason}, nil, 0)},
	}
	if s.resolving != 0 {
		b.Resolved = []int64{s.resolving}
	}
	if err := s.commit(ctx, b); err != nil {
		return fmt.Errorf("recording the reject of %s: %w", rj.Origin, err)
	}
	return nil
}

func (p *Plan) connectorOptions(o RunOptions, ep endpoint) connectors.Options {
	co := o.Connector
	if co.Entity == "" && ep.schema != nil {
		co.Entity = ep.schema.Ref
	}
	if co.FieldType == nil {
		co.FieldType = fieldTyper(ep)
	}
	if co.Now == nil {
		co.Now = p.exprCfg.Now
	}
	return co
}

// fieldTyper tells untyped formats (CSV) the JSON type the schema gives a
// top-level field.
func fieldTyper(ep endpoint) func(string) string {
	return func(name string) string {
		if ep.schema == nil {
			return ""
		}
		f, ok := ep.schema.Root().Child(name)
		if !ok {
			return ""
		}
		for _, t := range f.Types {
			if t != "null" {
				return t
			}
		}
		return ""
	}
}
