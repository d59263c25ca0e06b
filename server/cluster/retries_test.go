package cluster

import (
	"context"
	"maps"
	"testing"

	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// TestRetryMarksAreSharedByNodes: a retry one node marks is known to
// another, with whether it cleared the pipeline; a mark can be corrected,
// and runs never marked are not retries.
func TestRetryMarksAreSharedByNodes(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	ctx := context.Background()
	noop := func(context.Context, Run) error { return nil }
	a, err := New(ctx, newPool(t, url, nil), testOptions("a", noop, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(ctx, newPool(t, url, nil), testOptions("b", noop, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRetry(ctx, "orders", 7, false); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRetry(ctx, "orders", 9, false); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRetry(ctx, "orders", 9, true); err != nil {
		t.Fatal(err)
	}
	got, err := b.Retries(ctx, []int64{6, 7, 8, 9})
	if want := map[int64]bool{7: false, 9: true}; err != nil || !maps.Equal(got, want) {
		t.Fatalf("Retries from the other node = %v, %v; want %v", got, err, want)
	}
	if got, err := b.Retries(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("Retries(nil) = %v, %v", got, err)
	}
}
