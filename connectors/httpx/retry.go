package httpx

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// RetryPolicy bounds retries of 429, 5xx and transport failures.
type RetryPolicy struct {
	// MaxAttempts counts the first try. Zero means 5; 1 disables retries.
	MaxAttempts int
	// MaxElapsed bounds the time spent on one request including waits;
	// a wait that would pass it ends the request instead. Zero means 2 min.
	MaxElapsed time.Duration
	// BaseDelay and MaxDelay shape the exponential backoff: before retry
	// n the client waits a random time in [0, min(MaxDelay,
	// BaseDelay*2^(n-1))] ("full jitter", so that clients that failed
	// together do not retry together), or longer if the server asked.
	// Zero means 500 ms and 30 s.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// Jitter returns a random duration in [0, d]; tests pin it. Nil means
	// math/rand/v2.
	Jitter func(d time.Duration) time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 2 * time.Minute
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	if p.Jitter == nil {
		p.Jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return rand.N(d + 1)
		}
	}
	return p
}

// Backoff is the wait before retry number n (n ≥ 1).
func (p RetryPolicy) Backoff(n int) time.Duration {
	p = p.withDefaults()
	ceiling := p.BaseDelay
	for i := 1; i < n && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	return p.Jitter(min(ceiling, p.MaxDelay))
}

// withRetry is the attempt loop behind Do.
//
// What is repeated: 429 always (the server did not act on it); 5xx and
// transport failures for idempotent requests, and for any request that
// never left this machine. A non-idempotent request whose outcome is
// unknown is only repeated when its Verify says the record does not exist;
// when Verify finds it, Do reports success "confirmed by lookup". Other
// 4xx are returned at once as *APIError.
func (c *Client) withRetry(ctx context.Context, r *Request, u *url.URL, lim *Limiter) (*Response, error) {
	p := c.cfg.Retry
	start := c.clock.Now()
	redURL := c.red.URL(u.String())
	for n := 1; ; n++ {
		if err := lim.Wait(ctx); err != nil {
			return nil, c.red.Error(err)
		}
		resp, body, sent, err := c.attempt(ctx, r, u, n)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		var ae *authError
		if errors.As(err, &ae) {
			return nil, c.red.Error(ae.err)
		}
		if resp != nil {
			lim.Observe(&http.Response{StatusCode: resp.StatusCode, Header: resp.Header})
		}

		var lastErr error
		var serverWait time.Duration
		unknown := false
		switch {
		case err != nil:
			lastErr = c.red.Error(fmt.Errorf("%s %s: %w", r.Method, redURL, err))
			unknown = sent && !r.idempotent()
		case resp.StatusCode < 400:
			return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body, Attempts: n}, nil
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			apiErr := c.apiError(r, u, resp, body, n)
			lastErr = apiErr
			if apiErr.RetryAfter > 0 {
				serverWait = apiErr.RetryAfter
				lim.Block(c.clock.Now().Add(serverWait))
			}
			unknown = resp.StatusCode >= 500 && !r.idempotent()
		default:
			return nil, c.apiError(r, u, resp, body, n)
		}

		if unknown {
			if r.Verify == nil {
				return nil, &UnknownOutcomeError{Method: r.Method, URL: redURL, Attempts: n, Err: lastErr}
			}
			found, verr := r.Verify(ctx)
			if verr != nil {
				return nil, fmt.Errorf("%s %s: outcome unknown (%v) and the lookup failed: %w", r.Method, redURL, lastErr, c.red.Error(verr))
			}
			if found {
				return &Response{Attempts: n, ConfirmedByLookup: true}, nil
			}
		}
		if n >= p.MaxAttempts {
			return nil, lastErr
		}
		delay := max(p.Backoff(n), serverWait)
		if c.clock.Now().Sub(start)+delay > p.MaxElapsed {
			return nil, lastErr
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}
