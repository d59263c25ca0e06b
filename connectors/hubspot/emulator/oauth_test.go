package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

const redirect = "http://localhost:8765/callback"

func authorize(t *testing.T, f *fixture, scope string) string {
	t.Helper()
	// HubSpot's consent URL carries no response_type.
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {redirect}, "scope": {scope}, "state": {"xyz"}}
	resp, err := noRedirect.Get(f.srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func postToken(t *testing.T, f *fixture, form url.Values) (int, map[string]any) {
	t.Helper()
	form.Set("client_id", DefaultClientID)
	form.Set("client_secret", DefaultClientSecret)
	resp, err := http.PostForm(f.srv.URL+"/oauth/v1/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestOAuthFlow(t *testing.T) {
	f := newFixture(t, Options{})
	code := authorize(t, f, "oauth crm.objects.contacts.read")
	status, tok := postToken(t, f, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}})
	if status != 200 || tok["expires_in"] != float64(1800) || tok["token_type"] != "bearer" || tok["refresh_token"] == "" {
		t.Fatalf("token answer %d %v", status, tok)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	if resp, _ := f.doToken(access, "GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 200 {
		t.Errorf("read with a contacts.read token: %d", resp.StatusCode)
	}
	// The token lacks the write scope and the companies scope.
	resp, body := f.doToken(access, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{}})
	if resp.StatusCode != 403 {
		t.Fatalf("write without scope: %d", resp.StatusCode)
	}
	m := checkError(t, body, "MISSING_SCOPES")
	if ctx := obj(m["errors"].([]any)[0], "context"); len(ctx["requiredGranularScopes"].([]any)) != 1 {
		t.Errorf("required scopes %v", ctx)
	}
	if resp, _ := f.doToken(access, "GET", "/crm/v3/objects/companies", nil); resp.StatusCode != 403 {
		t.Errorf("companies with a contacts token: %d", resp.StatusCode)
	}

	// Introspection tells who the token belongs to.
	resp, info := f.doToken("", "GET", "/oauth/v1/access-tokens/"+access, nil)
	if resp.StatusCode != 200 || str(obj(info)["hub_id"]) != "146012345" || str(obj(info)["app_id"]) != "1000001" ||
		str(obj(info)["expires_in"]) != "1800" {
		t.Errorf("token info %d %v", resp.StatusCode, info)
	}

	// After 30 minutes the access token is dead; the refresh token is not,
	// and it comes back unchanged.
	f.clock.Advance(30 * time.Minute)
	resp, body = f.doToken(access, "GET", "/crm/v3/objects/contacts", nil)
	if resp.StatusCode != 401 {
		t.Fatalf("expired token: %d", resp.StatusCode)
	}
	checkError(t, body, "EXPIRED_AUTHENTICATION")
	f.clock.Advance(90 * 24 * time.Hour)
	for i := 0; i < 2; i++ {
		status, again := postToken(t, f, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		if status != 200 || again["refresh_token"] != refresh || again["access_token"] == access {
			t.Fatalf("refresh %d: %d %v", i, status, again)
		}
		if resp, _ := f.doToken(again["access_token"].(string), "GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 200 {
			t.Errorf("refreshed token: %d", resp.StatusCode)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	f := newFixture(t, Options{})
	status, body := postToken(t, f, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}})
	if status != 400 || body["status"] != "BAD_REFRESH_TOKEN" || body["message"] == "" || body["correlationId"] == "" {
		t.Errorf("unknown refresh token: %d %v", status, body)
	}
	status, body = postToken(t, f, url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}, "redirect_uri": {redirect}})
	if status != 400 || body["status"] != "BAD_AUTH_CODE" {
		t.Errorf("unknown code: %d %v", status, body)
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {DefaultClientID}, "client_secret": {"wrong"}}
	resp, err := http.PostForm(f.srv.URL+"/oauth/v1/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("wrong secret: %d", resp.StatusCode)
	}
	// A scope HubSpot does not know is refused at the consent page.
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {"crm.objects.unicorns.read"}}
	r2, err := noRedirect.Get(f.srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if loc, _ := url.Parse(r2.Header.Get("Location")); loc.Query().Get("error") != "invalid_scope" {
		t.Errorf("unknown scope redirect %s", r2.Header.Get("Location"))
	}
}

func TestBearerChecks(t *testing.T) {
	f := newFixture(t, Options{PrivateApps: []PrivateApp{{Token: "pat-eu1-reader", Scopes: []string{"crm.objects.contacts.read"}}}})
	resp, body := f.doToken("", "GET", "/crm/v3/objects/contacts", nil)
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	checkError(t, body, "INVALID_AUTHENTICATION")
	if resp, _ := f.doToken("pat-eu1-unknown", "GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 401 {
		t.Errorf("unknown token: %d", resp.StatusCode)
	}
	if resp, _ := f.do("GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 200 {
		t.Errorf("private app read: %d", resp.StatusCode)
	}
	if resp, _ := f.do("PATCH", "/crm/v3/objects/contacts/201", map[string]any{"properties": map[string]any{}}); resp.StatusCode != 403 {
		t.Errorf("private app without write scope: %d", resp.StatusCode)
	}
	if resp, _ := f.do("GET", "/crm/v3/properties/contacts", nil); resp.StatusCode != 200 {
		t.Errorf("properties with the objects read scope: %d", resp.StatusCode)
	}
	if resp, _ := f.do("POST", "/crm/v3/properties/contacts", map[string]any{}); resp.StatusCode != 403 {
		t.Errorf("property create without schemas write scope: %d", resp.StatusCode)
	}
	// A private-app token is no OAuth token.
	if resp, _ := f.doToken("", "GET", "/oauth/v1/access-tokens/pat-eu1-reader", nil); resp.StatusCode != 404 {
		t.Errorf("introspecting a private-app token: %d", resp.StatusCode)
	}
	tok, err := f.e.IssueTokens(DefaultClientID)
	if err != nil || tok.ExpiresIn != 1800 || tok.RefreshToken == "" {
		t.Fatalf("IssueTokens %+v %v", tok, err)
	}
	if resp, _ := f.doToken(tok.AccessToken, "POST", "/crm/v3/objects/companies", map[string]any{"properties": map[string]any{"name": "X"}}); resp.StatusCode != 201 {
		t.Errorf("issued token with every scope: %d", resp.StatusCode)
	}
	if _, err := f.e.IssueTokens("nobody"); err == nil {
		t.Error("IssueTokens for an unknown client succeeded")
	}
}
