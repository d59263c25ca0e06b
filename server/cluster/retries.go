package cluster

import (
	"context"
	"fmt"
)

// MarkRetry records that the state store's run runID of pipeline was a
// retry of set-aside records rather than a run, and whether it cleared
// them all. Every node reads these marks when it works out a pipeline's
// failure streak (Retries), so a retry made on one node does not look like
// a good run to another. The run ids are the state store's, which lives in
// the same database.
func (c *Cluster) MarkRetry(ctx context.Context, pipeline string, runID int64, cleared bool) error {
	_, err := c.pool.Exec(ctx, `INSERT INTO pipeline_cluster_retries (run_id, pipeline, cleared, node)
		VALUES ($1, $2, $3, $4) ON CONFLICT (run_id) DO UPDATE SET cleared = EXCLUDED.cleared`,
		runID, pipeline, cleared, c.river.ID())
	if err != nil {
		return fmt.Errorf("cluster: recording retry run %d of %s: %w", runID, pipeline, err)
	}
	return nil
}

// Retries returns which of the runs ids were retries (MarkRetry), each
// with whether it cleared every set-aside record.
func (c *Cluster) Retries(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := c.pool.Query(ctx, "SELECT run_id, cleared FROM pipeline_cluster_retries WHERE run_id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("cluster: reading retry runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cleared bool
		if err := rows.Scan(&id, &cleared); err != nil {
			return nil, fmt.Errorf("cluster: reading retry runs: %w", err)
		}
		out[id] = cleared
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cluster: reading retry runs: %w", err)
	}
	return out, nil
}
