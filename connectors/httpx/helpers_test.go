package httpx

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// exchanges collects observed exchanges.
type exchanges struct {
	mu  sync.Mutex
	all []Exchange
}

func (e *exchanges) observe(x Exchange) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, x)
}

// text renders every observed exchange, for "does a secret appear
// anywhere" checks.
func (e *exchanges) text(t *testing.T) string {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := json.Marshal(e.all)
	if err != nil {
		t.Fatal(err)
	}
	// Bodies are []byte and marshal as base64; add them as text too.
	var sb strings.Builder
	sb.Write(b)
	for _, x := range e.all {
		sb.Write(x.RequestBody)
		sb.Write(x.ResponseBody)
	}
	return sb.String()
}

type testEnv struct {
	clock *VirtualClock
	red   *Redactor
	lims  *LimiterRegistry
	seen  *exchanges
}

func newEnv() *testEnv {
	return &testEnv{clock: NewVirtualClock(t0), red: NewRedactor(), lims: NewLimiterRegistry(), seen: &exchanges{}}
}

// client builds a Client against srv with virtual time, a private
// redactor and limiter registry, and jitter pinned to its maximum so
// backoff is predictable.
func (e *testEnv) client(t *testing.T, srv *httptest.Server, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Connection: "test_conn",
		BaseURL:    srv.URL + "/api",
		HTTPClient: srv.Client(),
		Clock:      e.clock,
		Redactor:   e.red,
		Limiters:   e.lims,
		Observer:   e.seen.observe,
		Retry:      RetryPolicy{Jitter: func(d time.Duration) time.Duration { return d }},
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
