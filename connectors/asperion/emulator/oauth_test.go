package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize runs the consent step and returns the code.
func authorize(t *testing.T, base, redirect string) string {
	t.Helper()
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {"xyz"}}
	resp, err := noRedirect.Get(base + api.Authorize + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Query().Get("state") != "xyz" || !strings.HasPrefix(loc.String(), redirect) {
		t.Fatalf("redirect %s", loc)
	}
	return loc.Query().Get("code")
}

type tokenReply struct {
	status int
	body   map[string]any
}

func postToken(t *testing.T, base string, form url.Values, basic bool) tokenReply {
	t.Helper()
	if !basic {
		// Asperion's known client sends its credentials in the form.
		form.Set("client_id", DefaultClientID)
		form.Set("client_secret", DefaultClientSecret)
	}
	req, _ := http.NewRequest(http.MethodPost, base+api.Token, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return tokenReply{resp.StatusCode, body}
}

var handleRx = regexp.MustCompile(`^[0-9A-F]{64}$`)

func TestCodeFlowAndRotation(t *testing.T) {
	f := newFixture(t, Options{})
	code := authorize(t, f.srv.URL, "http://localhost:8765/callback")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"http://localhost:8765/callback"}}
	tok := postToken(t, f.srv.URL, form, false)
	if tok.status != 200 || tok.body["token_type"] != "Bearer" || tok.body["expires_in"] != float64(3600) {
		t.Fatalf("code exchange: %d %v", tok.status, tok.body)
	}
	access, refresh := tok.body["access_token"].(string), tok.body["refresh_token"].(string)
	if !handleRx.MatchString(access) || !handleRx.MatchString(refresh) {
		t.Errorf("tokens do not look like handles: %q %q", access, refresh)
	}
	// The code is single use.
	if again := postToken(t, f.srv.URL, form, false); again.status != 400 || again.body["error"] != "invalid_grant" {
		t.Errorf("second exchange: %d %v", again.status, again.body)
	}
	f.token = access
	f.must(200, "GET", "/v1/articles", nil)

	// Refresh with HTTP Basic credentials: a new refresh token, and the
	// old one dies at once.
	ref := postToken(t, f.srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, true)
	if ref.status != 200 || ref.body["refresh_token"] == refresh || ref.body["refresh_token"] == nil {
		t.Fatalf("refresh: %d %v", ref.status, ref.body)
	}
	reuse := postToken(t, f.srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, false)
	if reuse.status != 400 || reuse.body["error"] != "invalid_grant" {
		t.Errorf("reused refresh token: %d %v", reuse.status, reuse.body)
	}
	next := postToken(t, f.srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {ref.body["refresh_token"].(string)}}, false)
	if next.status != 200 {
		t.Errorf("successor refresh token: %d %v", next.status, next.body)
	}
}

func TestTokenErrors(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+api.Token,
		strings.NewReader("grant_type=refresh_token&refresh_token=x&client_id="+DefaultClientID+"&client_secret=wrong"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 400 || body["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v, want IdentityServer's 400 invalid_client", resp.StatusCode, body)
	}
	// An expired code.
	code := authorize(t, f.srv.URL, "http://localhost/cb")
	f.clock.Advance(authCodeTTL + time.Second)
	tok := postToken(t, f.srv.URL, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"http://localhost/cb"}}, false)
	if tok.status != 400 || tok.body["error"] != "invalid_grant" {
		t.Errorf("expired code: %d %v", tok.status, tok.body)
	}
}

func TestBearerChecks(t *testing.T) {
	f := newFixture(t, Options{})
	tok, _ := f.e.IssueTokens(DefaultClientID)
	f.token = tok.AccessToken

	f.token = ""
	r := f.do("GET", "/v1/articles", nil)
	if r.status != 401 || r.header.Get("WWW-Authenticate") != "Bearer" || len(r.raw) != 0 {
		t.Errorf("no token: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	f.token = "NOT-A-TOKEN"
	if r := f.do("GET", "/v1/articles", nil); r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("unknown token: %d %v", r.status, r.header)
	}
	f.token = tok.AccessToken
	f.clock.Advance(time.Hour - time.Second)
	f.must(200, "GET", "/v1/articles", nil)
	f.clock.Advance(time.Second)
	r = f.do("GET", "/v1/articles", nil)
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "expired") {
		t.Errorf("expired token: %d %v", r.status, r.header)
	}
	// The refresh token outlives the access token, but not 30 days.
	ok := postToken(t, f.srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, false)
	if ok.status != 200 {
		t.Fatalf("refresh after an hour: %d %v", ok.status, ok.body)
	}
	f.clock.Advance(refreshTokenTTL + time.Second)
	late := postToken(t, f.srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {ok.body["refresh_token"].(string)}}, false)
	if late.status != 400 || late.body["error"] != "invalid_grant" {
		t.Errorf("refresh after 30 days: %d %v", late.status, late.body)
	}
	if _, err := f.e.IssueTokens("nobody"); err == nil {
		t.Error("IssueTokens accepted an unknown client")
	}
}
