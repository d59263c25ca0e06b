package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestCodeReceiverHandsOverCodeAfterCheckingState(t *testing.T) {
	r, err := ListenForCode("127.0.0.1:0", "state-xyz")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if st, _ := get(t, r.RedirectURL("/favicon.ico")); st != http.StatusNotFound {
		t.Errorf("favicon: status %d, want 404 and keep waiting", st)
	}
	st, body := get(t, r.RedirectURL("/callback")+"?code=the-code&state=state-xyz")
	if st != 200 || !strings.Contains(body, "close this window") {
		t.Errorf("browser got %d %q", st, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	code, err := r.Wait(ctx)
	if err != nil || code != "the-code" {
		t.Fatalf("Wait = %q, %v", code, err)
	}
}

func TestCodeReceiverRejectsWrongStateAndProviderErrors(t *testing.T) {
	for name, query := range map[string]string{
		"wrong state":    "?code=c&state=forged",
		"provider error": "?error=access_denied&error_description=user+said+no&state=s",
	} {
		t.Run(name, func(t *testing.T) {
			r, err := ListenForCode("localhost:0", "s")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if !strings.HasPrefix(r.Addr(), "127.0.0.1:") {
				t.Errorf("listening on %s, want 127.0.0.1", r.Addr())
			}
			if st, _ := get(t, r.RedirectURL("/cb")+query); st != http.StatusBadRequest {
				t.Errorf("status %d, want 400", st)
			}
			code, err := r.Wait(context.Background())
			if err == nil || code != "" {
				t.Fatalf("Wait = %q, %v; want an error", code, err)
			}
		})
	}
}

func TestReceiveCodeOnFixedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := ReceiveCode(ctx, addr, "st")
		done <- result{code, err}
	}()
	u := "http://" + addr + "/callback?state=st&code=" + url.QueryEscape("c/1")
	for i := 0; ; i++ {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 100 {
			t.Fatalf("receiver never came up: %v", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if res := <-done; res.err != nil || res.code != "c/1" {
		t.Fatalf("ReceiveCode = %q, %v", res.code, res.err)
	}
}

func TestCodeReceiverRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "[::]:0"} {
		if r, err := ListenForCode(addr, "s"); err == nil {
			r.Close()
			t.Errorf("%s accepted", addr)
		}
	}
}

func TestConsentURLAndExchange(t *testing.T) {
	env := newEnv()
	_, srv := newTokenServer(t)
	store := NewMemoryStore()
	o := newTestOAuth(t, env, srv, store, func(c *OAuthConfig) { c.Scopes = []string{"ea:api", "offline_access"} })

	u, err := url.Parse(o.AuthCodeURL("st-9"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Path != "/auth" || q.Get("state") != "st-9" || q.Get("client_id") != testClientID ||
		q.Get("redirect_uri") != "http://127.0.0.1:8085/callback" || q.Get("scope") != "ea:api offline_access" || q.Get("response_type") != "code" {
		t.Errorf("consent URL %s", u)
	}

	err = o.Exchange(context.Background(), "expired-code-123")
	var te *TokenError
	if !errors.As(err, &te) || te.Code != "invalid_grant" || strings.Contains(err.Error(), "expired-code-123") {
		t.Fatalf("bad code: %v", err)
	}
	if strings.Contains(env.seen.text(t), "expired-code-123") {
		t.Error("the one-time code appears in an observed exchange")
	}

	if err := o.Exchange(context.Background(), "good-code"); err != nil {
		t.Fatal(err)
	}
	saved, err := store.Load("exact")
	if err != nil || saved.AccessToken != "at-1" || saved.RefreshToken != "rt-1" || !saved.Expiry.Equal(t0.Add(600*time.Second)) {
		t.Fatalf("store after exchange: %+v, %v", saved, err)
	}
	if tok, err := o.Token(context.Background()); err != nil || tok.AccessToken != "at-1" {
		t.Errorf("Token after exchange: %v, %v", tok, err)
	}
}
