package server

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/runpipeline"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/api"
)

// lockFor returns the mutex runs and retries of pipeline take turns on:
// the executor never overlaps runs, and a retry from the API waits for a
// run going (and the other way round).
func (s *Server) lockFor(pipeline string) *sync.Mutex {
	s.locksMu.Lock()
	defer s.locksMu.Unlock()
	m := s.locks[pipeline]
	if m == nil {
		m = &sync.Mutex{}
		s.locks[pipeline] = m
	}
	return m
}

// exclusive runs fn while no run of pipeline goes on: in this process,
// or anywhere in the cluster.
func (s *Server) exclusive(ctx context.Context, pipeline string, fn func(ctx context.Context) error) error {
	if s.cluster != nil {
		return s.cluster.Hold(ctx, pipeline, fn)
	}
	mu := s.lockFor(pipeline)
	mu.Lock()
	defer mu.Unlock()
	return fn(ctx)
}

// runOne runs the current version of pipeline once, through the same
// path as `pipeline run`, then counts it and alerts when due.
func (s *Server) runOne(ctx context.Context, name, reason string) error {
	p, ok := s.cat.Get(name)
	if !ok {
		// Removed by a reload after the run was queued.
		s.log.Info("run skipped: the pipeline is no longer loaded", "pipeline", name, "reason", reason)
		return nil
	}
	if !p.Plan.Enabled() {
		// Queued before a reload disabled it.
		s.log.Info("run skipped: "+p.Plan.DisabledMessage(), "pipeline", name, "reason", reason)
		return nil
	}
	if s.cluster == nil {
		// In a cluster the node holds the pipeline's run lock already.
		mu := s.lockFor(name)
		mu.Lock()
		defer mu.Unlock()
	}
	log := s.log.With("pipeline", name, "reason", reason)
	log.Info("run starting")
	sink := &firstReject{}
	stats, err := s.withEmulation(p.Plan, p.File, func() (engine.Stats, error) {
		return runpipeline.Run(ctx, p.Plan, runpipeline.Options{File: p.File, State: s.cfg.Store, Rejects: sink})
	})
	status := runpipeline.Status(stats, err)
	s.metrics.RunEnded(name, status, stats)
	first := sink.first
	if err != nil {
		first = err.Error()
	}
	s.alerts.RunEnded(ctx, alert.RunResult{Pipeline: name, RunID: stats.RunID, Status: status,
		Rejected: stats.Rejected, FirstError: first, At: time.Now(), PreviousBad: s.previousBad(name, stats.RunID)})
	attrs := []any{"run", stats.RunID, "status", status, "read", stats.Read, "written", stats.Written,
		"rejected", stats.Rejected, "seconds", stats.Duration.Seconds()}
	if err != nil {
		log.Warn("run ended", append(attrs, "error", err)...)
	} else {
		log.Info("run ended", attrs...)
	}
	if status == runpipeline.StatusInterrupted {
		return nil // stopped by shutdown; the next run resumes from the state
	}
	return err
}

// withEmulation starts the plan's emulators around f when -emulate is on.
func (s *Server) withEmulation(plan *engine.Plan, file string, f func() (engine.Stats, error)) (engine.Stats, error) {
	if s.cfg.Emulate != nil {
		stop, err := s.cfg.Emulate(plan, file)
		if err != nil {
			return engine.Stats{}, fmt.Errorf("starting the emulators: %w", err)
		}
		defer stop()
	}
	return f()
}

// Retry runs set-aside records of a pipeline through its current version:
// all of them, or those whose id or source key is named.
func (s *Server) Retry(ctx context.Context, req api.RetryRequest) (api.RetryResult, error) {
	p, ok := s.cat.Get(req.Pipeline)
	if !ok {
		return api.RetryResult{}, fmt.Errorf("pipeline %q is not loaded: %w", req.Pipeline, api.ErrNotFound)
	}
	if !p.Plan.Enabled() {
		return api.RetryResult{}, &api.BadRequestError{Msg: p.Plan.DisabledMessage()}
	}
	// The retry outlives a client that hangs up, but not a shutdown.
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopWatch := context.AfterFunc(s.ctx, cancel)
	defer stopWatch()
	store := &selectedAside{Store: s.cfg.Store, ids: req.IDs, keys: req.Keys}
	sink := &firstReject{}
	var stats engine.Stats
	err := s.exclusive(ctx, p.Name, func(ctx context.Context) (err error) {
		stats, err = s.withEmulation(p.Plan, p.File, func() (engine.Stats, error) {
			return runpipeline.Retry(ctx, p.Plan, runpipeline.Options{File: p.File, State: store, Rejects: sink})
		})
		return err
	})
	if stats.RunID != 0 {
		s.retryRuns.Store(stats.RunID, true)
	}
	res := api.RetryResult{RunID: stats.RunID, Retried: stats.Read, Written: stats.Written, Again: stats.Rejected,
		Status: runpipeline.Status(stats, err)}
	if err != nil {
		res.Error = err.Error()
	}
	s.metrics.RunEnded(p.Name, res.Status, stats)
	s.log.Info("retry ended", "pipeline", p.Name, "run", stats.RunID, "retried", res.Retried, "written", res.Written, "set_aside_again", res.Again)
	return res, nil
}

// selectedAside narrows the set-aside list the engine's retry reads to the
// records asked for; everything else goes to the real store.
type selectedAside struct {
	state.Store
	ids  []int64
	keys []string
}

func (s *selectedAside) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	all, err := s.Store.SetAside(ctx, pipeline)
	if err != nil || (len(s.ids) == 0 && len(s.keys) == 0) {
		return all, err
	}
	var out []state.SetAside
	for _, sa := range all {
		if slices.Contains(s.ids, sa.ID) || slices.Contains(s.keys, sa.SourceKey) {
			out = append(out, sa)
		}
	}
	return out, nil
}

// firstReject keeps the first reason a run set a record aside, for the
// alert; the records themselves are in the state store.
type firstReject struct {
	mu    sync.Mutex
	first string
}

func (f *firstReject) Reject(_ context.Context, r engine.Reject) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first == "" {
		f.first = r.String()
	}
	return nil
}

// previousBad looks up whether the run before runID ended badly (failed,
// or set records aside), skipping interrupted ones, so that a failure
// streak survives a restart and spans the nodes of a cluster. nil when it
// cannot tell (no earlier run, the store does not answer). Retries made
// by this process are skipped; one made by another process counts as a
// run.
func (s *Server) previousBad(pipeline string, runID int64) *bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	runs, err := s.cfg.Store.Runs(ctx, state.RunQuery{Pipeline: pipeline, Limit: 50})
	if err != nil {
		return nil
	}
	for _, r := range runs {
		if _, retry := s.retryRuns.Load(r.ID); retry {
			continue // a retry of set-aside records says nothing of the runs
		}
		if r.ID == runID || r.Status == "running" || r.Status == runpipeline.StatusInterrupted {
			continue
		}
		if runID != 0 && r.ID > runID {
			continue
		}
		bad := runBad(r)
		return &bad
	}
	return nil
}

// runBad says whether a stored run counts as a failure for alerts.
func runBad(r state.Run) bool { return r.Status == runpipeline.StatusFailed || r.Rejected > 0 }
