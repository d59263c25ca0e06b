package cluster

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// TestHoldTakesTurnsAcrossNodes: work held under a pipeline's lock on one
// node shows as running from another node, and the other node's Hold
// waits until it ends.
func TestHoldTakesTurnsAcrossNodes(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	ctx := context.Background()
	noop := func(context.Context, Run) error { return nil }
	var nodes []*Cluster
	for _, name := range []string{"a", "b"} {
		c, err := New(ctx, newPool(t, url, nil), testOptions(name, noop, nil, 1))
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, c)
	}
	a, b := nodes[0], nodes[1]
	// Names chosen so that some lock keys are negative as int64.
	for _, p := range []string{"orders_to_exact", "customers_to_hubspot", "p00", "stock"} {
		inside, release := make(chan struct{}), make(chan struct{})
		go a.Hold(ctx, p, func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		<-inside
		if running, err := b.Running(ctx, p); err != nil || !running {
			t.Errorf("%s (key %d): Running from the other node = %v, %v; want true", p, lockKey(p), running, err)
		}
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err := b.Hold(short, p, func(context.Context) error { return errors.New("ran while the lock was held") })
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: the second Hold returned %v; want it to wait", p, err)
		}
		close(release)
		if err := b.Hold(ctx, p, func(context.Context) error { return nil }); err != nil {
			t.Errorf("%s: Hold after release: %v", p, err)
		}
		if running, err := b.Running(ctx, p); err != nil || running {
			t.Errorf("%s: Running after release = %v, %v; want false", p, running, err)
		}
	}
}
