package emukit

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRefreshRotation(t *testing.T) {
	tests := map[string]struct {
		rotation Rotation
		// oldAfterOneRefresh: the first token still refreshes once its
		// successor exists; oldAfterSuccessorUse: ... once the successor
		// has been used; sameToken: a refresh returns the same token.
		oldAfterOneRefresh, oldAfterSuccessorUse, sameToken bool
	}{
		"on successor use (Exact)": {RotateOnSuccessorUse, true, false, false},
		"immediately (Visma)":      {RotateImmediately, false, false, false},
		"never (HubSpot)":          {RotateNever, true, true, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := newOAuthFixture(t, OAuthConfig{Rotation: tc.rotation})
			first, err := f.o.Issue(testClient, nil)
			if err != nil {
				t.Fatal(err)
			}
			r2 := f.post(t, refreshForm(first.RefreshToken))
			if r2.status != 200 {
				t.Fatalf("refresh: %d %v", r2.status, r2.body)
			}
			second := r2.body["refresh_token"].(string)
			if (second == first.RefreshToken) != tc.sameToken {
				t.Errorf("refresh returned the same token: %v, want %v", second == first.RefreshToken, tc.sameToken)
			}
			if got := f.post(t, refreshForm(first.RefreshToken)).status == 200; got != tc.oldAfterOneRefresh {
				t.Errorf("old token after one refresh works: %v, want %v", got, tc.oldAfterOneRefresh)
			}
			if tc.oldAfterOneRefresh && !tc.sameToken {
				if r3 := f.post(t, refreshForm(second)); r3.status != 200 {
					t.Fatalf("successor refresh: %d %v", r3.status, r3.body)
				}
			}
			dead := f.post(t, refreshForm(first.RefreshToken))
			if got := dead.status == 200; got != tc.oldAfterSuccessorUse {
				t.Errorf("old token after its successor was used works: %v, want %v", got, tc.oldAfterSuccessorUse)
			}
			if !tc.oldAfterSuccessorUse && (dead.body["error"] != "invalid_grant" || dead.body["error_description"] != "refresh token already used") {
				t.Errorf("dead token answer %v", dead.body)
			}
			// Earlier access tokens live out their lifetime.
			if got := f.api(t, first.AccessToken); got != 200 {
				t.Errorf("first access token after refreshes: %d", got)
			}
		})
	}
}

func TestMinRefreshAge(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{AccessTTL: 600 * time.Second, MinRefreshAge: 570 * time.Second})
	tok, _ := f.o.Issue(testClient, nil)
	early := f.post(t, refreshForm(tok.RefreshToken))
	want := "the access token may only be refreshed in the last 30 seconds of its 600 seconds"
	if early.status != 400 || early.body["error"] != "invalid_request" || early.body["error_description"] != want {
		t.Errorf("refresh at 0 s: %d %v", early.status, early.body)
	}
	f.clock.Advance(569 * time.Second)
	if got := f.post(t, refreshForm(tok.RefreshToken)); got.status != 400 {
		t.Errorf("refresh at 569 s: %d %v", got.status, got.body)
	}
	f.clock.Advance(time.Second)
	ok := f.post(t, refreshForm(tok.RefreshToken))
	if ok.status != 200 {
		t.Fatalf("refresh at 570 s: %d %v", ok.status, ok.body)
	}
	// The new refresh token's clock starts with its own access token.
	if got := f.post(t, refreshForm(ok.body["refresh_token"].(string))); got.status != 400 {
		t.Errorf("immediate refresh of the new token: %d", got.status)
	}
}

func TestOfflineScope(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{Scopes: []string{"ea:api", "ea:sales", "offline_access"},
		OfflineScope: "offline_access", Rotation: RotateImmediately})
	const redirect = "https://app.example/cb"
	online := f.post(t, codeForm(f.code(t, redirect, "ea:api ea:sales"), redirect))
	if online.status != 200 || online.body["refresh_token"] != nil || online.body["scope"] != "ea:api ea:sales" {
		t.Errorf("without offline_access: %d %v", online.status, online.body)
	}
	offline := f.post(t, codeForm(f.code(t, redirect, "ea:api offline_access"), redirect))
	rt, _ := offline.body["refresh_token"].(string)
	if offline.status != 200 || rt == "" || offline.body["scope"] != "ea:api offline_access" {
		t.Fatalf("with offline_access: %d %v", offline.status, offline.body)
	}
	refreshed := f.post(t, refreshForm(rt))
	if refreshed.body["scope"] != "ea:api offline_access" || refreshed.body["refresh_token"] == nil {
		t.Errorf("a refresh keeps the scopes: %v", refreshed.body)
	}
	req, _ := http.NewRequest("GET", "/api", nil)
	req.Header.Set("Authorization", "Bearer "+refreshed.body["access_token"].(string))
	if g, err := f.o.Authenticate(req); err != nil || !g.HasScope("ea:api") || g.HasScope("ea:sales") {
		t.Errorf("grant of the refreshed token: %+v %v", g, err)
	}
}

func TestOAuthCustomWriters(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{
		AccessTTL: 600 * time.Second,
		NewToken:  func() string { return "stamp." + RandomToken(8) + "!x" },
		WriteTokens: func(w http.ResponseWriter, tok Tokens) {
			WriteJSON(w, http.StatusOK, map[string]string{"access_token": tok.AccessToken,
				"expires_in": strconv.Itoa(tok.ExpiresIn), "refresh_token": tok.RefreshToken})
		},
		WriteError: func(w http.ResponseWriter, e *OAuthError) {
			if e.Reason == ReasonRefreshUsed {
				e.Description = "Old refresh token used."
			}
			WriteOAuthError(w, e)
		},
	})
	tok, _ := f.o.Issue(testClient, nil)
	if !strings.HasPrefix(tok.AccessToken, "stamp.") || !strings.HasSuffix(tok.RefreshToken, "!x") {
		t.Errorf("NewToken not used: %+v", tok)
	}
	r2 := f.post(t, refreshForm(tok.RefreshToken))
	if r2.body["expires_in"] != "600" {
		t.Errorf("expires_in = %#v, want the string \"600\"", r2.body["expires_in"])
	}
	f.post(t, refreshForm(r2.body["refresh_token"].(string)))
	if dead := f.post(t, refreshForm(tok.RefreshToken)); dead.body["error_description"] != "Old refresh token used." {
		t.Errorf("reworded error: %v", dead.body)
	}
}

func TestOAuthStateAndExpiry(t *testing.T) {
	f := newOAuthFixture(t, OAuthConfig{AccessTTL: time.Hour, RefreshTTL: 30 * 24 * time.Hour})
	tok, _ := f.o.Issue(testClient, []string{"s"})
	data, err := json.Marshal(f.o.State())
	if err != nil {
		t.Fatal(err)
	}
	var st OAuthState
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	st.Access[tok.AccessToken].Client = "tampered" // State hands out a copy
	if g, err := f.o.Authenticate(bearer(tok.AccessToken)); err != nil || g.Client != testClient {
		t.Errorf("State() shares its records: %+v %v", g, err)
	}
	st.Access[tok.AccessToken].Client = testClient

	// A restarted server with the saved state honours the old tokens.
	g := newOAuthFixture(t, OAuthConfig{AccessTTL: time.Hour, RefreshTTL: 30 * 24 * time.Hour})
	g.clock.Set(f.clock.Now())
	g.o.SetState(st)
	if got := g.api(t, tok.AccessToken); got != 200 {
		t.Errorf("access token after restore: %d", got)
	}
	g.clock.Advance(30*24*time.Hour + time.Second)
	if got := g.post(t, refreshForm(tok.RefreshToken)); got.status != 400 {
		t.Errorf("refresh after 30 days: %d %v", got.status, got.body)
	}
	// Issuing purges what has expired.
	g.o.Issue(testClient, nil)
	if n := len(g.o.State().Access); n != 1 {
		t.Errorf("%d access tokens after purge, want 1", n)
	}
	if n := len(g.o.State().Refresh); n != 1 {
		t.Errorf("%d refresh tokens after purge, want 1", n)
	}

	// Without RefreshTTL refresh tokens do not expire.
	h := newOAuthFixture(t, OAuthConfig{})
	old, _ := h.o.Issue(testClient, nil)
	h.clock.Advance(10 * 365 * 24 * time.Hour)
	if got := h.post(t, refreshForm(old.RefreshToken)); got.status != 200 {
		t.Errorf("refresh after ten years without RefreshTTL: %d %v", got.status, got.body)
	}
}

func bearer(token string) *http.Request {
	r, _ := http.NewRequest("GET", "/api", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}
