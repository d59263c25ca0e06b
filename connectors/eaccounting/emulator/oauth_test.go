package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// tokenCall posts a form to /connect/token with the default client's
// credentials in a Basic header.
func (f *fixture) tokenCall(form url.Values, contentType string) (int, map[string]any) {
	f.t.Helper()
	req := httptest.NewRequest("POST", "/connect/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", contentType)
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, req)
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		f.t.Fatalf("token answer is not JSON: %s", w.Body)
	}
	return w.Code, body
}

const formType = "application/x-www-form-urlencoded"

// authorize runs the consent step and returns the code.
func (f *fixture) authorize(scope string) string {
	f.t.Helper()
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {"http://localhost:9999/cb"},
		"response_type": {"code"}, "scope": {scope}, "state": {"xyz"}}
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("GET", "/connect/authorize?"+q.Encode(), nil))
	if w.Code != http.StatusFound {
		f.t.Fatalf("authorize: %d %s", w.Code, w.Body)
	}
	loc, err := url.Parse(w.Header().Get("Location"))
	if err != nil || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") == "" {
		f.t.Fatalf("authorize redirected to %q", w.Header().Get("Location"))
	}
	return loc.Query().Get("code")
}

func TestTokenFlowWithRotation(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.authorize("ea:api offline_access ea:sales")
	status, tok := f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"http://localhost:9999/cb"}}, formType)
	if status != http.StatusOK || tok["token_type"] != "Bearer" || tok["expires_in"] != 3600.0 ||
		tok["scope"] != "ea:api offline_access ea:sales" || tok["refresh_token"] == nil {
		t.Fatalf("exchange: %d %v", status, tok)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	f.doAs(access, "GET", "/v2/customers", nil).must(t, http.StatusOK)

	// The code is single use.
	status, again := f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"http://localhost:9999/cb"}}, formType)
	if status != http.StatusBadRequest || again["error"] != "invalid_grant" {
		t.Errorf("second exchange: %d %v", status, again)
	}

	// A refresh returns a new refresh token and kills the old one at once.
	status, next := f.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, formType)
	if status != http.StatusOK || next["refresh_token"] == refresh || next["refresh_token"] == nil {
		t.Fatalf("refresh: %d %v", status, next)
	}
	status, reused := f.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, formType)
	if status != http.StatusBadRequest || reused["error"] != "invalid_grant" {
		t.Errorf("reusing the old refresh token: %d %v", status, reused)
	}
	status, _ = f.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {next["refresh_token"].(string)}}, formType)
	if status != http.StatusOK {
		t.Errorf("the new refresh token does not work: %d", status)
	}
}

func TestTokenEndpointRules(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.authorize("ea:api ea:sales")
	status, body := f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"http://localhost:9999/cb"}}, "application/json")
	if status != http.StatusBadRequest || body["error"] != "invalid_request" {
		t.Errorf("JSON token request: %d %v", status, body)
	}
	status, body = f.tokenCall(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"http://localhost:9999/cb"}}, formType)
	if status != http.StatusOK || body["refresh_token"] != nil {
		t.Errorf("without offline_access there must be no refresh token: %d %v", status, body)
	}
	status, body = f.tokenCall(url.Values{"grant_type": {"client_credentials"}}, formType)
	if status != http.StatusBadRequest || body["error"] != "unsupported_grant_type" {
		t.Errorf("client_credentials: %d %v", status, body)
	}

	req := httptest.NewRequest("POST", "/connect/token", strings.NewReader("grant_type=refresh_token&refresh_token=x"))
	req.Header.Set("Content-Type", formType)
	req.SetBasicAuth(DefaultClientID, "s3cr3t-guess")
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, req)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "invalid_client") {
		t.Errorf("wrong secret: %d %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "s3cr3t-guess") {
		t.Error("the error repeats the secret")
	}

	w = httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("GET", "/connect/authorize?client_id=x&redirect_uri=http://localhost/cb&response_type=code", nil))
	if w.Code != http.StatusBadRequest {
		t.Errorf("unknown client at authorize: %d", w.Code)
	}
	w = httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("GET", "/connect/authorize?client_id="+DefaultClientID+
		"&redirect_uri=http://localhost/cb&response_type=code&scope=ea:everything", nil))
	if loc := w.Header().Get("Location"); !strings.Contains(loc, "error=invalid_scope") {
		t.Errorf("unknown scope redirected to %q", loc)
	}
}

func TestAccessTokenLivesSixtyMinutes(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(59 * time.Minute)
	f.do("GET", "/v2/customers", nil).must(t, http.StatusOK)
	f.clock.Advance(time.Minute)
	r := f.do("GET", "/v2/customers", nil).must(t, http.StatusUnauthorized)
	if r.errorCode() != codeNotAuthorized || !strings.Contains(r.field("DeveloperErrorMessage"), "expired") {
		t.Errorf("expired token: %s", r.raw)
	}
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	r = f.doAs("", "GET", "/v2/customers", nil).must(t, http.StatusUnauthorized)
	if r.errorCode() != codeNotAuthorized || r.field("ErrorId") == "<null>" {
		t.Errorf("missing token: %s", r.raw)
	}
}

func TestScopes(t *testing.T) {
	f := newFixture(t, Options{})
	token := func(scopes ...string) string {
		tok, err := f.e.IssueTokens(DefaultClientID, scopes...)
		if err != nil {
			t.Fatal(err)
		}
		return tok.AccessToken
	}
	readOnly := token(ScopeAPI, ScopeSalesReadOnly)
	f.doAs(readOnly, "GET", "/v2/customers", nil).must(t, http.StatusOK)
	r := f.doAs(readOnly, "POST", "/v2/customers", customerBody("Nieuw")).must(t, http.StatusForbidden)
	if r.errorCode() != codeNoAccessToScope || !strings.Contains(r.field("DeveloperErrorMessage"), "ea:sales") {
		t.Errorf("read-only write: %s", r.raw)
	}
	// The document lists ea:sales_readonly for POST /customerinvoices; a
	// read-only scope still cannot write.
	f.doAs(readOnly, "POST", "/v2/customerinvoices", map[string]any{}).must(t, http.StatusForbidden)
	// Sales scopes do not open accounting.
	f.doAs(readOnly, "GET", "/v2/vouchers", nil).must(t, http.StatusForbidden)
	f.doAs(token(ScopeAPI, ScopeAccountingReadOnly), "GET", "/v2/vouchers", nil).must(t, http.StatusOK)
	// Without ea:api nothing works.
	r = f.doAs(token(ScopeSales), "GET", "/v2/customers", nil).must(t, http.StatusForbidden)
	if !strings.Contains(r.field("DeveloperErrorMessage"), "ea:api") {
		t.Errorf("missing ea:api: %s", r.raw)
	}
	if _, err := f.e.IssueTokens(DefaultClientID, "ea:everything"); err == nil {
		t.Error("IssueTokens accepted an unknown scope")
	}
	if _, err := f.e.IssueTokens("nobody"); err == nil {
		t.Error("IssueTokens accepted an unknown client")
	}
}
