package statetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// BenchmarkCommit commits batches of n records to s, each with a
// cross-reference and an activity entry carrying a small payload, plus the
// cursor, and reports ns/record; both stores run it with the batch size the
// engine writes, so their figures compare.
func BenchmarkCommit(b *testing.B, s state.Store, n int) {
	payload := []byte(`{"OrderedBy":"5b8d0f0e-1c2a-4c1e-9d3b-6f1e2a3b4c5d","YourRef":"SO-000000","Description":"webshop order","SalesOrderLines":[{"Item":"ITEM-1","Quantity":2,"UnitPrice":"12.50"}]}`)
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
