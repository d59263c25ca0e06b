package dashboard

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestLoginSetsAStrictHttpOnlyCookie(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, CheckToken: TokenChecker(testToken)})

	code, loc := s.get("/runs/1?page=1")
	if code != http.StatusSeeOther || loc != "/login?next=%2Fruns%2F1%3Fpage%3D1" {
		t.Fatalf("without a token: %d %s, want a redirect to the login page", code, loc)
	}
	body := s.page("/login?next=/runs/1")
	contains(t, "the login page", body, `name="token"`, `name="next" value="/runs/1"`)
	token := csrf(t, body)

	code, body = s.post("/login", url.Values{"csrf": {token}, "token": {"wrong"}, "next": {"/runs/1"}})
	if code != http.StatusUnauthorized {
		t.Errorf("a wrong token answers %d, want 401", code)
	}
	contains(t, "a failed login", body, "That token is not valid.")
	lacks(t, "a failed login", body, "wrong")

	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/login",
		strings.NewReader(url.Values{"csrf": {token}, "token": {testToken}, "next": {"/runs/1"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/runs/1" {
		t.Errorf("login answers %d to %q, want 303 to /runs/1", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == TokenCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("login cookie %+v, want HttpOnly and SameSite=Strict", cookie)
	}
	body = s.page("/runs/1")
	contains(t, "the run page after login", body, "Run 1 of order_contacts", "Log out")

	code, loc = s.post("/logout", url.Values{"csrf": {csrf(t, body)}})
	if code != http.StatusSeeOther || loc != "/login" {
		t.Errorf("logout answers %d %s", code, loc)
	}
	if code, _ := s.get("/runs/1"); code != http.StatusSeeOther {
		t.Errorf("after logout a page answers %d, want a redirect to log in", code)
	}
}

func TestBearerHeaderIsEnough(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, CheckToken: TokenChecker("other", testToken)})
	if code, body := s.get("/", "Authorization", "Bearer "+testToken); code != http.StatusOK {
		t.Errorf("with a bearer token the page answers %d: %s", code, body)
	}
	if code, _ := s.get("/", "Authorization", "Bearer nope"); code != http.StatusSeeOther {
		t.Errorf("with a wrong bearer token the page answers %d, want a redirect to log in", code)
	}
	if code, _ := s.post("/pipelines/order_contacts/set-aside/retry", url.Values{"id": {"1"}}); code != http.StatusUnauthorized {
		t.Errorf("a post without a token answers %d, want 401", code)
	}
	if code, _ := s.get("/style.css"); code != http.StatusOK {
		t.Errorf("the style sheet answers %d without a token, want 200 (the login page uses it)", code)
	}
}

func TestLoginRedirectStaysInside(t *testing.T) {
	h := &handler{base: "/dashboard/"}
	for next, want := range map[string]string{
		"/dashboard/runs/3?page=2":  "/dashboard/runs/3?page=2",
		"//evil.example/dashboard/": "/dashboard/",
		"https://evil.example/":     "/dashboard/",
		"/elsewhere":                "/dashboard/",
		"/dashboard/\\evil":         "/dashboard/",
		"":                          "/dashboard/",
	} {
		if got := h.safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestRequireToken(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("in")) })
	h := RequireToken(TokenChecker(testToken, ""))(ok)
	for _, c := range []struct {
		name   string
		method string
		header string
		cookie string
		want   int
	}{
		{"nothing", "GET", "", "", http.StatusUnauthorized},
		{"empty bearer", "GET", "Bearer ", "", http.StatusUnauthorized},
		{"wrong bearer", "GET", "Bearer x" + testToken, "", http.StatusUnauthorized},
		{"bearer", "GET", "Bearer " + testToken, "", http.StatusOK},
		{"cookie", "GET", "", testToken, http.StatusOK},
		{"wrong cookie", "GET", "", "nope", http.StatusUnauthorized},
		{"basic auth", "GET", "Basic " + testToken, "", http.StatusUnauthorized},
		{"post with bearer", "POST", "Bearer " + testToken, "", http.StatusOK},
		// A cookie rides along with requests other sites make: no changes.
		{"post with cookie", "POST", "", testToken, http.StatusUnauthorized},
		{"post with cookie and wrong bearer", "POST", "Bearer nope", testToken, http.StatusUnauthorized},
	} {
		req := httptest.NewRequest(c.method, "/api/runs", nil)
		if c.header != "" {
			req.Header.Set("Authorization", c.header)
		}
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: TokenCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(c.cookie))})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
		}
		if rec.Code == http.StatusUnauthorized {
			var body struct{ Error string }
			if rec.Header().Get("WWW-Authenticate") == "" || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Error == "" {
				t.Errorf("%s: a 401 without WWW-Authenticate or a JSON error: %s", c.name, rec.Body)
			}
		}
		if strings.Contains(rec.Body.String(), testToken) {
			t.Errorf("%s: the answer shows the token", c.name)
		}
	}
}

func TestFormsNeedTheirCSRFToken(t *testing.T) {
	f := newFixture(t)
	called := 0
	src := &StoreSource{Store: f.store, RetryFunc: func(context.Context, string, []int64) (RetryResult, error) {
		called++
		return RetryResult{}, nil
	}}
	s := serve(t, Options{Source: src})
	mine := csrf(t, s.page("/pipelines/order_contacts/set-aside"))

	// Another browser has its own cookie, and its token is not valid here.
	other := serve(t, Options{Source: src})
	other.srv.Close()
	other.srv = s.srv
	theirs := csrf(t, other.page("/pipelines/order_contacts/set-aside"))
	if theirs == mine {
		t.Fatal("two browsers got the same CSRF token")
	}
	const path = "/pipelines/order_contacts/set-aside/retry"
	for what, form := range map[string]url.Values{
		"no token":              {"id": {"1"}},
		"an empty token":        {"id": {"1"}, "csrf": {""}},
		"another browser's one": {"id": {"1"}, "csrf": {theirs}},
		"a made-up one":         {"id": {"1"}, "csrf": {"AAAA" + mine[4:]}},
	} {
		if code, _ := s.post(path, form); code != http.StatusForbidden {
			t.Errorf("a retry with %s answers %d, want 403", what, code)
		}
	}
	if called != 0 {
		t.Fatalf("retry ran %d times without a valid token", called)
	}
	if code, _ := s.post(path, url.Values{"id": {"1"}, "csrf": {mine}}); code != http.StatusSeeOther || called != 1 {
		t.Errorf("a retry with the page's token answers %d and ran %d times, want 303 and once", code, called)
	}
	// The token is worthless without the cookie it belongs to.
	fresh := serve(t, Options{Source: src})
	fresh.srv.Close()
	fresh.srv = s.srv
	if code, _ := fresh.post(path, url.Values{"id": {"1"}, "csrf": {mine}}); code != http.StatusForbidden {
		t.Errorf("a token without its cookie answers %d, want 403", code)
	}
	if code, _ := s.post("/login", url.Values{"token": {testToken}}); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
		t.Errorf("login without CheckToken answers %d", code)
	}
}

func TestLoginNeedsItsCSRFToken(t *testing.T) {
	f := newFixture(t)
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, CheckToken: TokenChecker(testToken)})
	s.page("/login")
	if code, _ := s.post("/login", url.Values{"token": {testToken}}); code != http.StatusForbidden {
		t.Errorf("a login without the form's token answers %d, want 403", code)
	}
	if code, _ := s.get("/"); code != http.StatusSeeOther {
		t.Errorf("after a refused login the page answers %d, want a redirect to log in", code)
	}
}

func TestTokenWithCookieUnsafeCharacters(t *testing.T) {
	f := newFixture(t)
	const odd = `tok;en "with" spaces,\ and=`
	s := serve(t, Options{Source: &StoreSource{Store: f.store}, CheckToken: TokenChecker(odd)})
	token := csrf(t, s.page("/login"))
	if code, loc := s.post("/login", url.Values{"csrf": {token}, "token": {odd}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("login answers %d %s", code, loc)
	}
	contains(t, "the pipelines page after login", s.page("/"), "order_contacts")
}
