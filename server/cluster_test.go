package server

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
	"github.com/pipeline-dev/pipeline/server/cluster"
)

// onCluster returns a fixture option that wires a server to the
// PostgreSQL database at url the way `pipeline serve -state postgres://...`
// does: state and run queue in that database.
func onCluster(t *testing.T, url string, more func(*Config)) func(*Config) {
	return func(cfg *Config) {
		st, err := pgstore.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cfg.Store = st
		cfg.Cluster = func(run func(ctx context.Context, pipeline, reason string) error) (*cluster.Cluster, error) {
			return cluster.Open(context.Background(), url, cluster.Options{
				Executor:   func(ctx context.Context, r cluster.Run) error { return run(ctx, r.Pipeline, r.Reason) },
				Workers:    2,
				LockRetry:  100 * time.Millisecond,
				RetryDelay: 100 * time.Millisecond,
				Logger:     cfg.Log,
			})
		}
		if more != nil {
			more(cfg)
		}
	}
}

// TestTwoServersShareOnePostgreSQL: a scheduled pipeline runs on either
// server, never twice at once, and a run triggered through one server's
// API runs somewhere in the cluster.
func TestTwoServersShareOnePostgreSQL(t *testing.T) {
	url := pgtest.Start(t)
	scheduled := strings.Replace(copyPipeline, `pipeline "copy" {`, "pipeline \"copy\" {\n  schedule = \"every 1s\"", 1)
	files := map[string]string{"copy.hcl": scheduled, "in.ndjson": inputs}
	a := newFixture(t, files, onCluster(t, url, nil))
	b := newFixture(t, files, onCluster(t, url, nil))
	ra := a.waitRuns("copy", 3)
	var p struct {
		NextRun *time.Time `json:"next_run"`
	}
	if a.do("GET", "/api/pipelines/copy", "", &p); p.NextRun == nil {
		t.Fatal("no next run from the cluster's schedule")
	}
	before := len(ra.Runs)
	if code := b.do("POST", "/api/pipelines/copy/runs", "", nil); code != 202 {
		t.Fatalf("trigger through the second server: %d", code)
	}
	a.waitRuns("copy", before+1)
	runs, err := a.srv.cfg.Store.Runs(context.Background(), state.RunQuery{Pipeline: "copy"})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].StartedAt.Before(runs[j].StartedAt) })
	for i := 1; i < len(runs); i++ {
		if !runs[i-1].EndedAt.IsZero() && runs[i].StartedAt.Before(runs[i-1].EndedAt) {
			t.Fatalf("runs %d and %d overlap", runs[i-1].ID, runs[i].ID)
		}
	}
	if strings.Contains(a.log.String()+b.log.String(), "password") {
		t.Fatal("a log line mentions a password")
	}
}
