package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

// BenchmarkOrdersPipelineWithState is BenchmarkOrdersPipeline with the
// embedded state store: cross-references, the activity log (payloads
// masked) and group commits, as `pipeline run` does by default. It cycles
// 1,000 orders, so after the first thousand every record is one written
// before with the same source bytes: it measures the steady state, where
// an unchanged record is recognised before mapping. Create runs are
// BenchmarkOrdersCreateRun.
func BenchmarkOrdersPipelineWithState(b *testing.B) {
	plan := ordersPlan(b)
	recs := genOrders(1000)
	st, err := sqlitestore.Open(filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.SetBytes(int64(avgSize(recs)))
	b.ReportAllocs()
	b.ResetTimer()
	_, err = plan.Run(context.Background(), engine.RunOptions{
		Reader: &cycleReader{recs: recs, limit: b.N}, Writer: &countWriter{}, SkipValidation: true, State: st,
		Rejects: engine.RejectFunc(func(context.Context, engine.Reject) error { return nil }),
	})
	var tooMany *engine.TooManyRejectsError
	if err != nil && !errors.As(err, &tooMany) {
		b.Fatal(err)
	}
}
