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
	ctx, cancel := s.bounded(ctx, s.cluster != nil)
	defer cancel()
	sink := &firstReject{}
	stats, err := s.withEmulation(p.Plan, p.File, func() (engine.Stats, error) {
		return runpipeline.Run(ctx, p.Plan, runpipeline.Options{File: p.File, State: s.cfg.Store, Rejects: sink})
	})
	status := runpipeline.Status(stats, err)
	if timedOut(ctx) {
		// Not an interruption by a shutdown: the pipeline is stuck or
		// needs a longer timeout, which the operator must hear of.
		status, err = runpipeline.StatusFailed, s.timeoutError()
	}
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
	// A shutdown waits for the retries going before the state is closed,
	// and takes no new ones.
	if !s.startWork() {
		return api.RetryResult{}, api.ErrShuttingDown
	}
	defer s.work.Done()
	// The retry outlives a client that hangs up, but not a shutdown.
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopWatch := context.AfterFunc(s.ctx, cancel)
	defer stopWatch()
	store := &selectedAside{Store: s.cfg.Store, ids: req.IDs, keys: req.Keys}
	sink := &firstReject{}
	var stats engine.Stats
	var recovered *alert.RunResult
	timeout := false
	err := s.exclusive(ctx, p.Name, func(ctx context.Context) (err error) {
		ctx, cancel := s.bounded(ctx, false)
		defer cancel()
		stats, err = s.withEmulation(p.Plan, p.File, func() (engine.Stats, error) {
			return runpipeline.Retry(ctx, p.Plan, runpipeline.Options{File: p.File, State: store, Rejects: sink})
		})
		if timedOut(ctx) {
			timeout, err = true, s.timeoutError()
		}
		recovered = s.retryEnded(ctx, p.Name, stats, err)
		return err
	})
	if recovered != nil {
		s.alerts.RunEnded(ctx, *recovered)
	}
	res := api.RetryResult{RunID: stats.RunID, Retried: stats.Read, Written: stats.Written, Again: stats.Rejected,
		Status: runpipeline.Status(stats, err)}
	if timeout {
		res.Status = runpipeline.StatusFailed
	}
	if err != nil {
		res.Error = err.Error()
	}
	s.metrics.RunEnded(p.Name, res.Status, stats)
	attrs := []any{"pipeline", p.Name, "run", stats.RunID, "status", res.Status, "retried", res.Retried, "written", res.Written, "set_aside_again", res.Again}
	if err != nil {
		s.log.Warn("retry ended", append(attrs, "error", err)...)
	} else {
		s.log.Info("retry ended", attrs...)
	}
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
