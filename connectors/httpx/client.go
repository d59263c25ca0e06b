package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Config configures a Client for one connection.
type Config struct {
	// Connection names the connection in errors, observations and limiter
	// keys ("exact_prod").
	Connection string
	// BaseURL is where Request.Path is resolved ("https://start.exactonline.nl/api/v1/123456").
	// It must be https unless the host is loopback (emulators).
	BaseURL string

	// HTTPClient sends the requests; nil means a fresh client. Its Timeout
	// is ignored in favour of Timeout, which applies per attempt.
	HTTPClient *http.Client
	// Timeout bounds one attempt, from dialling to the last body byte.
	// Zero means 60 s.
	Timeout time.Duration
	// MaxResponseBytes bounds a response body. Zero means 64 MiB.
	MaxResponseBytes int64
	// Header is sent with every request (Accept, Prefer, X-Company).
	Header http.Header

	Auth Authorizer

	// Limits configures the limiter of each (Connection, scope); Limiters
	// shares them (nil: DefaultLimiters). Scope picks the scope of a
	// request whose Request.Scope is empty (nil: one scope).
	Limits   LimiterConfig
	Limiters *LimiterRegistry
	Scope    func(*Request) string

	Retry       RetryPolicy
	ErrorParser ErrorParser
	Observer    Observer
	Redactor    *Redactor
	Clock       Clock
}

// Client is an HTTP client for one connection of one system: it resolves
// paths against the base URL, authorises, waits for the rate limiter,
// retries what may be retried, parses error bodies and reports every
// exchange, redacted, to the Observer. Safe for concurrent use.
type Client struct {
	cfg   Config
	base  *url.URL
	hc    *http.Client
	red   *Redactor
	clock Clock
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Connection == "" {
		return nil, errors.New("httpx: Connection is required")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("connection %q: base URL %q is not an absolute URL", cfg.Connection, cfg.BaseURL)
	}
	if err := checkSecureURL(base); err != nil {
		return nil, fmt.Errorf("connection %q: %w", cfg.Connection, err)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxResponseBytes == 0 {
		cfg.MaxResponseBytes = 64 << 20
	}
	if cfg.Limiters == nil {
		cfg.Limiters = DefaultLimiters()
	}
	if cfg.ErrorParser == nil {
		cfg.ErrorParser = DefaultErrorParser
	}
	cfg.Clock = clockOrSystem(cfg.Clock)
	if cfg.Limits.Clock == nil {
		cfg.Limits.Clock = cfg.Clock
	}
	cfg.Retry = cfg.Retry.withDefaults()
	c := &Client{cfg: cfg, base: base, red: redactorOrDefault(cfg.Redactor), clock: cfg.Clock}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	cp := *hc
	cp.Timeout = 0
	cp.Transport = ObserveTransport(hc.Transport, cfg.Connection, cfg.Observer, c.red, c.clock)
	// Redirects could carry the Authorization header elsewhere; APIs we
	// talk to do not redirect, so a redirect is returned as it is.
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc = &cp
	return c, nil
}

// Connection returns the connection name.
func (c *Client) Connection() string { return c.cfg.Connection }

// Limiter returns the shared limiter of scope.
func (c *Client) Limiter(scope string) (*Limiter, error) {
	return c.cfg.Limiters.Get(LimiterKey(c.cfg.Connection, scope), c.cfg.Limits)
}

// Do sends r, retrying as the RetryPolicy and r's idempotency allow. It
// returns a *Response for 2xx/3xx, an *APIError for other statuses, an
// *UnknownOutcomeError for an unverifiable create, a *QuotaError when the
// rate limiter would wait too long, or a redacted transport error.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) {
	cp := *r // never change the caller's request
	r = &cp
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	u, err := c.resolve(r)
	if err != nil {
		return nil, err
	}
	scope := r.Scope
	if scope == "" && c.cfg.Scope != nil {
		scope = c.cfg.Scope(r)
	}
	lim, err := c.Limiter(scope)
	if err != nil {
		return nil, err
	}
	return c.withRetry(ctx, r, u, lim)
}

// resolve builds the URL of r and refuses one that would leak credentials.
func (c *Client) resolve(r *Request) (*url.URL, error) {
	var u *url.URL
	if r.URL != "" {
		p, err := url.Parse(r.URL)
		if err != nil || !p.IsAbs() {
			return nil, fmt.Errorf("connection %q: %q is not an absolute URL", c.cfg.Connection, c.red.URL(r.URL))
		}
		if !strings.EqualFold(p.Scheme, c.base.Scheme) || !strings.EqualFold(p.Host, c.base.Host) {
			return nil, fmt.Errorf("connection %q: %s: %w", c.cfg.Connection, c.red.URL(r.URL), ErrForeignHost)
		}
		u = p
	} else {
		ref, err := url.Parse(r.Path)
		if err != nil || ref.IsAbs() || ref.Host != "" {
			return nil, fmt.Errorf("connection %q: %q is not a relative path", c.cfg.Connection, c.red.URL(r.Path))
		}
		cp := *c.base
		cp.Path = strings.TrimRight(c.base.Path, "/") + "/" + strings.TrimLeft(ref.Path, "/")
		cp.RawPath = ""
		cp.RawQuery = ref.RawQuery
		u = &cp
	}
	if err := checkSecureURL(u); err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.cfg.Connection, err)
	}
	if len(r.Query) > 0 {
		q := u.Query()
		for k, vs := range r.Query {
			q[k] = append(q[k], vs...)
		}
		// Encode writes spaces as "+", which OData servers may not read
		// as a space in $filter; a literal "+" is always escaped as %2B,
		// so every remaining "+" is a space.
		u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	}
	return u, nil
}

// attempt sends r once. sent reports whether the request was written to
// the connection, which decides whether a failed POST may have taken
// effect.
func (c *Client) attempt(ctx context.Context, r *Request, u *url.URL, n int) (resp *http.Response, body []byte, sent bool, err error) {
	ctx, cancel := context.WithTimeout(withAttempt(ctx, n), c.cfg.Timeout)
	defer cancel()
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
	})
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bytes.NewReader(r.Body))
	if err != nil {
		return nil, nil, false, err
	}
	if len(r.Body) == 0 {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	}
	for k, vs := range c.cfg.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if len(r.Body) > 0 && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cfg.Auth != nil {
		if err := c.cfg.Auth.Authorize(ctx, req); err != nil {
			return nil, nil, false, &authError{err: err}
		}
	}
	resp, err = c.hc.Do(req)
	if err != nil {
		reportCall(c.cfg.Connection, u, 0)
		return nil, nil, wrote.Load(), err
	}
	reportCall(c.cfg.Connection, u, resp.StatusCode)
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxResponseBytes+1))
	if err == nil && int64(len(body)) > c.cfg.MaxResponseBytes {
		err = fmt.Errorf("response body exceeds %d bytes", c.cfg.MaxResponseBytes)
	}
	if err != nil {
		return nil, nil, true, err
	}
	return resp, body, true, nil
}

// authError marks a failure to obtain credentials: never retried here, the
// token source has its own rules.
type authError struct{ err error }

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

// apiError builds the error of a non-success response.
func (c *Client) apiError(r *Request, u *url.URL, resp *http.Response, body []byte, attempts int) *APIError {
	e := c.cfg.ErrorParser(resp.StatusCode, body)
	if e == nil {
		e = DefaultErrorParser(resp.StatusCode, body)
	}
	e.Status = resp.StatusCode
	e.Method = r.Method
	e.URL = c.red.URL(u.String())
	e.Code = c.red.String(e.Code)
	e.Message = c.red.String(e.Message)
	for i := range e.Details {
		e.Details[i].Message = c.red.String(e.Details[i].Message)
	}
	shown := body
	if len(shown) > 4<<10 {
		shown = shown[:4<<10]
	}
	e.Body = c.red.Body(shown, resp.Header.Get("Content-Type"))
	e.Attempts = attempts
	if ra, ok := RetryAfter(resp.Header, c.clock.Now()); ok {
		e.RetryAfter = ra
	}
	return e
}

// checkSecureURL allows https anywhere and plain http only to this
// machine, so that emulators work and credentials never cross a network
// in clear text.
func checkSecureURL(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if isLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%s: %w", u.Redacted(), ErrInsecureURL)
	}
	return fmt.Errorf("%s: unsupported scheme %q", u.Redacted(), u.Scheme)
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
