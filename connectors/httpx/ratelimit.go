package httpx

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limit is one quota: Requests calls per Per. Several Limits apply
// together (Exact: 60 per minute and 5,000 per day per division).
type Limit struct {
	Requests int
	Per      time.Duration
	// Burst is how many of the Requests may go at once; the rest are
	// spread evenly over Per. With this split no window of length Per ever
	// sees more than Requests calls, whatever the server's window
	// alignment. Zero means half of Requests. A high Burst suits daily
	// quotas (the day's allowance is there when a run needs it); a low one
	// suits per-minute limits (calls spaced evenly).
	Burst int
}

// bucket builds the token bucket that enforces l: Burst tokens, refilled
// at (Requests-Burst)/Per, so any window of length Per admits at most
// Burst + (Requests-Burst) = Requests.
func (l Limit) bucket() (*rate.Limiter, error) {
	burst, perSecond, err := l.TokenBucket()
	if err != nil {
		return nil, err
	}
	return rate.NewLimiter(rate.Limit(perSecond), burst), nil
}

// LimiterConfig configures the Limiter of one (connection, scope).
type LimiterConfig struct {
	Limits []Limit
	// Headers read the server's own count of remaining calls from each
	// response; every policy is tracked on its own (Exact sends a minutely
	// and a daily pair).
	Headers []HeaderPolicy
	// LowWater is the remaining count at or below which calls are paced
	// evenly until the reset time. Zero means 5; at zero remaining the
	// limiter always waits for the reset.
	LowWater int
	// MaxWait is the longest Wait will block; a longer wait (a spent daily
	// quota) returns a *QuotaError instead, so a run ends with a clear
	// message rather than hanging until midnight. Zero means 15 minutes;
	// negative means no bound.
	MaxWait time.Duration
	Clock   Clock
}

// QuotaError says a quota is spent and when calls may resume.
type QuotaError struct {
	Until time.Time
}

func (e *QuotaError) Error() string {
	return "rate limit reached; calls may resume at " + e.Until.UTC().Format(time.RFC3339)
}

// Limiter enforces client-side quotas (token buckets from
// golang.org/x/time/rate) and the server's reported quota state
// (HeaderPolicy), and honours explicit pauses (Retry-After).
type Limiter struct {
	clock    Clock
	buckets  []*rate.Limiter
	policies []HeaderPolicy
	lowWater int
	maxWait  time.Duration

	// shared, when set, is asked after the local buckets (shared.go);
	// key and limits are what it is asked about.
	shared SharedLimiter
	key    string
	limits []Limit

	mu           sync.Mutex
	states       []headerState
	blockedUntil time.Time
}

type headerState struct {
	known     bool
	remaining int
	reset     time.Time
	lastGrant time.Time
}

// NewLimiter builds a limiter. A zero config gives a limiter that only
// honours Block.
func NewLimiter(cfg LimiterConfig) (*Limiter, error) {
	l := &Limiter{clock: clockOrSystem(cfg.Clock), policies: cfg.Headers, lowWater: cfg.LowWater}
	if l.lowWater == 0 {
		l.lowWater = 5
	}
	switch {
	case cfg.MaxWait == 0:
		l.maxWait = 15 * time.Minute
	case cfg.MaxWait > 0:
		l.maxWait = cfg.MaxWait
	}
	for _, lim := range cfg.Limits {
		b, err := lim.bucket()
		if err != nil {
			return nil, err
		}
		l.buckets = append(l.buckets, b)
	}
	l.states = make([]headerState, len(cfg.Headers))
	return l, nil
}

// Wait blocks until one call is allowed by every limit, or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		now := l.clock.Now()
		l.mu.Lock()
		if d := l.gateDelay(now); d > 0 {
			l.mu.Unlock()
			if l.maxWait > 0 && d > l.maxWait {
				return &QuotaError{Until: now.Add(d)}
			}
			if err := l.clock.Sleep(ctx, d); err != nil {
				return err
			}
			continue
		}
		var delay time.Duration
		res := make([]*rate.Reservation, 0, len(l.buckets))
		for _, b := range l.buckets {
			r := b.ReserveN(now, 1)
			res = append(res, r)
			delay = max(delay, r.DelayFrom(now))
		}
		if l.maxWait > 0 && delay > l.maxWait {
			for _, r := range res {
				r.CancelAt(now)
			}
			l.mu.Unlock()
			return &QuotaError{Until: now.Add(delay)}
		}
		l.grant(now.Add(delay))
		l.mu.Unlock()
		if delay > 0 {
			if err := l.clock.Sleep(ctx, delay); err != nil {
				at := l.clock.Now()
				for _, r := range res {
					r.CancelAt(at)
				}
				return err
			}
		}
		return l.waitShared(ctx)
	}
}

// gateDelay is how long the server-side state says to hold off. Caller
// holds l.mu.
func (l *Limiter) gateDelay(now time.Time) time.Duration {
	d := l.blockedUntil.Sub(now)
	for i := range l.states {
		s := &l.states[i]
		if !s.known {
			continue
		}
		if !now.Before(s.reset) {
			s.known = false // the server's window has rolled over
			continue
		}
		switch {
		case s.remaining <= 0:
			d = max(d, s.reset.Sub(now))
		case s.remaining <= l.lowWater:
			// Spread what is left evenly over what remains of the window.
			spacing := s.reset.Sub(now) / time.Duration(s.remaining+1)
			if !s.lastGrant.IsZero() {
				d = max(d, s.lastGrant.Add(spacing).Sub(now))
			}
		}
	}
	return d
}

// grant counts one call against the server-reported state, so concurrent
// callers do not all spend the last remaining call. Caller holds l.mu.
func (l *Limiter) grant(at time.Time) {
	for i := range l.states {
		s := &l.states[i]
		if s.known {
			s.remaining--
			s.lastGrant = at
		}
	}
}

// Observe reads the server's quota state from resp through the header
// policies.
func (l *Limiter) Observe(resp *http.Response) {
	if resp == nil || len(l.policies) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, p := range l.policies {
		remaining, reset, ok := p(resp)
		if !ok {
			continue
		}
		s := &l.states[i]
		switch {
		case !s.known || reset.After(s.reset):
			// A new window; keep the pacing anchor.
			*s = headerState{known: true, remaining: remaining, reset: reset, lastGrant: s.lastGrant}
		case reset.Equal(s.reset) && remaining < s.remaining:
			// Same window: trust the lowest count, responses can arrive
			// out of order.
			s.remaining = remaining
		}
	}
}

// Block holds every call until t (a 429's Retry-After).
func (l *Limiter) Block(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.After(l.blockedUntil) {
		l.blockedUntil = t
	}
}

// LimiterRegistry shares one Limiter between every client of the same
// (connection, scope), so that two writers of one pipeline, or two
// pipelines in one server, draw on the same quota.
type LimiterRegistry struct {
	mu       sync.Mutex
	limiters map[string]*Limiter
	shared   SharedLimiter
}

// NewLimiterRegistry returns an empty registry.
func NewLimiterRegistry() *LimiterRegistry {
	return &LimiterRegistry{limiters: map[string]*Limiter{}}
}

var defaultLimiters = NewLimiterRegistry()

// DefaultLimiters is the process-wide registry clients use by default.
func DefaultLimiters() *LimiterRegistry { return defaultLimiters }

// LimiterKey is the registry key of a connection's scope ("exact_prod",
// "division/123456").
func LimiterKey(conn, scope string) string { return conn + "|" + scope }

// Get returns the limiter registered under key, creating it from cfg on
// first use. Later configs for the same key are ignored: the first client
// of a connection decides its limits.
func (r *LimiterRegistry) Get(key string, cfg LimiterConfig) (*Limiter, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if l, ok := r.limiters[key]; ok {
		return l, nil
	}
	l, err := NewLimiter(cfg)
	if err != nil {
		return nil, fmt.Errorf("rate limiter %s: %w", key, err)
	}
	l.shared, l.key, l.limits = r.shared, key, cfg.Limits
	r.limiters[key] = l
	return l, nil
}
