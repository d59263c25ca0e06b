package engine

import (
	"context"
	"errors"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// Retry runs the records this pipeline set aside through the current
// version of the pipeline (after a mapping fix, say). A record that now
// gets through leaves the set-aside list; one that fails again stays, with
// its new reason added as a new entry.
func (p *Plan) Retry(ctx context.Context, o RunOptions) (stats Stats, err error) {
	if o.State == nil {
		return stats, errors.New("retry needs the sync state, where set-aside records are kept")
	}
	waiting, err := o.State.SetAside(ctx, p.Name)
	if err != nil {
		return stats, err
	}
	if o.Reader == nil {
		o.Reader = p.standInReader(nil)
	}
	s := &session{p: p, o: o, start: time.Now(), retrying: true}
	return s.do(ctx, false, func() error {
		for _, sa := range waiting {
			if ctx.Err() != nil {
				s.stats.Interrupted = true
				return ctx.Err()
			}
			s.stats.Read++
			rec := connectors.Record{Raw: sa.Record, Origin: sa.Origin, Key: sa.SourceKey}
			s.resolving = sa.ID
			if s.sync != nil {
				s.sync.asideAt, s.sync.retryStart = sa.At, s.start
			}
			if err := s.handle(ctx, rec); err != nil {
				return err
			}
			// A retry settles each record before resolving its entry.
			if err := s.flush(ctx); err != nil {
				return err
			}
			// Written, or set aside again as a new entry with today's reason:
			// either way the old entry is done.
			if err := s.commit(ctx, state.Batch{Resolved: []int64{sa.ID}}); err != nil {
				return err
			}
		}
		return s.finish(ctx)
	})
}

// standInReader is what a retry or an apply has instead of the source:
// they take their records from the state store or a saved plan and never
// read it. But a related block that looks records up in the source needs
// the source's connection, as in a run: then it is nil, and session.open
// opens the source connector, which answers lookups and is never read.
func (p *Plan) standInReader(decisions []Decision) connectors.Reader {
	for _, r := range p.related {
		if r.in == "source" {
			return nil
		}
	}
	return &decisionReader{decisions: decisions}
}
