package emukit

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	testClient = "app"
	testSecret = "s3cret"
)

// oauthFixture serves an OAuth server at /auth and /token and checks
// bearer tokens at /api, on a manual clock.
type oauthFixture struct {
	o     *OAuth
	clock *ManualClock
	srv   *httptest.Server
}

func newOAuthFixture(t *testing.T, cfg OAuthConfig) *oauthFixture {
	t.Helper()
	f := &oauthFixture{clock: NewManualClock(t0)}
	if cfg.Clients == nil {
		cfg.Clients = []Client{{ID: testClient, Secret: testSecret}}
	}
	cfg.Now = f.clock.Now
	f.o = NewOAuth(cfg)
	mux := http.NewServeMux()
	mux.HandleFunc("/auth", f.o.ServeAuthorize)
	mux.HandleFunc("/token", f.o.ServeToken)
	mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
		g, err := f.o.Authenticate(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		WriteJSON(w, http.StatusOK, g)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// noRedirect stops at the consent page's redirect so the code can be read.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// authorize visits the consent page and returns the redirect's query (nil
// when there was no redirect) and the status.
func (f *oauthFixture) authorize(t *testing.T, q url.Values) (url.Values, int) {
	t.Helper()
	resp, err := noRedirect.Get(f.srv.URL + "/auth?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, resp.StatusCode
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query(), resp.StatusCode
}

func (f *oauthFixture) code(t *testing.T, redirect, scope string) string {
	t.Helper()
	back, _ := f.authorize(t, url.Values{"client_id": {testClient}, "redirect_uri": {redirect},
		"response_type": {"code"}, "scope": {scope}})
	if back.Get("code") == "" {
		t.Fatalf("no code: %v", back)
	}
	return back.Get("code")
}

type tokenReply struct {
	status int
	header http.Header
	body   map[string]any
}

func (f *oauthFixture) post(t *testing.T, form url.Values) tokenReply {
	t.Helper()
	resp, err := http.PostForm(f.srv.URL+"/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return tokenReply{resp.StatusCode, resp.Header, body}
}

func codeForm(code, redirect string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {testClient}, "client_secret": {testSecret}}
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {testClient}, "client_secret": {testSecret}}
}

// api calls /api with token and returns the status.
func (f *oauthFixture) api(t *testing.T, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+"/api", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOAuthCodeFlow(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{AccessTTL: 10 * time.Minute})
	const redirect = "http://localhost:9999/cb"
	back, _ := f.authorize(t, url.Values{"client_id": {testClient}, "redirect_uri": {redirect},
		"response_type": {"code"}, "state": {"xyz"}})
	if back.Get("state") != "xyz" || back.Get("code") == "" {
		t.Fatalf("redirect query %v", back)
	}
	tok := f.post(t, codeForm(back.Get("code"), redirect))
	if tok.status != 200 || tok.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("exchange: %d %v %v", tok.status, tok.header, tok.body)
	}
	if tok.body["expires_in"] != 600.0 || tok.body["token_type"] != "bearer" || tok.body["refresh_token"] == nil || tok.body["scope"] != nil {
		t.Errorf("token body %v", tok.body)
	}
	if got := f.api(t, tok.body["access_token"].(string)); got != 200 {
		t.Errorf("API call with the new token: %d", got)
	}
	if again := f.post(t, codeForm(back.Get("code"), redirect)); again.status != 400 || again.body["error"] != "invalid_grant" {
		t.Errorf("second use of a code: %d %v", again.status, again.body)
	}
}

func TestOAuthTokenErrors(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{CodeTTL: 3 * time.Minute})
	const redirect = "https://app.example/cb"
	tests := map[string]struct {
		form   func() url.Values
		status int
		code   string
	}{
		"code expired": {func() url.Values {
			c := f.code(t, redirect, "")
			f.clock.Advance(3*time.Minute + time.Second)
			return codeForm(c, redirect)
		}, 400, "invalid_grant"},
		"redirect_uri differs": {func() url.Values {
			return codeForm(f.code(t, redirect, ""), "https://evil.example/cb")
		}, 400, "invalid_grant"},
		"wrong secret": {func() url.Values {
			form := codeForm(f.code(t, redirect, ""), redirect)
			form.Set("client_secret", "nope")
			return form
		}, 401, "invalid_client"},
		"unknown grant type": {func() url.Values {
			return url.Values{"grant_type": {"client_credentials"}, "client_id": {testClient}, "client_secret": {testSecret}}
		}, 400, "unsupported_grant_type"},
		"unknown refresh token": {func() url.Values { return refreshForm("nope") }, 400, "invalid_grant"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := f.post(t, tc.form())
			if got.status != tc.status || got.body["error"] != tc.code || got.body["error_description"] == "" {
				t.Errorf("got %d %v, want %d %s", got.status, got.body, tc.status, tc.code)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		resp, err := http.Get(f.srv.URL + "/token")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 {
			t.Errorf("status %d, want 405", resp.StatusCode)
		}
	})
	t.Run("HTTP Basic client credentials", func(t *testing.T) {
		form := codeForm(f.code(t, redirect, ""), redirect)
		form.Del("client_id")
		form.Del("client_secret")
		req, _ := http.NewRequest("POST", f.srv.URL+"/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(testClient, testSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("status %d, want 200", resp.StatusCode)
		}
	})
}

func TestOAuthAuthorizeErrors(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{
		Clients: []Client{{ID: testClient, Secret: testSecret, RedirectURIs: []string{"https://app.example/cb"}}},
		Scopes:  []string{"read", "write"},
	})
	q := func(client, redirect, responseType, scope string) url.Values {
		return url.Values{"client_id": {client}, "redirect_uri": {redirect}, "response_type": {responseType}, "scope": {scope}}
	}
	if _, status := f.authorize(t, q("nobody", "https://app.example/cb", "code", "")); status != 400 {
		t.Errorf("unknown client: %d", status)
	}
	if _, status := f.authorize(t, q(testClient, "https://other.example/cb", "code", "")); status != 400 {
		t.Errorf("unregistered redirect: %d", status)
	}
	if back, _ := f.authorize(t, q(testClient, "https://app.example/cb", "token", "")); back.Get("error") != "unsupported_response_type" {
		t.Errorf("implicit flow: %v", back)
	}
	if back, _ := f.authorize(t, q(testClient, "https://app.example/cb", "code", "read admin")); back.Get("error") != "invalid_scope" || back.Get("code") != "" {
		t.Errorf("unknown scope: %v", back)
	}
	g := newOAuthFixture(t, OAuthConfig{})
	if _, status := g.authorize(t, q(testClient, "/relative", "code", "")); status != 400 {
		t.Errorf("relative redirect: %d", status)
	}
}

func TestAuthenticate(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{AccessTTL: 600 * time.Second,
		StaticTokens: []StaticToken{{Token: "pat-1", Client: "private-app", Scopes: []string{"crm.objects.contacts.read"}}}})
	tok, err := f.o.Issue(testClient, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.o.Issue("nobody", nil); !errors.Is(err, ErrUnknownClient) {
		t.Errorf("Issue for an unknown client: %v", err)
	}
	req := func(h string) *http.Request {
		r := httptest.NewRequest("GET", "/api", nil)
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		return r
	}
	f.clock.Advance(599 * time.Second)
	if g, err := f.o.Authenticate(req("Bearer " + tok.AccessToken)); err != nil || g.Client != testClient || !g.Expires.Equal(t0.Add(600*time.Second)) {
		t.Errorf("valid token: %+v %v", g, err)
	}
	if _, err := f.o.Authenticate(req("bearer " + tok.AccessToken)); err != nil {
		t.Errorf("lower-case scheme: %v", err)
	}
	g, err := f.o.Authenticate(req("Bearer pat-1"))
	if err != nil || g.Client != "private-app" || !g.HasScope("crm.objects.contacts.write", "crm.objects.contacts.read") || g.HasScope("crm.objects.contacts.write") {
		t.Errorf("static token: %+v %v", g, err)
	}
	f.clock.Advance(time.Second)
	errs := map[string]error{
		"Bearer " + tok.AccessToken: ErrTokenExpired,
		"Bearer nope":               ErrUnknownToken,
		"":                          ErrNoToken,
		"Basic YTpi":                ErrNoToken,
		"Bearer ":                   ErrNoToken,
	}
	for h, want := range errs {
		if _, err := f.o.Authenticate(req(h)); !errors.Is(err, want) {
			t.Errorf("Authorization %q: %v, want %v", h, err, want)
		}
	}
	if _, err := f.o.Authenticate(req("Bearer pat-1")); err != nil {
		t.Errorf("static tokens do not expire: %v", err)
	}
}
