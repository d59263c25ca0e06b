package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// maxInWindow is the most events inside any half-open window of length w.
func maxInWindow(times []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestLimiterComposesMinuteAndDayWindows(t *testing.T) {
	clock := NewVirtualClock(t0)
	minute := Limit{Requests: 60, Per: time.Minute, Burst: 10}
	day := Limit{Requests: 100, Per: 24 * time.Hour, Burst: 50}
	l, err := NewLimiter(LimiterConfig{Limits: []Limit{minute, day}, Clock: clock, MaxWait: -1})
	if err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	for range 120 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		times = append(times, clock.Now())
	}
	if !times[9].Equal(t0) {
		t.Errorf("the burst of 10 was not immediate: 10th call at %s", times[9].Sub(t0))
	}
	if gap := times[11].Sub(times[10]); gap < 1100*time.Millisecond || gap > 1300*time.Millisecond {
		t.Errorf("after the burst calls are %s apart, want 60s/50 = 1.2s", gap)
	}
	// The day's burst is spent after 50 calls; the 51st waits for the day
	// bucket (1 call per 24h/50 = 28.8 min), not the minute bucket.
	if wait := times[50].Sub(times[49]); wait < 27*time.Minute {
		t.Errorf("call 51 waited %s, want the daily refill (~28 min)", wait)
	}
	if got := maxInWindow(times, time.Minute); got > minute.Requests {
		t.Errorf("%d calls within one minute, limit %d", got, minute.Requests)
	}
	if got := maxInWindow(times, 24*time.Hour); got > day.Requests {
		t.Errorf("%d calls within one day, limit %d", got, day.Requests)
	}
}

func TestLimiterReturnsQuotaErrorInsteadOfHanging(t *testing.T) {
	clock := NewVirtualClock(t0)
	l, _ := NewLimiter(LimiterConfig{Limits: []Limit{{Requests: 4, Per: 24 * time.Hour, Burst: 2}}, Clock: clock})
	for range 2 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	err := l.Wait(context.Background())
	var qe *QuotaError
	if !errors.As(err, &qe) || !qe.Until.After(t0.Add(11*time.Hour)) {
		t.Fatalf("got %v; want a QuotaError about 12 h ahead", err)
	}
	if clock.Slept() != 0 {
		t.Errorf("slept %s before giving up", clock.Slept())
	}
	// The cancelled reservation must not have consumed quota: after 12 h
	// one call is free again.
	clock.Advance(12 * time.Hour)
	if err := l.Wait(context.Background()); err != nil || clock.Slept() != 0 {
		t.Errorf("after the refill: %v, slept %s", err, clock.Slept())
	}
}

func TestLimitValidation(t *testing.T) {
	for _, bad := range []Limit{{Requests: 0, Per: time.Second}, {Requests: 5, Per: 0}, {Requests: 5, Per: time.Second, Burst: 5}, {Requests: 5, Per: time.Second, Burst: 9}} {
		if _, err := NewLimiter(LimiterConfig{Limits: []Limit{bad}}); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func exactHeaders(clock Clock, remaining int, reset time.Time) *http.Response {
	h := http.Header{}
	h.Set("X-RateLimit-Minutely-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Minutely-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
	return &http.Response{StatusCode: 200, Header: h}
}

func TestLimiterSlowsDownOnServerHeaders(t *testing.T) {
	clock := NewVirtualClock(t0)
	policy := HeaderPair("X-RateLimit-Minutely-Remaining", "X-RateLimit-Minutely-Reset", ResetEpochMillis, nil)
	l, _ := NewLimiter(LimiterConfig{Headers: []HeaderPolicy{policy}, LowWater: 5, Clock: clock})
	ctx := context.Background()

	// Plenty left: no waiting.
	l.Observe(exactHeaders(clock, 40, t0.Add(30*time.Second)))
	for range 3 {
		_ = l.Wait(ctx)
	}
	if clock.Slept() != 0 {
		t.Fatalf("slept %s with 40 calls left", clock.Slept())
	}

	// Three left, 40 s to the reset: the calls are spread out, never all at once.
	l.Observe(exactHeaders(clock, 3, t0.Add(40*time.Second)))
	var at []time.Time
	for range 3 {
		_ = l.Wait(ctx)
		at = append(at, clock.Now())
	}
	if at[1].Sub(at[0]) < 5*time.Second || at[2].Sub(at[1]) < 5*time.Second {
		t.Errorf("low-water calls at %v; want them spread over the window", at)
	}
	if !at[2].Before(t0.Add(40 * time.Second)) {
		t.Errorf("pacing overshot the reset: last call at %s", at[2].Sub(t0))
	}

	// None left: the next call waits for the reset.
	reset := clock.Now().Add(20 * time.Second)
	l.Observe(exactHeaders(clock, 0, reset))
	_ = l.Wait(ctx)
	if clock.Now().Before(reset) {
		t.Errorf("call at %s, before the reset %s", clock.Now().Sub(t0), reset.Sub(t0))
	}

	// A response without the headers changes nothing.
	before := clock.Now()
	l.Observe(&http.Response{Header: http.Header{}})
	_ = l.Wait(ctx)
	if !clock.Now().Equal(before) {
		t.Errorf("waited %s after a response without headers", clock.Now().Sub(before))
	}
}

func TestHeaderPairUnits(t *testing.T) {
	clock := NewVirtualClock(t0)
	resp := &http.Response{Header: http.Header{"Rem": {"7"}, "Rst": {"1500"}}}
	for unit, want := range map[ResetUnit]time.Time{
		ResetAfterMillis:  t0.Add(1500 * time.Millisecond),
		ResetAfterSeconds: t0.Add(1500 * time.Second),
		ResetEpochSeconds: time.Unix(1500, 0),
		ResetEpochMillis:  time.UnixMilli(1500),
	} {
		rem, reset, ok := HeaderPair("Rem", "Rst", unit, clock)(resp)
		if !ok || rem != 7 || !reset.Equal(want) {
			t.Errorf("unit %d: %d %v %v, want 7 %v", unit, rem, reset, ok, want)
		}
	}
	if _, _, ok := HeaderPair("Rem", "Missing", ResetEpochMillis, clock)(resp); ok {
		t.Error("missing reset header reported ok")
	}
}

func TestLimiterBlock(t *testing.T) {
	clock := NewVirtualClock(t0)
	l, _ := NewLimiter(LimiterConfig{Clock: clock})
	l.Block(t0.Add(7 * time.Second))
	l.Block(t0.Add(3 * time.Second)) // an earlier block does not shorten it
	_ = l.Wait(context.Background())
	if got := clock.Now().Sub(t0); got != 7*time.Second {
		t.Errorf("waited %s, want 7s", got)
	}
}

// Two clients of one connection draw on one quota; a client of another
// connection does not.
func TestClientsOfOneConnectionShareTheLimiter(t *testing.T) {
	env := newEnv()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) }))
	defer srv.Close()
	limits := func(c *Config) { c.Limits = LimiterConfig{Limits: []Limit{{Requests: 2, Per: time.Minute, Burst: 1}}} }
	a := env.client(t, srv, limits)
	b := env.client(t, srv, limits)
	other := env.client(t, srv, func(c *Config) { limits(c); c.Connection = "other" })
	ctx := context.Background()
	if _, err := a.Do(ctx, &Request{Path: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Do(ctx, &Request{Path: "x"}); err != nil || env.clock.Slept() != 0 {
		t.Fatalf("another connection waited %s (%v)", env.clock.Slept(), err)
	}
	if _, err := b.Do(ctx, &Request{Path: "x"}); err != nil {
		t.Fatal(err)
	}
	if env.clock.Slept() < 50*time.Second {
		t.Errorf("second client of the connection waited %s, want ~60s", env.clock.Slept())
	}
	la, _ := a.Limiter("")
	lb, _ := b.Limiter("")
	lo, _ := other.Limiter("")
	if la != lb || la == lo {
		t.Error("registry did not share by connection")
	}
}
