package httpx

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLookupCachesFoundAndNotFound(t *testing.T) {
	var calls atomic.Int32
	l := NewLookup(func(_ context.Context, key string) (string, bool, error) {
		calls.Add(1)
		if key == "missing" {
			return "", false, nil
		}
		return "id-" + key, true, nil
	})
	ctx := context.Background()
	for range 3 {
		if v, ok, err := l.Get(ctx, "a"); v != "id-a" || !ok || err != nil {
			t.Fatalf("a: %q %v %v", v, ok, err)
		}
		if _, ok, err := l.Get(ctx, "missing"); ok || err != nil {
			t.Fatalf("missing: %v %v", ok, err)
		}
	}
	if calls.Load() != 2 || l.Fetches() != 2 {
		t.Errorf("fetched %d times, want 2", calls.Load())
	}
	l.Set("missing", "id-new")
	if v, ok, _ := l.Get(ctx, "missing"); !ok || v != "id-new" {
		t.Errorf("after Set: %q %v", v, ok)
	}
	l.Forget("a")
	_, _, _ = l.Get(ctx, "a")
	if calls.Load() != 3 {
		t.Errorf("Forget did not cause a fetch (%d)", calls.Load())
	}
}

func TestLookupDoesNotCacheErrors(t *testing.T) {
	fail := true
	l := NewLookup(func(context.Context, string) (int, bool, error) {
		if fail {
			return 0, false, errors.New("503")
		}
		return 7, true, nil
	})
	if _, _, err := l.Get(context.Background(), "k"); err == nil {
		t.Fatal("error swallowed")
	}
	fail = false
	if v, ok, err := l.Get(context.Background(), "k"); v != 7 || !ok || err != nil {
		t.Fatalf("retry after error: %v %v %v", v, ok, err)
	}
}

func TestLookupSingleFlight(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	l := NewLookup(func(_ context.Context, key string) (string, bool, error) {
		calls.Add(1)
		<-release
		return "v", true, nil
	})
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _, err := l.Get(context.Background(), "same")
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	// Give every caller time to reach Get while the first fetch is held.
	time.Sleep(10 * time.Millisecond)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d fetches for one key, want 1", calls.Load())
	}
	for i, r := range results {
		if r != "v" {
			t.Errorf("caller %d got %q", i, r)
		}
	}
}

// When the caller doing the fetch gives up, a waiting caller with a live
// context fetches for itself instead of inheriting the cancellation.
func TestLookupWaiterOutlivesCancelledLeader(t *testing.T) {
	started := make(chan struct{})
	var calls atomic.Int32
	l := NewLookup(func(ctx context.Context, key string) (string, bool, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-ctx.Done()
			return "", false, ctx.Err()
		}
		return "v", true, nil
	})
	leaderCtx, cancel := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() { _, _, err := l.Get(leaderCtx, "k"); leaderErr <- err }()
	<-started
	waiter := make(chan string, 1)
	go func() { v, _, _ := l.Get(context.Background(), "k"); waiter <- v }()
	time.Sleep(5 * time.Millisecond)
	cancel()
	if err := <-leaderErr; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v", err)
	}
	if v := <-waiter; v != "v" {
		t.Errorf("waiter got %q", v)
	}
}
