package dashboard

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// StoreSource answers the dashboard from a state store. Without the
// function fields it lists the pipelines that have runs in the store,
// offers no retry and shows no alerts; the server sets them to add what
// only it knows.
type StoreSource struct {
	Store state.Store

	// ListPipelines lists the pipelines loaded; their LastRun and SetAside
	// are filled in from the store when left zero.
	ListPipelines func(ctx context.Context) ([]Pipeline, error)
	// RetryFunc retries set-aside records; nil offers no retry.
	RetryFunc func(ctx context.Context, pipeline string, ids []int64) (RetryResult, error)
	// AlertsFunc lists the alerts sent; nil shows none.
	AlertsFunc func(ctx context.Context) ([]Alert, error)
}

// recentRuns bounds how many runs are scanned to find the pipelines that
// have any when the server does not list them.
const recentRuns = 10000

// Pipelines implements Source.
func (s *StoreSource) Pipelines(ctx context.Context) ([]Pipeline, error) {
	var ps []Pipeline
	if s.ListPipelines != nil {
		var err error
		if ps, err = s.ListPipelines(ctx); err != nil {
			return nil, err
		}
	} else {
		runs, err := s.Store.Runs(ctx, state.RunQuery{Limit: recentRuns})
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, r := range runs {
			if !seen[r.Pipeline] {
				seen[r.Pipeline] = true
				ps = append(ps, Pipeline{Name: r.Pipeline})
			}
		}
	}
	for i := range ps {
		if err := s.fill(ctx, &ps[i]); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(ps, func(a, b Pipeline) int { return strings.Compare(a.Name, b.Name) })
	return ps, nil
}

// fill adds the last run and the set-aside count from the store.
func (s *StoreSource) fill(ctx context.Context, p *Pipeline) error {
	if p.LastRun == nil {
		runs, err := s.Store.Runs(ctx, state.RunQuery{Pipeline: p.Name, Limit: 1})
		if err != nil {
			return err
		}
		if len(runs) > 0 {
			p.LastRun = &runs[0]
		}
	}
	if p.SetAside == 0 {
		aside, err := s.Store.SetAside(ctx, p.Name)
		if err != nil {
			return err
		}
		p.SetAside = len(aside)
	}
	return nil
}

// Runs implements Source.
func (s *StoreSource) Runs(ctx context.Context, pipeline string, limit int) ([]state.Run, error) {
	return s.Store.Runs(ctx, state.RunQuery{Pipeline: pipeline, Limit: limit})
}

// Run implements Source. The store looks runs up by pipeline, so the run's
// pipeline is found from its activity first, and the pipeline's runs are
// then read in growing pages: a recent run costs one short query.
func (s *StoreSource) Run(ctx context.Context, id int64) (state.Run, error) {
	pipeline := ""
	acts, err := s.Store.Activity(ctx, state.ActivityQuery{RunID: id, Limit: 1})
	if err != nil {
		return state.Run{}, err
	}
	if len(acts) > 0 {
		pipeline = acts[0].Pipeline
	}
	for limit := 64; ; limit *= 8 {
		runs, err := s.Store.Runs(ctx, state.RunQuery{Pipeline: pipeline, Limit: limit})
		if err != nil {
			return state.Run{}, err
		}
		for _, r := range runs {
			if r.ID == id {
				return r, nil
			}
		}
		if len(runs) < limit {
			return state.Run{}, fmt.Errorf("run %d: %w", id, state.ErrNotFound)
		}
	}
}

// Activity implements Source.
func (s *StoreSource) Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error) {
	return s.Store.Activity(ctx, q)
}

// SetAside implements Source.
func (s *StoreSource) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	return s.Store.SetAside(ctx, pipeline)
}

// Retry implements Source.
func (s *StoreSource) Retry(ctx context.Context, pipeline string, ids []int64) (RetryResult, error) {
	if s.RetryFunc == nil {
		return RetryResult{}, ErrNoRetry
	}
	return s.RetryFunc(ctx, pipeline, ids)
}

// Alerts implements Source.
func (s *StoreSource) Alerts(ctx context.Context) ([]Alert, error) {
	if s.AlertsFunc == nil {
		return nil, nil
	}
	return s.AlertsFunc(ctx)
}

// CanRetry reports whether Retry may work, so pages show the button only
// then.
func (s *StoreSource) CanRetry() bool { return s.RetryFunc != nil }
