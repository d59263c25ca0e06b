package main

import (
	"strings"

	"github.com/pipeline-dev/pipeline/server"
)

// clusterExecutor makes runs go through the PostgreSQL cluster when the
// state is a postgres URL. Not wired yet: server/cluster is being built;
// until then every process runs every schedule itself.
func clusterExecutor(cfg *server.Config, stateLocation string) error {
	l := strings.ToLower(stateLocation)
	if !strings.HasPrefix(l, "postgres://") && !strings.HasPrefix(l, "postgresql://") {
		return nil
	}
	cfg.Log.Warn("state is on PostgreSQL, but this build runs schedules in this process only; run one server")
	return nil
}
