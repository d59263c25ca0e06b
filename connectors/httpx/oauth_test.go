package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testClientID     = "client-id-1"
	testClientSecret = "cs-VERY-SECRET-42"
)

// tokenServer is a token endpoint that rotates refresh tokens the way
// Exact and Visma do: each refresh issues a new pair and kills the old
// refresh token.
type tokenServer struct {
	t         *testing.T
	mu        sync.Mutex
	live      map[string]bool
	issued    int
	refreshes int
	expiresIn string // JSON literal: `"600"` (Exact) or `600`
	form      bool   // answer form-encoded
	style     oauth2.AuthStyle
	delay     time.Duration
	fail      func(w http.ResponseWriter, r *http.Request) bool
}

func newTokenServer(t *testing.T) (*tokenServer, *httptest.Server) {
	ts := &tokenServer{t: t, live: map[string]bool{"rt-0": true}, expiresIn: `"600"`, style: oauth2.AuthStyleInParams}
	srv := httptest.NewServer(ts)
	t.Cleanup(srv.Close)
	return ts, srv
}

func (ts *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", 400)
		return
	}
	if ts.fail != nil && ts.fail(w, r) {
		return
	}
	id, secret, basic := r.BasicAuth()
	switch ts.style {
	case oauth2.AuthStyleInHeader:
		if !basic || id != testClientID || secret != testClientSecret || r.PostForm.Get("client_secret") != "" {
			writeJSON(w, 401, `{"error":"invalid_client","error_description":"expected basic auth"}`)
			return
		}
	case oauth2.AuthStyleInParams:
		if basic || r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
			writeJSON(w, 401, `{"error":"invalid_client","error_description":"expected form credentials"}`)
			return
		}
	}
	if ts.delay > 0 {
		time.Sleep(ts.delay)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	switch r.PostForm.Get("grant_type") {
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		if !ts.live[rt] {
			writeJSON(w, 400, `{"error":"invalid_grant","error_description":"old refresh token used"}`)
			return
		}
		delete(ts.live, rt)
		ts.refreshes++
	case "authorization_code":
		if r.PostForm.Get("code") != "good-code" {
			writeJSON(w, 400, `{"error":"invalid_grant","error_description":"code expired"}`)
			return
		}
	default:
		http.Error(w, "grant?", 400)
		return
	}
	ts.issued++
	at, rt := fmt.Sprintf("at-%d", ts.issued), fmt.Sprintf("rt-%d", ts.issued)
	ts.live[rt] = true
	if ts.form {
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		fmt.Fprintf(w, "access_token=%s&token_type=bearer&expires_in=3600&refresh_token=%s", at, rt)
		return
	}
	writeJSON(w, 200, fmt.Sprintf(`{"access_token":%q,"token_type":"bearer","expires_in":%s,"refresh_token":%q}`, at, ts.expiresIn, rt))
}

func (ts *tokenServer) count() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.refreshes
}

// seedStore holds at-0/rt-0, issued at t0 for 600 s.
func seedStore() *MemoryStore {
	s := NewMemoryStore()
	_ = s.Save("exact", &oauth2.Token{AccessToken: "at-0", TokenType: "bearer", RefreshToken: "rt-0", Expiry: t0.Add(600 * time.Second), ExpiresIn: 600})
	return s
}

func newTestOAuth(t *testing.T, env *testEnv, srv *httptest.Server, store CredentialStore, edit func(*OAuthConfig)) *OAuth {
	t.Helper()
	cfg := OAuthConfig{
		Connection:   "exact",
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		AuthURL:      srv.URL + "/auth",
		TokenURL:     srv.URL + "/token",
		RedirectURL:  "http://127.0.0.1:8085/callback",
		AuthStyle:    oauth2.AuthStyleInParams,
		Store:        store,
		HTTPClient:   srv.Client(),
		Observer:     env.seen.observe,
		Redactor:     env.red,
		Clock:        env.clock,
	}
	if edit != nil {
		edit(&cfg)
	}
	o, err := NewOAuth(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOAuthReusesTokenUntilDueThenRefreshesAndPersists(t *testing.T) {
	env := newEnv()
	ts, srv := newTokenServer(t)
	store := seedStore()
	o := newTestOAuth(t, env, srv, store, nil)
	ctx := context.Background()

	env.clock.Advance(500 * time.Second)
	tok, err := o.Token(ctx)
	if err != nil || tok.AccessToken != "at-0" {
		t.Fatalf("at 500 s: %v %v; want at-0 reused", tok, err)
	}
	env.clock.Advance(75 * time.Second) // 575 s: inside the 30 s margin
	tok, err = o.Token(ctx)
	if err != nil || tok.AccessToken != "at-1" {
		t.Fatalf("at 575 s: %v %v; want refreshed at-1", tok, err)
	}
	// Exact sends expires_in as a string; expiry must follow our clock.
	if want := env.clock.Now().Add(600 * time.Second); !tok.Expiry.Equal(want) || tok.ExpiresIn != 600 {
		t.Errorf("expiry %v (in %d), want %v (600)", tok.Expiry, tok.ExpiresIn, want)
	}
	saved, _ := store.Load("exact")
	if saved.RefreshToken != "rt-1" || saved.AccessToken != "at-1" {
		t.Errorf("store holds %+v, want the rotated pair", saved)
	}
	if tok, _ := o.Token(ctx); tok.AccessToken != "at-1" || ts.count() != 1 || o.Refreshes() != 1 {
		t.Errorf("second call refreshed again: %v, server refreshes %d", tok.AccessToken, ts.count())
	}
}

// The crash test: the API server, on first sight of the new access token,
// checks the credentials file. Then the process "dies" (the OAuth value is
// dropped) and a new one starts from the file alone; it must be able to
// refresh, i.e. the file holds the live refresh token.
func TestOAuthRotationIsPersistedBeforeUse(t *testing.T) {
	env := newEnv()
	ts, tokSrv := newTokenServer(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	fstore, _ := NewFileStore(path)
	if err := fstore.Save("exact", &oauth2.Token{AccessToken: "at-0", RefreshToken: "rt-0", Expiry: t0.Add(600 * time.Second), ExpiresIn: 600}); err != nil {
		t.Fatal(err)
	}
	var checked bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer at-1" {
			onDisk, err := fstore.Load("exact")
			if err != nil || onDisk.RefreshToken != "rt-1" {
				t.Errorf("new access token used while the file holds %+v (%v)", onDisk, err)
			}
			checked = true
		}
		writeJSON(w, 200, `{}`)
	}))
	defer api.Close()

	o := newTestOAuth(t, env, tokSrv, fstore, nil)
	c := env.client(t, api, func(cfg *Config) { cfg.Auth = o })
	env.clock.Advance(590 * time.Second)
	if _, err := c.Do(context.Background(), &Request{Path: "/me"}); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("the API never saw the refreshed token")
	}

	// Crash and restart: a new source knows only the file.
	env.clock.Advance(600 * time.Second)
	fresh, _ := NewFileStore(path)
	o2 := newTestOAuth(t, env, tokSrv, fresh, nil)
	tok, err := o2.Token(context.Background())
	if err != nil || tok.AccessToken != "at-2" {
		t.Fatalf("after restart: %v, %v; want a refresh with rt-1 giving at-2", tok, err)
	}
	if ts.count() != 2 {
		t.Errorf("server refreshes %d, want 2", ts.count())
	}
}

type flakyStore struct {
	*MemoryStore
	failures int
}

func (s *flakyStore) Save(conn string, tok *oauth2.Token) error {
	if s.failures > 0 {
		s.failures--
		return errors.New("disk full")
	}
	return s.MemoryStore.Save(conn, tok)
}

func TestOAuthDoesNotHandOutUnsavedToken(t *testing.T) {
	env := newEnv()
	ts, srv := newTokenServer(t)
	store := &flakyStore{MemoryStore: seedStore(), failures: 1}
	o := newTestOAuth(t, env, srv, store, nil)
	env.clock.Advance(590 * time.Second)
	tok, err := o.Token(context.Background())
	if err == nil || tok != nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, %v; want no token and the save error", tok, err)
	}
	// The next call saves the held token first and uses it without a
	// second refresh (rt-0 is dead, only rt-1 works).
	tok, err = o.Token(context.Background())
	if err != nil || tok.AccessToken != "at-1" || ts.count() != 1 {
		t.Fatalf("got %v, %v, refreshes %d; want at-1 from the pending save", tok, err, ts.count())
	}
	if saved, _ := store.Load("exact"); saved.RefreshToken != "rt-1" {
		t.Errorf("store holds %q", saved.RefreshToken)
	}
}

func TestOAuthMinimumAge(t *testing.T) {
	env := newEnv()
	ts, srv := newTokenServer(t)
	o := newTestOAuth(t, env, srv, seedStore(), func(c *OAuthConfig) {
		c.EarlyRefresh = 90 * time.Second // due at 510 s
		c.MinAge = 570 * time.Second
	})
	env.clock.Advance(540 * time.Second)
	tok, err := o.Token(context.Background())
	if err != nil || tok.AccessToken != "at-0" || ts.count() != 0 {
		t.Fatalf("at 540 s: %v %v, refreshes %d; want at-0 kept (too young to refresh)", tok, err, ts.count())
	}
	env.clock.Advance(31 * time.Second) // 571 s
	tok, err = o.Token(context.Background())
	if err != nil || tok.AccessToken != "at-1" || ts.count() != 1 {
		t.Fatalf("at 571 s: %v %v; want a refresh", tok, err)
	}
}

func TestOAuthMinimumAgeLongerThanLifetimeIsAnError(t *testing.T) {
	env := newEnv()
	_, srv := newTokenServer(t)
	store := NewMemoryStore()
	_ = store.Save("exact", &oauth2.Token{AccessToken: "at-0", RefreshToken: "rt-0", Expiry: t0.Add(100 * time.Second), ExpiresIn: 100})
	o := newTestOAuth(t, env, srv, store, func(c *OAuthConfig) { c.MinAge = 570 * time.Second })
	env.clock.Advance(101 * time.Second)
	if _, err := o.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "MinAge") {
		t.Fatalf("got %v; want an error about the minimum age", err)
	}
}

func TestOAuthConcurrentCallersShareOneRefresh(t *testing.T) {
	env := newEnv()
	ts, srv := newTokenServer(t)
	ts.delay = 20 * time.Millisecond
	o := newTestOAuth(t, env, srv, seedStore(), nil)
	env.clock.Advance(700 * time.Second)
	var wg sync.WaitGroup
	got := make([]string, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := o.Token(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = tok.AccessToken
		}()
	}
	wg.Wait()
	if ts.count() != 1 {
		t.Errorf("server saw %d refreshes, want 1", ts.count())
	}
	for i, g := range got {
		if g != "at-1" {
			t.Errorf("caller %d got %q", i, g)
		}
	}
}

func TestOAuthAdoptsTokenRotatedByAnotherProcess(t *testing.T) {
	env := newEnv()
	ts, srv := newTokenServer(t)
	store := seedStore()
	o := newTestOAuth(t, env, srv, store, nil)
	if _, err := o.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(590 * time.Second)
	// Another process refreshed meanwhile and saved its pair.
	_ = store.Save("exact", &oauth2.Token{AccessToken: "at-other", RefreshToken: "rt-other", Expiry: env.clock.Now().Add(580 * time.Second), ExpiresIn: 600})
	tok, err := o.Token(context.Background())
	if err != nil || tok.AccessToken != "at-other" || ts.count() != 0 {
		t.Fatalf("got %v %v, refreshes %d; want the other process's token without a refresh", tok, err, ts.count())
	}
}

func TestOAuthAuthStylesAndFormResponses(t *testing.T) {
	for name, tc := range map[string]struct {
		style oauth2.AuthStyle
		form  bool
		life  time.Duration
	}{
		"params, json, numeric expires_in": {oauth2.AuthStyleInParams, false, 600 * time.Second},
		"basic header (Visma), form body":  {oauth2.AuthStyleInHeader, true, 3600 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			env := newEnv()
			ts, srv := newTokenServer(t)
			ts.style, ts.form, ts.expiresIn = tc.style, tc.form, "600"
			o := newTestOAuth(t, env, srv, seedStore(), func(c *OAuthConfig) { c.AuthStyle = tc.style })
			env.clock.Advance(time.Hour)
			tok, err := o.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken != "at-1" || !tok.Expiry.Equal(env.clock.Now().Add(tc.life)) {
				t.Errorf("got %q expiring %v, want at-1 expiring in %s", tok.AccessToken, tok.Expiry.Sub(env.clock.Now()), tc.life)
			}
		})
	}
}

func TestOAuthWithoutCredentials(t *testing.T) {
	env := newEnv()
	_, srv := newTokenServer(t)
	o := newTestOAuth(t, env, srv, NewMemoryStore(), nil)
	_, err := o.Token(context.Background())
	if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "pipeline auth exact") {
		t.Fatalf("got %v", err)
	}
}
