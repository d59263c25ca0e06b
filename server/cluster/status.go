package cluster

import (
	"context"
	"fmt"
	"time"
)

// QueueDepth counts the cluster's runs that wait (due, or snoozed behind a
// run of their pipeline, or waiting for a retry) and that are running, on
// every node, for the metrics.
func (c *Cluster) QueueDepth(ctx context.Context) (waiting, running int, err error) {
	err = c.pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE state IN ('available', 'scheduled', 'retryable', 'pending')),
			count(*) FILTER (WHERE state = 'running')
		FROM river_job WHERE queue = $1`, queue).Scan(&waiting, &running)
	if err != nil {
		return 0, 0, fmt.Errorf("cluster: counting queued runs: %w", err)
	}
	return waiting, running, nil
}

// Running reports whether a run of pipeline holds its lock anywhere in
// the cluster, which is when it is really executing (a job River counts
// as running may be about to snooze).
func (c *Cluster) Running(ctx context.Context, pipeline string) (bool, error) {
	var held bool
	err := c.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND ((classid::bigint << 32) | objid::bigint) = $1)`, lockKey(pipeline)).Scan(&held)
	if err != nil {
		return false, fmt.Errorf("cluster: is %s running: %w", pipeline, err)
	}
	return held, nil
}

// Hold runs fn while holding pipeline's run lock, waiting for a run in
// flight anywhere in the cluster to end first, so that work besides runs
// (retrying set-aside records from the API) takes turns with them.
func (c *Cluster) Hold(ctx context.Context, pipeline string, fn func(ctx context.Context) error) error {
	for {
		lock, err := tryLock(ctx, c.pool, pipeline)
		if err != nil {
			return fmt.Errorf("cluster: taking the run lock of %s: %w", pipeline, err)
		}
		if lock != nil {
			defer lock.release()
			return fn(lock.watch(ctx))
		}
		t := time.NewTimer(c.opts.LockRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// NextSlot is pipeline's next scheduled slot after now, as every node
// computes it, or the zero time when it has no schedule (for the API).
func (c *Cluster) NextSlot(pipeline string) time.Time {
	s, ok := c.schedules()[pipeline]
	if !ok {
		return time.Time{}
	}
	return next(s, time.Now())
}
