package server

import (
	"context"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/runpipeline"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
)

// Failure streaks are read from the runs in the sync state, so that they
// survive a restart and span the nodes of a cluster. A retry of set-aside
// records is a run in the state too, but it says little of the pipeline:
// it reads no source and touches only the records picked. So a retry is
// left out of the streak, unless it cleared every set-aside record of a
// pipeline whose last run only set records aside: then nothing is left to
// fix, the retry ends the streak and sends the recovery. Which runs were
// retries is kept in the cluster's database (every node sees it), or in
// this process without a cluster.

// markRetry records that run runID of pipeline was a retry, and whether
// it cleared every set-aside record.
func (s *Server) markRetry(pipeline string, runID int64, cleared bool) {
	s.retryRuns.Store(runID, cleared)
	if s.cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.cluster.MarkRetry(ctx, pipeline, runID, cleared); err != nil {
		// Other nodes will count the retry as a run: one alert too many
		// or too few, never a lost run.
		s.log.Warn("retry not recorded for alert streaks", "pipeline", pipeline, "run", runID, "error", err)
	}
}

// retryMarks says which of runs were retries, and whether each cleared
// every set-aside record.
func (s *Server) retryMarks(ctx context.Context, runs []state.Run) map[int64]bool {
	out := map[int64]bool{}
	ids := make([]int64, 0, len(runs))
	for _, r := range runs {
		ids = append(ids, r.ID)
		if cleared, ok := s.retryRuns.Load(r.ID); ok {
			out[r.ID] = cleared.(bool)
		}
	}
	if s.cluster != nil {
		marks, err := s.cluster.Retries(ctx, ids)
		if err != nil {
			s.log.Warn("reading retry runs for alert streaks", "error", err)
		}
		for id, cleared := range marks {
			out[id] = cleared
		}
	}
	return out
}

// streakRun is the run that says whether pipeline's failure streak was on
// before run runID (0: before now): the latest ended run before it,
// skipping interrupted runs and retries that left records set aside. nil
// when there is none or the store does not answer.
func (s *Server) streakRun(pipeline string, runID int64) *state.Run {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	runs, err := s.cfg.Store.Runs(ctx, state.RunQuery{Pipeline: pipeline, Limit: 50})
	if err != nil {
		return nil
	}
	retries := s.retryMarks(ctx, runs)
	for _, r := range runs {
		if r.ID == runID || r.Status == "running" || r.Status == runpipeline.StatusInterrupted {
			continue
		}
		if runID != 0 && r.ID > runID {
			continue
		}
		if cleared, retry := retries[r.ID]; retry && !cleared {
			continue
		}
		return &r
	}
	return nil
}

// previousBad says whether the streak was on before run runID; nil when
// it cannot tell.
func (s *Server) previousBad(pipeline string, runID int64) *bool {
	r := s.streakRun(pipeline, runID)
	if r == nil {
		return nil
	}
	bad := runBad(*r)
	return &bad
}

// runBad says whether a stored run counts as a failure for alerts.
func runBad(r state.Run) bool { return r.Status == runpipeline.StatusFailed || r.Rejected > 0 }

// retryClears reports whether a retry that ended with stats and err
// cleared the pipeline: it retried something, wrote every record, left no
// set-aside record, and the run before it did not fail outright (a retry
// says nothing of a source or connection that fails).
func (s *Server) retryClears(ctx context.Context, pipeline string, stats engine.Stats, err error) bool {
	if err != nil || stats.Read == 0 || stats.Rejected > 0 || runpipeline.Status(stats, err) != runpipeline.StatusOK {
		return false
	}
	left, lerr := s.cfg.Store.SetAside(ctx, pipeline)
	if lerr != nil || len(left) > 0 {
		return false
	}
	prev := s.streakRun(pipeline, stats.RunID)
	return prev == nil || prev.Status == runpipeline.StatusOK
}

// retryEnded marks a retry for the streaks. A retry that cleared the
// pipeline ends its streak: it returns the result to send the recovery
// alert with, nil otherwise. Called with the pipeline's run lock held, so
// that no run of it reads the streak meanwhile; the alert is sent after.
func (s *Server) retryEnded(ctx context.Context, pipeline string, stats engine.Stats, err error) *alert.RunResult {
	if stats.RunID == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	cleared := s.retryClears(ctx, pipeline, stats, err)
	s.markRetry(pipeline, stats.RunID, cleared)
	if !cleared {
		return nil
	}
	return &alert.RunResult{Pipeline: pipeline, RunID: stats.RunID, Status: runpipeline.StatusOK,
		At: time.Now(), PreviousBad: s.previousBad(pipeline, stats.RunID)}
}
