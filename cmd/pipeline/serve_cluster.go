package main

import (
	"context"
	"strings"

	"github.com/pipeline-dev/pipeline/server"
	"github.com/pipeline-dev/pipeline/server/cluster"
)

// clusterExecutor makes runs go through the PostgreSQL cluster when the
// state is a postgres URL: several `pipeline serve` processes on one
// database then share the schedules (each slot runs once), never overlap
// runs of a pipeline, take over a dead process's runs and share each
// connection's rate limit. The cluster times the runs by cfg.RunTimeout.
func clusterExecutor(ctx context.Context, cfg *server.Config, stateLocation string, workers int) {
	l := strings.ToLower(stateLocation)
	if !strings.HasPrefix(l, "postgres://") && !strings.HasPrefix(l, "postgresql://") {
		return
	}
	cfg.Cluster = func(run func(ctx context.Context, pipeline, reason string) error) (*cluster.Cluster, error) {
		return cluster.Open(ctx, stateLocation, cluster.Options{
			Executor:   func(ctx context.Context, r cluster.Run) error { return run(ctx, r.Pipeline, r.Reason) },
			Workers:    workers,
			RunTimeout: cfg.RunTimeout,
			Logger:     cfg.Log,
		})
	}
}
