package httpx

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeShared answers every Reserve with wait and records what it was asked.
type fakeShared struct {
	wait  time.Duration
	keys  []string
	taken int
}

func (f *fakeShared) Reserve(_ context.Context, key string, limits []Limit, maxWait time.Duration) (time.Duration, error) {
	f.keys = append(f.keys, key)
	if maxWait <= 0 || f.wait <= maxWait {
		f.taken++
	}
	return f.wait, nil
}

func TestLimiterWaitsForTheSharedLimiter(t *testing.T) {
	clock := NewVirtualClock(t0)
	shared := &fakeShared{wait: 3 * time.Second}
	reg := NewLimiterRegistry()
	reg.SetShared(shared)
	l, err := reg.Get(LimiterKey("exact_prod", "division/1"), LimiterConfig{
		Limits: []Limit{{Requests: 60, Per: time.Minute, Burst: 10}}, Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if clock.Slept() != 3*time.Second {
		t.Errorf("slept %s, want the shared limiter's 3s", clock.Slept())
	}
	if len(shared.keys) != 1 || shared.keys[0] != "exact_prod|division/1" {
		t.Errorf("shared limiter asked about %q", shared.keys)
	}

	// A wait beyond MaxWait is a QuotaError, and the quota is not taken.
	shared.wait = time.Hour
	err = l.Wait(context.Background())
	var qe *QuotaError
	if !errors.As(err, &qe) || shared.taken != 1 {
		t.Errorf("got %v with %d reservations; want a QuotaError and still 1", err, shared.taken)
	}
}
