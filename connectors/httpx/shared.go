package httpx

import (
	"context"
	"fmt"
	"time"
)

// SharedLimiter enforces a connection's quotas across processes: several
// `pipeline serve` workers calling one system share its rate limit, so
// each process's own token buckets are not enough. An implementation
// keeps one bucket per (key, Limit) somewhere all processes see (the
// server/cluster package keeps them in PostgreSQL).
//
// The process-local Limiter still applies first; the shared one is asked
// once per call after local permission, so it sees only calls that are
// about to go out.
type SharedLimiter interface {
	// Reserve takes one call from every limit of key and returns how long
	// the caller must wait before making it. When the wait would exceed
	// maxWait (if positive), nothing is taken and the wait is returned, so
	// the caller can give up without spending quota.
	Reserve(ctx context.Context, key string, limits []Limit, maxWait time.Duration) (time.Duration, error)
}

// SetShared makes every limiter this registry creates from now on also
// draw on s (nil: process-local limits only). Call it before the first
// client of a connection is used: limiters that already exist keep what
// they had.
func (r *LimiterRegistry) SetShared(s SharedLimiter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shared = s
}

// TokenBucket returns the bucket that enforces l: its capacity and its
// refill rate in calls per second. Shared limiters use it so that they
// enforce exactly what the local Limiter does.
func (l Limit) TokenBucket() (burst int, perSecond float64, err error) {
	if l.Requests <= 0 || l.Per <= 0 {
		return 0, 0, fmt.Errorf("rate limit %d per %s: both must be positive", l.Requests, l.Per)
	}
	burst = l.Burst
	if burst <= 0 {
		burst = max(l.Requests/2, 1)
	}
	if burst > l.Requests || (burst == l.Requests && l.Requests > 1) {
		// Some calls must be left to the refill, or the bound breaks.
		return 0, 0, fmt.Errorf("rate limit %d per %s: burst %d must be below the limit", l.Requests, l.Per, burst)
	}
	refill := max(l.Requests-burst, 1)
	return burst, float64(refill) / l.Per.Seconds(), nil
}

// waitShared asks the shared limiter, if any, for one call and sleeps as
// long as it says.
func (l *Limiter) waitShared(ctx context.Context) error {
	if l.shared == nil || len(l.limits) == 0 {
		return nil
	}
	d, err := l.shared.Reserve(ctx, l.key, l.limits, l.maxWait)
	if err != nil {
		return fmt.Errorf("shared rate limit: %w", err)
	}
	if l.maxWait > 0 && d > l.maxWait {
		return &QuotaError{Until: l.clock.Now().Add(d)}
	}
	if d > 0 {
		return l.clock.Sleep(ctx, d)
	}
	return nil
}
