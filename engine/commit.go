package engine

import (
	"context"
	"errors"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// Records are recorded in groups: one transaction per group of records or
// per interval, whichever comes first, instead of one per record. A crash
// loses at most the last group's cross-references and log entries, never
// a record: the next run finds those records in the target by their
// natural key, finds their intents, or, for transactional targets (files),
// takes them back and writes them again (txcommit.go). For
// remote systems every record is committed on its own: a record lost from
// the state costs a lookup call, slow and rate-limited, on the next run,
// while a commit is cheap next to the call that wrote the record. For
// files a commit per record would cost more than the record. The cursor is only ever
// committed after the group that covers it.
const (
	commitEvery       = 500
	commitAfter       = time.Second
	remoteCommitEvery = 1
	remoteCommitAfter = 0
)

// commit adds b to the pending group and writes the group when it is due.
func (s *session) commit(ctx context.Context, b state.Batch) error {
	if s.o.State == nil {
		return nil
	}
	p := &s.pending
	p.XRefs = append(p.XRefs, b.XRefs...)
	p.Intents = append(p.Intents, b.Intents...)
	p.Activity = append(p.Activity, b.Activity...)
	p.SetAside = append(p.SetAside, b.SetAside...)
	p.Resolved = append(p.Resolved, b.Resolved...)
	s.pendingN++
	if s.lastCommit.IsZero() {
		s.lastCommit = time.Now()
	}
	every, after := commitEvery, commitAfter
	if _, remote := s.writer.(connectors.Lookuper); remote {
		every, after = remoteCommitEvery, remoteCommitAfter
	}
	if s.pendingN >= every || time.Since(s.lastCommit) >= after {
		return s.commitPending(ctx)
	}
	return nil
}

// commitPending writes the pending group now.
func (s *session) commitPending(ctx context.Context) error {
	if s.o.State == nil || (s.pendingN == 0 && !(s.published && (s.markOpen || len(s.held) > 0))) {
		return nil
	}
	b := s.pending
	b.Pipeline, b.RunID = s.p.Name, s.stats.RunID
	var txErr error
	if s.tx != nil {
		// See txcommit.go: the cross-references go with the target's mark.
		b, txErr = s.txBatch(ctx, b)
	}
	err := errors.Join(txErr, s.o.State.Commit(ctx, b))
	if err == nil && b.Cursor != nil && *b.Cursor == "" {
		s.markOpen = false
	}
	// Stores keep nothing of a batch once Commit returns, so the next
	// group reuses its slices instead of growing new ones record by record.
	p := &s.pending
	s.pending = state.Batch{XRefs: reuse(p.XRefs), Intents: reuse(p.Intents), Activity: reuse(p.Activity),
		SetAside: reuse(p.SetAside), Resolved: reuse(p.Resolved)}
	s.pendingN, s.lastCommit = 0, time.Now()
	return err
}

// reuse empties s, keeping its capacity but none of its references.
func reuse[T any](s []T) []T {
	clear(s)
	return s[:0]
}
