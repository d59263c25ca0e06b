package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// runKind is the River job kind of a pipeline run.
const runKind = "pipeline_run"

// ReasonSchedule is the Reason of scheduled runs.
const ReasonSchedule = "schedule"

// runArgs are a run's job arguments. A scheduled run is unique by
// pipeline and slot (the river:"unique" fields), so the same slot inserted
// by every node is one job; triggered runs are inserted without
// uniqueness.
type runArgs struct {
	Pipeline string    `json:"pipeline" river:"unique"`
	Slot     time.Time `json:"slot" river:"unique"`
	Reason   string    `json:"reason"`
}

func (runArgs) Kind() string { return runKind }

// runWorker executes run jobs through the Executor.
type runWorker struct {
	river.WorkerDefaults[runArgs]
	c *Cluster
}

// Timeout bounds one attempt; River also waits this long before it lets
// the rescuer consider the job.
func (w *runWorker) Timeout(*river.Job[runArgs]) time.Duration { return w.c.opts.RunTimeout }

// NextRetry spaces the attempts of a failed or rescued run.
func (w *runWorker) NextRetry(*river.Job[runArgs]) time.Time {
	return time.Now().Add(w.c.opts.RetryDelay)
}

// Work takes the pipeline's run lock, skips a run that already finished,
// and executes the rest. A run whose pipeline is busy elsewhere is snoozed
// (not counted as an attempt), so runs of one pipeline never overlap.
func (w *runWorker) Work(ctx context.Context, job *river.Job[runArgs]) error {
	c, a := w.c, job.Args
	lock, err := tryLock(ctx, c.pool, a.Pipeline)
	if err != nil {
		return fmt.Errorf("pipeline %s: taking its run lock: %w", a.Pipeline, err)
	}
	if lock == nil {
		return river.JobSnooze(c.opts.LockRetry)
	}
	defer lock.release()

	// A run River hands out again (a rescue while its first attempt was
	// still alive, then finished) must not execute twice.
	if done, err := c.finished(ctx, job.ID); err != nil {
		return fmt.Errorf("pipeline %s: %w", a.Pipeline, err)
	} else if done {
		return nil
	}
	if older, err := c.olderWaiting(ctx, job.ID, a.Pipeline, a.Slot); err != nil {
		return fmt.Errorf("pipeline %s: %w", a.Pipeline, err)
	} else if older {
		return river.JobSnooze(c.opts.LockRetry / 2)
	}

	runCtx := lock.watch(ctx)
	err = c.opts.Executor(runCtx, Run{
		Pipeline: a.Pipeline, Slot: a.Slot.UTC(), Reason: a.Reason, ID: job.ID, Attempt: job.Attempt,
	})
	if cause := context.Cause(runCtx); errors.Is(cause, errLockLost) {
		return fmt.Errorf("pipeline %s: %w", a.Pipeline, cause)
	}
	// When ctx ended, even a nil error is no success: a run stopped
	// between records may report one. Only an uninterrupted run counts as
	// finished; the others run again, resuming from the state.
	if ctx.Err() != nil {
		if c.stopping.Load() {
			// Cancelled by Stop: handed back, ready at once for another
			// node and without spending an attempt.
			return river.JobSnooze(0)
		}
		// RunTimeout passed: tried again after RetryDelay.
		return fmt.Errorf("pipeline %s: the run was stopped after %s: %w", a.Pipeline, c.opts.RunTimeout, ctx.Err())
	}
	if err != nil {
		return err
	}
	return c.markFinished(ctx, job)
}

// finished reports whether run id already completed.
func (c *Cluster) finished(ctx context.Context, id int64) (bool, error) {
	var one int
	err := c.pool.QueryRow(ctx, "SELECT 1 FROM pipeline_cluster_runs WHERE job_id = $1", id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking whether run %d finished: %w", id, err)
	}
	return true, nil
}

// markFinished records a completed run. If this fails River retries the
// run, which is safe: the engine's intents make a re-run write nothing
// twice.
func (c *Cluster) markFinished(ctx context.Context, job *river.Job[runArgs]) error {
	// The run is done even if the node is stopping: record it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, err := c.pool.Exec(ctx, `INSERT INTO pipeline_cluster_runs (job_id, pipeline, slot, node, attempt)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job_id) DO NOTHING`,
		job.ID, job.Args.Pipeline, job.Args.Slot, c.river.ID(), job.Attempt)
	if err != nil {
		return fmt.Errorf("pipeline %s: recording the finished run %d: %w", job.Args.Pipeline, job.ID, err)
	}
	return nil
}
