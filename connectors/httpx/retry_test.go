package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// scripted answers the nth request (from 0) with script[n] (the last entry
// repeats) and counts requests.
func scripted(t *testing.T, script ...func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		script[min(i, len(script)-1)](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func status(code int, body string, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeJSON(w, code, body)
	}
}

// hangUp reads the request and closes the connection without answering:
// the request was sent, the outcome is unknown.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	for name, header := range map[string]string{
		"seconds":   "7",
		"http date": t0.Add(7 * time.Second).Format(http.TimeFormat),
	} {
		t.Run(name, func(t *testing.T) {
			env := newEnv()
			srv, n := scripted(t, status(429, `{"ErrorCode":4010}`, "Retry-After", header), status(200, `{"ok":true}`))
			c := env.client(t, srv, nil)
			resp, err := c.Do(context.Background(), &Request{Path: "customers"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != 2 || n.Load() != 2 {
				t.Errorf("attempts %d, requests %d; want 2", resp.Attempts, n.Load())
			}
			if env.clock.Slept() < 7*time.Second {
				t.Errorf("slept %s, want at least the 7 s asked for", env.clock.Slept())
			}
		})
	}
}

func TestRetry429WaitsForResetHeader(t *testing.T) {
	env := newEnv()
	reset := t0.Add(45 * time.Second)
	srv, _ := scripted(t,
		status(429, `{}`, "X-RateLimit-Minutely-Remaining", "0", "X-RateLimit-Minutely-Reset", itoa64(reset.UnixMilli())),
		status(200, `{}`))
	c := env.client(t, srv, func(c *Config) {
		c.Limits.Headers = []HeaderPolicy{HeaderPair("X-RateLimit-Minutely-Remaining", "X-RateLimit-Minutely-Reset", ResetEpochMillis, nil)}
	})
	if _, err := c.Do(context.Background(), &Request{Path: "x"}); err != nil {
		t.Fatal(err)
	}
	if env.clock.Now().Before(reset) {
		t.Errorf("retried at %s, before the reset at %s", env.clock.Now().Sub(t0), reset.Sub(t0))
	}
}

func TestRetry5xxWithExponentialBackoff(t *testing.T) {
	env := newEnv()
	srv, n := scripted(t, status(503, ``), status(502, ``), status(500, ``), status(200, `{"v":1}`))
	c := env.client(t, srv, func(c *Config) { c.Retry.BaseDelay = time.Second })
	var out struct{ V int }
	if err := c.GetJSON(context.Background(), "items", nil, &out); err != nil {
		t.Fatal(err)
	}
	if out.V != 1 || n.Load() != 4 {
		t.Errorf("got %+v after %d requests", out, n.Load())
	}
	// Jitter is pinned to its ceiling: 1 s, 2 s, 4 s.
	if got := env.clock.Slept(); got != 7*time.Second {
		t.Errorf("slept %s, want 1+2+4 = 7s", got)
	}
}

func TestBackoffIsFullJitterBelowCeiling(t *testing.T) {
	p := RetryPolicy{BaseDelay: time.Second, MaxDelay: 5 * time.Second}
	for n := 1; n <= 8; n++ {
		ceiling := min(time.Second<<(n-1), 5*time.Second)
		for range 20 {
			if d := p.Backoff(n); d < 0 || d > ceiling {
				t.Fatalf("Backoff(%d) = %s outside [0, %s]", n, d, ceiling)
			}
		}
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Run("attempts", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, status(500, `{"error":{"code":"X","message":{"value":"boom"}}}`))
		c := env.client(t, srv, func(c *Config) { c.Retry.MaxAttempts = 3 })
		_, err := c.Do(context.Background(), &Request{Path: "x"})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != 500 || ae.Attempts != 3 || ae.Message != "boom" || n.Load() != 3 {
			t.Fatalf("got %v (%d requests)", err, n.Load())
		}
	})
	t.Run("total time", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, status(429, `{}`, "Retry-After", "3600"))
		c := env.client(t, srv, func(c *Config) { c.Retry.MaxElapsed = 2 * time.Minute })
		_, err := c.Do(context.Background(), &Request{Path: "x"})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != 429 || ae.RetryAfter != time.Hour || n.Load() != 1 {
			t.Fatalf("got %v after %d requests; want the 429 at once, carrying Retry-After", err, n.Load())
		}
		if env.clock.Slept() != 0 {
			t.Errorf("slept %s although the wait could never fit", env.clock.Slept())
		}
	})
}

func TestNonRetryable4xxIsTypedAndBecomesRecordError(t *testing.T) {
	env := newEnv()
	srv, n := scripted(t, status(400, `{"ErrorCode":2000,"Errors":[{"Field":"EmailAddress","ErrorCode":"Invalid","Message":"not an e-mail"}]}`))
	c := env.client(t, srv, func(c *Config) { c.ErrorParser = VismaErrorParser })
	_, err := c.SendJSON(context.Background(), http.MethodPost, "customers", map[string]string{"EmailAddress": "x"}, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 400 || ae.Field != "EmailAddress" || n.Load() != 1 {
		t.Fatalf("got %v after %d requests", err, n.Load())
	}
	re, ok := AsRecordError(err)
	if !ok || re.Field != "EmailAddress" || !strings.Contains(re.Error(), "not an e-mail") {
		t.Fatalf("AsRecordError = %v, %v", re, ok)
	}
	for _, st := range []int{401, 403, 429, 500} {
		if _, ok := AsRecordError(&APIError{Status: st}); ok {
			t.Errorf("status %d treated as a record error", st)
		}
	}
	if _, ok := AsRecordError(errors.New("network")); ok {
		t.Error("plain error treated as a record error")
	}
}

func TestPostWithUnknownOutcome(t *testing.T) {
	post := func(verify VerifyFunc) *Request {
		return &Request{Method: http.MethodPost, Path: "crm/Accounts", Body: []byte(`{"Code":"C1"}`), Verify: verify}
	}
	t.Run("5xx without verify is not repeated", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, status(500, ``), status(201, `{}`))
		_, err := env.client(t, srv, nil).Do(context.Background(), post(nil))
		var ue *UnknownOutcomeError
		if !errors.As(err, &ue) || n.Load() != 1 {
			t.Fatalf("got %v after %d requests; want UnknownOutcomeError after 1", err, n.Load())
		}
	})
	t.Run("found by lookup", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, status(500, ``), status(201, `{}`))
		var lookups int
		resp, err := env.client(t, srv, nil).Do(context.Background(), post(func(context.Context) (bool, error) { lookups++; return true, nil }))
		if err != nil || !resp.ConfirmedByLookup || n.Load() != 1 || lookups != 1 {
			t.Fatalf("got %+v, %v, %d POSTs, %d lookups; want confirmed by lookup without a second POST", resp, err, n.Load(), lookups)
		}
	})
	t.Run("not found is retried", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, hangUp, status(201, `{"ID":"g1"}`))
		resp, err := env.client(t, srv, nil).Do(context.Background(), post(func(context.Context) (bool, error) { return false, nil }))
		if err != nil || resp.ConfirmedByLookup || resp.Status != 201 || n.Load() != 2 {
			t.Fatalf("got %+v, %v after %d POSTs; want the retry to create it", resp, err, n.Load())
		}
	})
	t.Run("lookup failure stops", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, status(502, ``), status(201, `{}`))
		_, err := env.client(t, srv, nil).Do(context.Background(), post(func(context.Context) (bool, error) { return false, errors.New("lookup down") }))
		if err == nil || !strings.Contains(err.Error(), "lookup down") || n.Load() != 1 {
			t.Fatalf("got %v after %d POSTs", err, n.Load())
		}
	})
	t.Run("connection closed after send, no verify", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, hangUp, status(201, `{}`))
		_, err := env.client(t, srv, nil).Do(context.Background(), post(nil))
		var ue *UnknownOutcomeError
		if !errors.As(err, &ue) || n.Load() != 1 {
			t.Fatalf("got %v after %d requests", err, n.Load())
		}
	})
	t.Run("idempotent PUT is retried freely", func(t *testing.T) {
		env := newEnv()
		srv, n := scripted(t, hangUp, status(500, ``), status(204, ``))
		resp, err := env.client(t, srv, nil).Do(context.Background(), &Request{Method: http.MethodPut, Path: "x", Body: []byte(`{}`)})
		if err != nil || resp.Status != 204 || n.Load() != 3 {
			t.Fatalf("got %v, %v after %d", resp, err, n.Load())
		}
	})
}

// A POST that never reached the server (connection refused) is safe to
// repeat: nothing can have been created.
func TestPostNotSentIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := newEnv()
	c, err := New(Config{Connection: "dead", BaseURL: "http://" + addr, Clock: env.clock, Redactor: env.red, Limiters: env.lims,
		Retry: RetryPolicy{MaxAttempts: 3, Jitter: func(time.Duration) time.Duration { return 0 }}})
	if err != nil {
		t.Fatal(err)
	}
	var lookups int
	_, err = c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`),
		Verify: func(context.Context) (bool, error) { lookups++; return false, nil }})
	var ue *UnknownOutcomeError
	if err == nil || errors.As(err, &ue) || lookups != 0 {
		t.Fatalf("got %v with %d lookups; want a plain transport error and no lookup", err, lookups)
	}
}

func TestAttemptTimeout(t *testing.T) {
	env := newEnv()
	srv, _ := scripted(t, func(w http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client leaving.
		_, _ = io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	})
	c := env.client(t, srv, func(c *Config) { c.Timeout = 15 * time.Millisecond })
	_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{}`)})
	var ue *UnknownOutcomeError
	if !errors.As(err, &ue) {
		t.Fatalf("timed-out POST: %v; want UnknownOutcomeError", err)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
