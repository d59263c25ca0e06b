package runner

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLocalNeverOverlapsAndQueuesOne triggers a pipeline many times during
// a run: the runs never overlap and the triggers fold into one follow-up.
func TestLocalNeverOverlapsAndQueuesOne(t *testing.T) {
	var active, maxActive, runs atomic.Int32
	release := make(chan struct{})
	l := NewLocal(func(ctx context.Context, p, reason string) {
		n := active.Add(1)
		if n > maxActive.Load() {
			maxActive.Store(n)
		}
		if runs.Add(1) == 1 {
			<-release
		}
		active.Add(-1)
	})
	ctx := context.Background()
	l.Submit(ctx, "a", "first")
	waitFor(t, func() bool { return l.Running("a") && runs.Load() == 1 })
	for i := 0; i < 10; i++ {
		l.Submit(ctx, "a", "again")
	}
	if w, _ := l.Queued(); w != 1 {
		t.Fatalf("waiting = %d, want 1 follow-up", w)
	}
	close(release)
	waitFor(t, func() bool { return !l.Running("a") })
	l.Close(ctx)
	if runs.Load() != 2 || maxActive.Load() != 1 {
		t.Fatalf("runs = %d (want 2), most at once = %d (want 1)", runs.Load(), maxActive.Load())
	}
}

// TestLocalSlowPipelineHoldsUpNoOther keeps one pipeline busy while
// another runs several times.
func TestLocalSlowPipelineHoldsUpNoOther(t *testing.T) {
	var mu sync.Mutex
	count := map[string]int{}
	block := make(chan struct{})
	l := NewLocal(func(ctx context.Context, p, reason string) {
		if p == "slow" {
			select {
			case <-block:
			case <-ctx.Done():
			}
		}
		mu.Lock()
		count[p]++
		mu.Unlock()
	})
	ctx := context.Background()
	l.Submit(ctx, "slow", "s")
	for i := 0; i < 3; i++ {
		l.Submit(ctx, "fast", "f")
		waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return count["fast"] == i+1 })
	}
	mu.Lock()
	slow := count["slow"]
	mu.Unlock()
	if slow != 0 {
		t.Fatalf("slow pipeline finished early")
	}
	// Close cancels the slow run once its deadline passes.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	l.Close(cctx)
	if err := l.Submit(ctx, "fast", "late"); err != ErrClosed {
		t.Fatalf("Submit after Close = %v, want ErrClosed", err)
	}
	if count["slow"] != 1 {
		t.Fatalf("slow run did not end on Close")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
