package schedule

import (
	"context"
	"sync"
	"testing"
	"time"

	sched "github.com/pipeline-dev/pipeline/dsl/schedule"
)

// fakeClock fires After channels when Advance passes their time.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

func (c *fakeClock) pending() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.waiters) }

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

type recorder struct {
	mu   sync.Mutex
	runs []string
}

func (r *recorder) Submit(_ context.Context, p, reason string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, p+":"+reason)
	return nil
}

func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.runs) }

func TestIntervalFiresEachPeriod(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec := &recorder{}
	s := New(rec, clock, nil)
	defer s.Stop()
	every, _ := sched.Parse("every 5m", nil)
	s.Set("orders", every)
	for i := 1; i <= 3; i++ {
		waitUntil(t, func() bool { return clock.pending() == 1 })
		clock.Advance(4 * time.Minute)
		if rec.count() != i-1 {
			t.Fatalf("fired before the interval passed")
		}
		clock.Advance(time.Minute)
		waitUntil(t, func() bool { return rec.count() == i })
	}
	if rec.runs[0] != "orders:schedule" {
		t.Fatalf("run = %q", rec.runs[0])
	}
	// The same schedule again keeps the timer: a minute later it still
	// fires at the 5-minute mark.
	waitUntil(t, func() bool { return clock.pending() == 1 })
	clock.Advance(time.Minute)
	s.Set("orders", every)
	clock.Advance(4 * time.Minute)
	waitUntil(t, func() bool { return rec.count() == 4 })
	// Removing the schedule stops it.
	s.Set("orders", nil)
	clock.Advance(time.Hour)
	time.Sleep(20 * time.Millisecond)
	if rec.count() != 4 {
		t.Fatalf("removed schedule fired")
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
