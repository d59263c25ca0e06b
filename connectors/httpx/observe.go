package httpx

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
)

// Exchange is one HTTP request and its response as an Observer sees it.
// Everything in it has been through the Redactor: headers, URL and bodies
// carry no token, secret, password or OAuth code.
type Exchange struct {
	// Connection names the configured connection ("exact_prod").
	Connection string
	Method     string
	URL        string
	// Status is the HTTP status, or 0 when no response arrived.
	Status   int
	Duration time.Duration
	// Attempt counts from 1 for each try of one logical request.
	Attempt        int
	RequestHeader  http.Header
	RequestBody    []byte
	ResponseHeader http.Header
	ResponseBody   []byte
	// Truncated reports that a body was longer than the observation limit
	// and was cut.
	Truncated bool
	// Err is the transport error, when there was one, redacted.
	Err string
}

// Observer receives every exchange, for logging, metrics or the activity
// log. It is called synchronously on the request's goroutine, so it should
// be quick; it must not keep the Exchange's slices beyond the call unless it
// copies them.
type Observer func(Exchange)

// DefaultObserveLimit is how much of each body an Observer gets.
const DefaultObserveLimit = 64 << 10

type attemptKey struct{}

// withAttempt tells the observing transport which try this is.
func withAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

func attemptFrom(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(int); ok {
		return n
	}
	return 1
}

// ObserveTransport wraps base so that every round trip is reported to obs,
// redacted with red. The Client installs it itself; OAuth uses it for the
// token endpoint, so token calls are observed (and redacted) too.
func ObserveTransport(base http.RoundTripper, conn string, obs Observer, red *Redactor, clock Clock) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if obs == nil {
		return base
	}
	return &observeTransport{base: base, conn: conn, obs: obs, red: redactorOrDefault(red), clock: clockOrSystem(clock), limit: DefaultObserveLimit}
}

type observeTransport struct {
	base  http.RoundTripper
	conn  string
	obs   Observer
	red   *Redactor
	clock Clock
	limit int
}

func (t *observeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ex := Exchange{
		Connection:    t.conn,
		Method:        req.Method,
		URL:           t.red.URL(req.URL.String()),
		Attempt:       attemptFrom(req.Context()),
		RequestHeader: t.red.Header(req.Header),
	}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			b, cut := readLimited(rc, t.limit)
			rc.Close()
			ex.RequestBody = t.red.Body(b, req.Header.Get("Content-Type"))
			ex.Truncated = ex.Truncated || cut
		}
	}
	start := t.clock.Now()
	resp, err := t.base.RoundTrip(req)
	ex.Duration = t.clock.Now().Sub(start)
	if err != nil {
		ex.Err = t.red.Error(err).Error()
		t.obs(ex)
		return nil, err
	}
	// Read the whole body so the caller still gets it; the Client buffers
	// responses anyway, so this costs no extra round trip.
	body, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if readErr != nil {
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{readErr}))
	}
	ex.Status = resp.StatusCode
	ex.ResponseHeader = t.red.Header(resp.Header)
	shown := body
	if len(shown) > t.limit {
		shown, ex.Truncated = shown[:t.limit], true
	}
	ex.ResponseBody = t.red.Body(shown, resp.Header.Get("Content-Type"))
	t.obs(ex)
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func readLimited(r io.Reader, limit int) ([]byte, bool) {
	b, _ := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if len(b) > limit {
		return b[:limit], true
	}
	return b, false
}
