package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is an emulator behind httptest with a valid token.
type fixture struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	clock *fakeClock
	token string
	div   int
}

const testDivision = 123456

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil && opts.TimeScale == 0 {
		opts.Now = clock.Now
	}
	if opts.MinuteLimit == 0 {
		opts.MinuteLimit = -1 // most tests make more calls than Exact allows
	}
	if opts.DayLimit == 0 {
		opts.DayLimit = -1
	}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	client := DefaultClientID
	if len(opts.Clients) > 0 {
		client = opts.Clients[0].ID
	}
	tok, err := e.IssueTokens(client)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, e: e, srv: srv, clock: clock, token: tok.AccessToken, div: e.Divisions()[0]}
}

// url builds an absolute URL for a path under the division
// ("crm/Accounts") or an absolute path ("/api/v1/current/Me").
func (f *fixture) url(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	if strings.HasPrefix(path, "/") {
		return f.srv.URL + path
	}
	return fmt.Sprintf("%s/api/v1/%d/%s", f.srv.URL, f.div, path)
}

// do sends a JSON request with the fixture's token and decodes the answer
// (nil when the body is empty).
func (f *fixture) do(method, path string, body any) (*http.Response, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	// Escape spaces only, as a client building OData URLs by hand does.
	req, err := http.NewRequest(method, strings.ReplaceAll(f.url(path), " ", "%20"), rd)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return resp, nil
	}
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		f.t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, raw)
	}
	return resp, out
}

// mustDo is do with an expected status.
func (f *fixture) mustDo(want int, method, path string, body any) map[string]any {
	f.t.Helper()
	resp, out := f.do(method, path, body)
	if resp.StatusCode != want {
		f.t.Fatalf("%s %s: status %d, want %d; body %v", method, path, resp.StatusCode, want, out)
	}
	return out
}

// results returns d.results of a list answer.
func results(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	d, ok := body["d"].(map[string]any)
	if !ok {
		t.Fatalf("no d in %v", body)
	}
	arr, ok := d["results"].([]any)
	if !ok {
		t.Fatalf("no d.results in %v", body)
	}
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		out[i] = x.(map[string]any)
	}
	return out
}

// single returns d of a single-entity answer.
func single(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	d, ok := body["d"].(map[string]any)
	if !ok {
		t.Fatalf("no d in %v", body)
	}
	return d
}

// next returns d.__next, "" when absent.
func next(body map[string]any) string {
	d, _ := body["d"].(map[string]any)
	s, _ := d["__next"].(string)
	return s
}

// errMsg returns error.message.value of an OData error body.
func errMsg(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(map[string]any)
	s, _ := m["value"].(string)
	return s
}

// num renders a JSON number field for comparisons.
func num(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return fmt.Sprint(v)
}

// Default seed keys used across tests.
const (
	seedWarehouse = "0a000000-0000-4000-8000-000000000001"
	seedAccount1  = "0e000000-0000-4000-8000-000000000001"
	seedAccount2  = "0e000000-0000-4000-8000-000000000002"
	seedWidget    = "1a000000-0000-4000-8000-000000000001"
	seedGadget    = "1a000000-0000-4000-8000-000000000002"
	seedBook      = "1a000000-0000-4000-8000-000000000003"
	seedService   = "1a000000-0000-4000-8000-000000000004"
	seedGLRevenue = "0b000000-0000-4000-8000-000000008000"
	seedGLDebtors = "0b000000-0000-4000-8000-000000001300"
)

// rawRequest is a request with a chosen Accept header.
type rawRequest struct{ r *http.Request }

func newRequest(method, url, token, accept string) (*rawRequest, error) {
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		return nil, err
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept", accept)
	return &rawRequest{r}, nil
}

func (r *rawRequest) do() (int, error) {
	resp, err := http.DefaultClient.Do(r.r)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// renewToken gives the fixture a fresh access token (after the clock moved
// past the old one's 600 s).
func (f *fixture) renewToken() {
	f.t.Helper()
	tok, err := f.e.IssueTokens(DefaultClientID)
	if err != nil {
		f.t.Fatal(err)
	}
	f.token = tok.AccessToken
}

func newServer(t *testing.T, e *Emulator) *httptest.Server {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func containsBytes(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }
