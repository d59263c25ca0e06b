package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// tokenCall posts a form to /api/v3/token.
func (f *fixture) tokenCall(form url.Values) (int, map[string]any) {
	f.t.Helper()
	resp, err := http.PostForm(f.srv.URL+"/api/v3/token", form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestAuthorizationCodeFlow(t *testing.T) {
	f := newFixture(t, Options{})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	redirect := "http://127.0.0.1:9999/callback"
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {"xyz"}}
	resp, err := noRedirect.Get(f.srv.URL + "/api/v3/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("state") != "xyz" {
		t.Fatalf("authorize: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	code := loc.Query().Get("code")
	status, body := f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
	if status != http.StatusOK || body["access_token"] == nil || body["refresh_token"] == nil {
		t.Fatalf("token: %d %v", status, body)
	}
	if body["expires_in"].(float64) != 3600 {
		t.Errorf("expires_in %v, want 3600", body["expires_in"])
	}
	f.token = body["access_token"].(string)
	if r := f.get("AR1"); r.status != http.StatusOK {
		t.Fatalf("call with the new token: %d %s", r.status, r.raw)
	}

	// The code is single use.
	status, _ = f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
	if status != http.StatusBadRequest {
		t.Errorf("second use of a code: %d, want 400", status)
	}

	// A refresh returns a new refresh token and retires the old one at once.
	old := body["refresh_token"].(string)
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	status, body = f.tokenCall(refresh)
	if status != http.StatusOK || body["refresh_token"] == old || body["refresh_token"] == nil {
		t.Fatalf("refresh: %d %v", status, body)
	}
	if status, _ = f.tokenCall(refresh); status != http.StatusBadRequest {
		t.Errorf("reuse of a rotated refresh token: %d, want 400", status)
	}
}

func TestTokenEndpointRefusesWrongSecret(t *testing.T) {
	f := newFixture(t, Options{})
	status, body := f.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {f.refresh},
		"client_id": {DefaultClientID}, "client_secret": {"wrong"}})
	if status != http.StatusUnauthorized || body["error"] != "invalid_client" {
		t.Fatalf("got %d %v", status, body)
	}
}

func TestAPICallsNeedAValidToken(t *testing.T) {
	f := newFixture(t, Options{})
	good := f.token

	f.token = ""
	r := f.get("AR1")
	r.wantError(t, http.StatusUnauthorized, 0, "no bearer token")
	if r.body["ErrorType"] != errTypeAuth || !strings.Contains(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 shape: %v %v", r.body, r.header)
	}

	f.token = "not-a-token"
	f.get("AR1").wantError(t, http.StatusUnauthorized, 0, "unknown access token")

	f.token = good
	f.clock.Advance(time.Hour)
	f.get("AR1").wantError(t, http.StatusUnauthorized, 0, "expired")
}

func TestIssueTokensUnknownClient(t *testing.T) {
	f := newFixture(t, Options{})
	if _, err := f.e.IssueTokens("nobody"); err == nil {
		t.Fatal("IssueTokens accepted an unknown client")
	}
}
