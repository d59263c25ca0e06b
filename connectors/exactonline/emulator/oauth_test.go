package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// noRedirect stops at the consent page's redirect so the code can be read.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

func authorize(t *testing.T, f *fixture, redirect, state string) (string, *http.Response) {
	t.Helper()
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {state}}
	resp, err := noRedirect.Get(f.srv.URL + "/api/oauth2/auth?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", resp
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Query().Get("state"); got != state {
		t.Errorf("state = %q, want %q", got, state)
	}
	return loc.Query().Get("code"), resp
}

type tokenAnswer struct {
	status int
	body   map[string]any
}

func postToken(t *testing.T, f *fixture, form url.Values) tokenAnswer {
	t.Helper()
	resp, err := http.PostForm(f.srv.URL+"/api/oauth2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return tokenAnswer{resp.StatusCode, body}
}

func codeForm(code, redirect string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
}

func TestOAuthCodeFlow(t *testing.T) {
	f := newFixture(t, Options{})
	const redirect = "http://localhost:9999/callback"
	code, _ := authorize(t, f, redirect, "xyz")
	if !strings.ContainsAny(code, "!.") {
		t.Errorf("code %q should carry Exact's '!' and '.' to exercise URL encoding", code)
	}
	tok := postToken(t, f, codeForm(code, redirect))
	if tok.status != 200 {
		t.Fatalf("token exchange: %d %v", tok.status, tok.body)
	}
	if tok.body["expires_in"] != "600" {
		t.Errorf("expires_in = %#v, want the string \"600\"", tok.body["expires_in"])
	}
	if tok.body["token_type"] != "bearer" || tok.body["refresh_token"] == "" {
		t.Errorf("token body %v", tok.body)
	}
	f.token = tok.body["access_token"].(string)
	me := results(t, f.mustDo(200, "GET", "/api/v1/current/Me", nil))
	if num(me[0]["CurrentDivision"]) != "123456" {
		t.Errorf("CurrentDivision = %v", me[0]["CurrentDivision"])
	}

	// A code is single-use.
	if again := postToken(t, f, codeForm(code, redirect)); again.status != 400 || again.body["error"] != "invalid_grant" {
		t.Errorf("second use of a code: %d %v", again.status, again.body)
	}
}

func TestOAuthCodeErrors(t *testing.T) {
	f := newFixture(t, Options{})
	const redirect = "https://app.example/cb"
	tests := map[string]struct {
		prepare func() url.Values
		status  int
		err     string
	}{
		"expired after three minutes": {func() url.Values {
			code, _ := authorize(t, f, redirect, "s")
			f.clock.Advance(3*time.Minute + time.Second)
			return codeForm(code, redirect)
		}, 400, "invalid_grant"},
		"redirect_uri differs": {func() url.Values {
			code, _ := authorize(t, f, redirect, "s")
			return codeForm(code, "https://evil.example/cb")
		}, 400, "invalid_grant"},
		"wrong secret": {func() url.Values {
			code, _ := authorize(t, f, redirect, "s")
			form := codeForm(code, redirect)
			form.Set("client_secret", "nope")
			return form
		}, 401, "invalid_client"},
		"unknown grant type": {func() url.Values {
			return url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
		}, 400, "unsupported_grant_type"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := postToken(t, f, tc.prepare())
			if got.status != tc.status || got.body["error"] != tc.err {
				t.Errorf("got %d %v, want %d %s", got.status, got.body, tc.status, tc.err)
			}
		})
	}

	t.Run("unknown client on the consent page", func(t *testing.T) {
		resp, err := noRedirect.Get(f.srv.URL + "/api/oauth2/auth?client_id=nobody&redirect_uri=https://a.example/&response_type=code")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
	t.Run("registered redirect URIs are enforced", func(t *testing.T) {
		g := newFixture(t, Options{Clients: []Client{{ID: DefaultClientID, Secret: DefaultClientSecret, RedirectURIs: []string{redirect}}}})
		if _, resp := authorize(t, g, "https://other.example/cb", "s"); resp.StatusCode != 400 {
			t.Errorf("unregistered redirect: status %d, want 400", resp.StatusCode)
		}
		if code, _ := authorize(t, g, redirect, "s"); code == "" {
			t.Error("registered redirect got no code")
		}
	})
}

func TestRefreshRotation(t *testing.T) {
	f := newFixture(t, Options{})
	first, err := f.e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	r2 := postToken(t, f, refreshForm(first.RefreshToken))
	if r2.status != 200 || r2.body["refresh_token"] == first.RefreshToken {
		t.Fatalf("refresh: %d %v (a new refresh token is required)", r2.status, r2.body)
	}
	// The old token stays valid until its successor is used...
	if again := postToken(t, f, refreshForm(first.RefreshToken)); again.status != 200 {
		t.Fatalf("old token before its successor was used: %d %v", again.status, again.body)
	}
	r3 := postToken(t, f, refreshForm(r2.body["refresh_token"].(string)))
	if r3.status != 200 {
		t.Fatalf("successor refresh: %d %v", r3.status, r3.body)
	}
	// ...and dies once it was.
	dead := postToken(t, f, refreshForm(first.RefreshToken))
	if dead.status != 400 || dead.body["error_description"] != "Old refresh token used." {
		t.Errorf("old token after successor use: %d %v", dead.status, dead.body)
	}
	// Earlier access tokens live out their 600 seconds.
	f.token = first.AccessToken
	f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
}

func TestAccessTokenExpiry(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(599 * time.Second)
	f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
	f.clock.Advance(time.Second)
	resp, body := f.do("GET", "crm/Accounts?$top=1", nil)
	if resp.StatusCode != 401 || !strings.Contains(errMsg(body), "expired") {
		t.Errorf("expired token: %d %v", resp.StatusCode, body)
	}
	if resp.Header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	f.token = "stampNL001.bogus"
	if resp, body := f.do("GET", "crm/Accounts", nil); resp.StatusCode != 401 || errMsg(body) == "" {
		t.Errorf("unknown token: %d %v", resp.StatusCode, body)
	}
}

func TestStrictRefresh(t *testing.T) {
	f := newFixture(t, Options{StrictRefresh: true})
	tok, _ := f.e.IssueTokens(DefaultClientID)
	if early := postToken(t, f, refreshForm(tok.RefreshToken)); early.status != 400 || early.body["error"] != "invalid_request" {
		t.Errorf("refresh at 0 s: %d %v", early.status, early.body)
	}
	f.clock.Advance(569 * time.Second)
	if early := postToken(t, f, refreshForm(tok.RefreshToken)); early.status != 400 {
		t.Errorf("refresh at 569 s: %d %v", early.status, early.body)
	}
	f.clock.Advance(time.Second)
	if ok := postToken(t, f, refreshForm(tok.RefreshToken)); ok.status != 200 {
		t.Errorf("refresh at 570 s: %d %v", ok.status, ok.body)
	}
}

func TestDivisionAccess(t *testing.T) {
	f := newFixture(t, Options{})
	f.div = 999
	if resp, body := f.do("GET", "crm/Accounts", nil); resp.StatusCode != 403 || errMsg(body) == "" {
		t.Errorf("unknown division: %d %v", resp.StatusCode, body)
	}
}
