package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
)

// BenchmarkOrdersCreateRun measures a run in which every record is new, so
// every record that passes the filter is created, into a real appended
// NDJSON file:
//
//   - nostate: no sync state, the floor;
//   - intents: with state, the file writer's Transactional methods hidden,
//     so each create records an intent in a transaction of its own first
//     (what remote targets without lookups get);
//   - checkpoint: with state, as `pipeline run` does for files: group
//     commits tied to file checkpoints, no intents.
func BenchmarkOrdersCreateRun(b *testing.B) {
	for _, mode := range []string{"nostate", "intents", "checkpoint"} {
		b.Run(mode, func(b *testing.B) { benchCreateRun(b, mode) })
	}
}

// opaque hides every optional interface of a writer.
type opaque struct{ connectors.Writer }

func benchCreateRun(b *testing.B, mode string) {
	plan := ordersPlan(b)
	recs := make([][]byte, b.N)
	for i := range recs {
		recs[i] = ordergen.Order(7, i)
	}
	dir := b.TempDir()
	w, err := file.Specs()[0].NewWriter(context.Background(),
		&file.NDJSONConfig{Path: filepath.Join(dir, "out.ndjson"), Mode: file.ModeAppend}, connectors.Options{})
	if err != nil {
		b.Fatal(err)
	}
	o := engine.RunOptions{Reader: &cycleReader{recs: recs, limit: b.N}, Writer: w, SkipValidation: true,
		Rejects: engine.RejectFunc(func(context.Context, engine.Reject) error { return nil })}
	if mode != "nostate" {
		st, err := sqlitestore.Open(filepath.Join(dir, "state.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		o.State = st
	}
	if mode == "intents" {
		o.Writer = opaque{w}
	}
	b.SetBytes(int64(avgSize(recs)))
	b.ResetTimer()
	stats, err := plan.Run(context.Background(), o)
	var tooMany *engine.TooManyRejectsError
	if err != nil && !errors.As(err, &tooMany) {
		b.Fatal(err)
	}
	b.StopTimer()
	if b.N >= 100 && stats.Created == 0 {
		b.Fatalf("no record was created: %+v", stats)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/record")
}
