package httpx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestClientRefusesPlainHTTPExceptLoopback(t *testing.T) {
	for base, ok := range map[string]bool{
		"https://start.exactonline.nl/api/v1/1": true,
		"http://127.0.0.1:9000/api":             true,
		"http://127.1.2.3/api":                  true,
		"http://localhost:8080":                 true,
		"http://[::1]:8080":                     true,
		"http://start.exactonline.nl/api":       false,
		"http://10.0.0.5/api":                   false,
		"ftp://127.0.0.1/":                      false,
		"/relative":                             false,
	} {
		_, err := New(Config{Connection: "c", BaseURL: base})
		if ok != (err == nil) {
			t.Errorf("%s: err = %v", base, err)
		}
		if !ok && strings.HasPrefix(base, "http://") && !errors.Is(err, ErrInsecureURL) {
			t.Errorf("%s: %v does not wrap ErrInsecureURL", base, err)
		}
	}
	if _, err := NewOAuth(OAuthConfig{Connection: "c", ClientID: "id", TokenURL: "http://idp.example/token", Store: NewMemoryStore()}); !errors.Is(err, ErrInsecureURL) {
		t.Errorf("plain-http token URL: %v", err)
	}
}

func TestClientRefusesLinksToOtherHosts(t *testing.T) {
	env := newEnv()
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++; writeJSON(w, 200, `{}`) }))
	defer srv.Close()
	c := env.client(t, srv, func(c *Config) {
		c.Auth = AuthorizerFunc(func(_ context.Context, r *http.Request) error { r.Header.Set("Authorization", "Bearer x"); return nil })
	})
	for _, u := range []string{"https://evil.example/api/x", "http://localhost:1/api/x"} {
		_, err := c.Do(context.Background(), &Request{URL: u})
		if !errors.Is(err, ErrForeignHost) {
			t.Errorf("%s: %v", u, err)
		}
	}
	if _, err := c.Do(context.Background(), &Request{URL: srv.URL + "/api/x?$skiptoken=1"}); err != nil {
		t.Errorf("same-host link: %v", err)
	}
	if hits != 1 {
		t.Errorf("server hits %d, want 1", hits)
	}
}

func TestClientBuildsURLsAndHeaders(t *testing.T) {
	env := newEnv()
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c := env.client(t, srv, func(c *Config) { c.Header = http.Header{"X-Company": {"42"}} })
	_, err := c.Do(context.Background(), &Request{
		Path:   "/crm/Accounts?$select=ID",
		Query:  url.Values{"$filter": {"Name eq 'A+B & co'"}},
		Header: http.Header{"Prefer": {"return=representation"}},
		Body:   []byte(`{}`),
		Method: http.MethodPost,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/api/crm/Accounts" {
		t.Errorf("path %s", got.URL.Path)
	}
	if strings.Contains(got.URL.RawQuery, "+") {
		t.Errorf("query %q encodes a space as '+'", got.URL.RawQuery)
	}
	q := got.URL.Query()
	if q.Get("$filter") != "Name eq 'A+B & co'" || q.Get("$select") != "ID" {
		t.Errorf("query decoded to %v", q)
	}
	if got.Header.Get("X-Company") != "42" || got.Header.Get("Prefer") != "return=representation" ||
		got.Header.Get("Accept") != "application/json" || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", got.Header)
	}
}

func TestClientObservesRedactedExchanges(t *testing.T) {
	env := newEnv()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"1","api_token":"srv-tok-123456","Code":"C-7"}`)
	}))
	defer srv.Close()
	st, _ := NewStaticToken("pat-abcdef-123", env.red)
	c := env.client(t, srv, func(c *Config) { c.Auth = st })
	if _, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: []byte(`{"password":"hunter22","Name":"n"}`), Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	if len(env.seen.all) != 1 {
		t.Fatalf("%d exchanges observed, want 1", len(env.seen.all))
	}
	x := env.seen.all[0]
	if x.Connection != "test_conn" || x.Method != "POST" || x.Status != 200 || x.Attempt != 1 || !strings.HasSuffix(x.URL, "/api/x") {
		t.Errorf("exchange %+v", x)
	}
	all := env.seen.text(t)
	for _, s := range []string{"pat-abcdef-123", "hunter22", "srv-tok-123456"} {
		if strings.Contains(all, s) {
			t.Errorf("%q observed", s)
		}
	}
	if !strings.Contains(string(x.ResponseBody), "C-7") || !strings.Contains(string(x.RequestBody), `"Name":"n"`) {
		t.Errorf("ordinary fields lost: %s / %s", x.RequestBody, x.ResponseBody)
	}
}

func TestClientBoundsResponseSize(t *testing.T) {
	env := newEnv()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"d":"`+strings.Repeat("x", 200)+`"}`)
	}))
	defer srv.Close()
	c := env.client(t, srv, func(c *Config) { c.MaxResponseBytes = 100; c.Retry.MaxAttempts = 1 })
	if _, err := c.Do(context.Background(), &Request{Path: "x"}); err == nil || !strings.Contains(err.Error(), "exceeds 100 bytes") {
		t.Fatalf("got %v", err)
	}
}

// Visma limits per endpoint: requests to different endpoints use
// different limiters, requests to one endpoint share one.
func TestClientScopesLimitersPerRequest(t *testing.T) {
	env := newEnv()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) }))
	defer srv.Close()
	c := env.client(t, srv, func(c *Config) {
		c.Limits.Limits = []Limit{{Requests: 2, Per: time.Minute, Burst: 1}}
		c.Scope = func(r *Request) string { return strings.SplitN(strings.TrimLeft(r.Path, "/"), "/", 2)[0] }
	})
	ctx := context.Background()
	for _, p := range []string{"customers", "articles/1", "orders"} {
		if _, err := c.Do(ctx, &Request{Path: p}); err != nil {
			t.Fatal(err)
		}
	}
	if env.clock.Slept() != 0 {
		t.Fatalf("different endpoints waited %s", env.clock.Slept())
	}
	if _, err := c.Do(ctx, &Request{Path: "articles/2"}); err != nil {
		t.Fatal(err)
	}
	if env.clock.Slept() == 0 {
		t.Error("second call to one endpoint did not wait")
	}
}
