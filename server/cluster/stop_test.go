package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// TestStopHandsTheRunInFlightBack: a node stopping with a run in flight
// cancels it when its grace ends and hands it back without spending an
// attempt; another node then runs it, with the submitted reason.
func TestStopHandsTheRunInFlightBack(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	ctx := context.Background()
	started := make(chan struct{}, 1)
	ran := make(chan Run, 1)
	blocking := func(ctx context.Context, r Run) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	}
	recording := func(ctx context.Context, r Run) error {
		ran <- r
		return nil
	}
	a, err := New(ctx, newPool(t, url, nil), testOptions("a", blocking, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Submit(ctx, "orders", "webhook hubspot"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("node a never started the run")
	}
	b, err := New(ctx, newPool(t, url, nil), testOptions("b", recording, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.Stop(ctx)

	grace, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := a.Stop(grace); err != nil {
		t.Errorf("stop: %v", err)
	}
	select {
	case r := <-ran:
		if r.Pipeline != "orders" || r.Reason != "webhook hubspot" || r.Attempt != 1 {
			t.Errorf("node b ran %+v; want the run of orders, reason kept, attempt 1 (a release is no attempt)", r)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the released run never ran on node b")
	}
}
