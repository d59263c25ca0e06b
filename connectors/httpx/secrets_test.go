package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The token endpoint fails and echoes what it was sent. Neither the client
// secret nor the refresh token may appear in the error or in any observed
// exchange, for a JSON error body and for a plain-text echo.
func TestTokenFailureLeaksNoSecret(t *testing.T) {
	secrets := []string{testClientSecret, "rt-0", "at-0"}
	for name, fail := range map[string]func(w http.ResponseWriter, r *http.Request) bool{
		"json description quoting the request": func(w http.ResponseWriter, r *http.Request) bool {
			writeJSON(w, 400, fmt.Sprintf(`{"error":"invalid_grant","error_description":"refresh token %s for client secret %s rejected; you sent %s"}`,
				r.PostForm.Get("refresh_token"), r.PostForm.Get("client_secret"), r.PostForm.Encode()))
			return true
		},
		"plain text echo": func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			fmt.Fprintf(w, "<pre>cannot handle %s</pre>", r.PostForm.Encode())
			return true
		},
	} {
		t.Run(name, func(t *testing.T) {
			env := newEnv()
			ts, tokSrv := newTokenServer(t)
			ts.fail = fail
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) }))
			defer api.Close()
			o := newTestOAuth(t, env, tokSrv, seedStore(), nil)
			c := env.client(t, api, func(cfg *Config) { cfg.Auth = o })
			env.clock.Advance(time.Hour)

			_, err := c.Do(context.Background(), &Request{Path: "/me"})
			if err == nil {
				t.Fatal("request succeeded with a failing token endpoint")
			}
			var te *TokenError
			if !errors.As(err, &te) {
				t.Errorf("error %T is not a *TokenError: %v", err, err)
			}
			seen := env.seen.text(t)
			if !strings.Contains(seen, "/token") {
				t.Fatal("the token call was not observed")
			}
			for _, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error contains %q: %v", s, err)
				}
				if strings.Contains(seen, s) {
					t.Errorf("observed exchanges contain %q", s)
				}
			}
		})
	}
}

func TestStaticToken(t *testing.T) {
	env := newEnv()
	var got string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		writeJSON(w, 200, `{}`)
	}))
	defer api.Close()
	st, err := NewStaticToken("pat-na1-0000-1111", env.red)
	if err != nil {
		t.Fatal(err)
	}
	c := env.client(t, api, func(cfg *Config) { cfg.Auth = st })
	if _, err := c.Do(context.Background(), &Request{Path: "x"}); err != nil {
		t.Fatal(err)
	}
	if got != "Bearer pat-na1-0000-1111" {
		t.Errorf("server saw Authorization %q", got)
	}
	if strings.Contains(env.seen.text(t), "pat-na1-0000-1111") || strings.Contains(fmt.Sprint(st), "pat-na1") {
		t.Error("static token visible in observations or in fmt output")
	}
	if _, err := NewStaticToken("", nil); err == nil {
		t.Error("empty static token accepted")
	}
}

// A server that echoes our credentials in an error body must not get them
// into the APIError's message or body.
func TestAPIErrorIsRedacted(t *testing.T) {
	env := newEnv()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, fmt.Sprintf(`{"error":{"code":"E","message":{"value":"bad header %s"}},"access_token":"x-%s"}`,
			r.Header.Get("Authorization"), strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")))
	}))
	defer srv.Close()
	st, _ := NewStaticToken("pat-eu1-SECRET-99", env.red)
	c := env.client(t, srv, func(c *Config) { c.Auth = st; c.ErrorParser = ODataErrorParser })
	_, err := c.Do(context.Background(), &Request{Path: "x"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "E" {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "SECRET-99") || strings.Contains(string(ae.Body), "SECRET-99") {
		t.Errorf("token in error %q / body %s", err, ae.Body)
	}
	if !strings.Contains(err.Error(), "bad header") {
		t.Errorf("message lost: %v", err)
	}
}
