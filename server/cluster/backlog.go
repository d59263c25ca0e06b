package cluster

import (
	"context"
	"fmt"
	"time"
)

// maxBacklog bounds the scheduled runs one pipeline may have waiting: when
// its runs take longer than its interval, later slots are skipped rather
// than queued without end (each run reads everything new anyway).
const maxBacklog = 10

// waitingStates are River's states of a job that has yet to run.
const waitingStates = `('available', 'scheduled', 'retryable', 'pending')`

// olderWaiting reports whether pipeline has a run waiting whose slot comes
// before slot: that one goes first, so that the lock, which any waiting
// run may grab when it comes free, passes in slot order and no run (a
// rescued one, say) waits behind ever newer slots.
func (c *Cluster) olderWaiting(ctx context.Context, id int64, pipeline string, slot time.Time) (bool, error) {
	var older bool
	err := c.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM river_job
		WHERE queue = $1 AND kind = $2 AND state IN `+waitingStates+` AND id <> $3
		AND args->>'pipeline' = $4 AND (args->>'slot')::timestamptz < $5)`,
		queue, runKind, id, pipeline, slot).Scan(&older)
	if err != nil {
		return false, fmt.Errorf("looking for earlier runs of %s: %w", pipeline, err)
	}
	return older, nil
}

// backlog counts the waiting scheduled runs of each pipeline.
func (c *Cluster) backlog(ctx context.Context) (map[string]int, error) {
	rows, err := c.pool.Query(ctx, `SELECT args->>'pipeline', count(*) FROM river_job
		WHERE queue = $1 AND kind = $2 AND state IN `+waitingStates+` AND args->>'reason' = $3 GROUP BY 1`,
		queue, runKind, ReasonSchedule)
	if err != nil {
		return nil, fmt.Errorf("counting waiting runs: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}
