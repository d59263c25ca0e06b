package pgstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// BenchmarkCommit500 commits batches the size the engine writes: 500
// records, each with a cross-reference and an activity entry carrying a
// small payload, plus the cursor.
func BenchmarkCommit500(b *testing.B) {
	s, err := pgstore.Open(b.Context(), pgtest.Start(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	payload := []byte(`{"OrderedBy":"5b8d0f0e-1c2a-4c1e-9d3b-6f1e2a3b4c5d","YourRef":"SO-000000","Description":"webshop order","SalesOrderLines":[{"Item":"ITEM-1","Quantity":2,"UnitPrice":"12.50"}]}`)
	const n = 500
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		batch := state.Batch{Pipeline: "orders", RunID: 1, Source: "shop", Cursor: new(fmt.Sprint(i)),
			XRefs: make([]state.XRef, n), Activity: make([]state.Activity, n)}
		for j := range n {
			key := fmt.Sprintf("SO-%d-%d", i, j)
			batch.XRefs[j] = state.XRef{Entity: "exactonline/sales_order", SourceKey: key,
				TargetID: "guid-" + key, PayloadHash: "sha256:0123456789abcdef"}
			batch.Activity[j] = state.Activity{System: "shop", Entity: "exactonline/sales_order", SourceKey: key,
				Decision: state.DecisionCreate, TargetID: "guid-" + key, Status: 201, Payload: payload,
				Duration: 120 * time.Millisecond}
		}
		if err := s.Commit(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}
