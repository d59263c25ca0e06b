package engine

import (
	"context"
	"fmt"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// Targets that write transactionally (connectors.Transactional: files) get
// no intent per create. Instead nothing the state records runs ahead of
// what the target holds, and nothing the target holds survives a crash
// unless the state records it:
//
//   - At open, a mark left by a run that stopped early is handed to
//     Rollback, which cuts the target back to it; then a fresh mark (where
//     the target stands before this run writes) is committed.
//   - Each group commits its cross-references in the same transaction as
//     the mark of a Checkpoint taken just before, which made the group's
//     records durable. A target that commits only on Close (a file
//     replaced as a whole) returns no mark: its cross-references are held
//     back until Close has published the file.
//   - At the end the writer is closed first and the rest recorded after,
//     the mark cleared in the same transaction; the source's cursor is
//     advanced only after that.
//
// Crash points, and what the next run does:
//
//  1. Before a checkpoint, or between a checkpoint and its commit: the
//     target holds records the state does not know, beyond the committed
//     mark. An appended file is cut back to the mark and those records are
//     written again, once; a replaced file was never published.
//  2. After a group commit: its records are both in the target and in the
//     state; the next run finds their cross-references and skips them.
//  3. Between Close and the final commit: an appended file is cut back to
//     the last mark (the records after it are written again); a replaced
//     file was published with records the state does not know, and the
//     next run replaces it with a file that holds them again.
//  4. After the final commit, before the cursor: the source is read again
//     from the old cursor and every record is found by cross-reference.
//
// A mark is cleared at a clean end so that what another program appends
// to the file later is never cut off.

// markSource is the name under which the state keeps a target's mark, in
// the table of source cursors (a connector name never holds a colon).
func markSource(p *Plan) string { return "target:" + p.target.spec.Name }

// beginTx rolls a transactional target back to the mark a crashed run left
// and commits the mark this run starts from.
func (s *session) beginTx(ctx context.Context) error {
	tx, ok := s.writer.(connectors.Transactional)
	if !ok || s.o.State == nil || s.o.DryRun {
		return nil
	}
	mark, err := s.o.State.Cursor(ctx, s.p.Name, markSource(s.p))
	if err != nil {
		return fmt.Errorf("reading the target's checkpoint: %w", err)
	}
	if mark != "" {
		if err := tx.Rollback(ctx, mark); err != nil {
			return fmt.Errorf("taking back what a stopped run wrote to %s: %w", s.p.target.spec.Name, err)
		}
		s.markOpen = true // a stale mark is cleared at the end, whatever this run's mode
	}
	start, ok, err := tx.Checkpoint(ctx)
	if err != nil {
		return fmt.Errorf("checkpoint of %s: %w", s.p.target.spec.Name, err)
	}
	if ok {
		if err := s.o.State.Commit(ctx, state.Batch{Pipeline: s.p.Name, RunID: s.stats.RunID,
			Source: markSource(s.p), Cursor: &start}); err != nil {
			return fmt.Errorf("recording the target's checkpoint: %w", err)
		}
		s.markOpen = true
	}
	s.tx = tx
	return nil
}

// txBatch makes a pending group safe to commit for a transactional target:
// it checkpoints the target and adds the mark, holds the cross-references
// back while the target publishes only on Close, or, once Close has
// published, adds the held ones and clears the mark. On a failed
// checkpoint the group's cross-references are dropped: their records may
// not be in the target, and the next run rolls back and writes them again.
func (s *session) txBatch(ctx context.Context, b state.Batch) (state.Batch, error) {
	key := markSource(s.p)
	if s.published {
		b.XRefs = append(s.held, b.XRefs...)
		s.held = nil
		if s.markOpen {
			b.Source, b.Cursor = key, new("")
		}
		return b, nil
	}
	mark, ok, err := s.tx.Checkpoint(ctx)
	switch {
	case err != nil:
		b.XRefs, s.held = nil, nil
		return b, fmt.Errorf("checkpoint of %s: %w", s.p.target.spec.Name, err)
	case !ok:
		s.held = append(s.held, b.XRefs...)
		b.XRefs = nil
	default:
		b.Source, b.Cursor = key, &mark
	}
	return b, nil
}

// finish ends the writing: for a transactional target, the writer is
// closed (the file published) before the last group is recorded.
func (s *session) finish(ctx context.Context) error {
	if s.tx == nil {
		return s.commitPending(ctx)
	}
	s.writerClosed = true
	if err := s.writer.Close(); err != nil {
		return fmt.Errorf("closing target: %w", err)
	}
	s.published = true
	return s.commitPending(ctx)
}

// abandon is called when a run stops before its end: a writer that
// publishes only on Close (a file replaced as a whole) throws its output
// away instead of replacing the target with part of the records, whose
// cross-references are never committed either.
func (s *session) abandon() {
	if a, ok := s.writer.(connectors.Abandoner); ok && !s.writerClosed {
		a.Abandon()
	}
}
