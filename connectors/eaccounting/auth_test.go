package eaccounting

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

// consent runs Authorize in the background and returns the consent URL it
// printed, the channel of its result and a function that returns all it
// printed once it is done.
func consent(t *testing.T, f *fixture, cfg *Config, stdin io.Reader) (string, <-chan error, func() string) {
	t.Helper()
	return testkit.Consent(t, "", func(prompt io.Writer) error {
		return authorize(context.Background(), cfg, prompt, stdin, f.deps)
	})
}

func wait(t *testing.T, done <-chan error) error {
	t.Helper()
	return testkit.Wait(t, done)
}

func TestAuthorizeLoopback(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	cfg := f.config(func(c *Config) { c.Connection, c.RedirectURL = "visma_new", "http://127.0.0.1:0/callback" })
	u, done, out := consent(t, f, cfg, strings.NewReader(""))
	if !strings.Contains(u, "/connect/authorize?") || !strings.Contains(u, "scope=ea%3Aapi+offline_access+ea%3Asales+ea%3Aaccounting") {
		t.Errorf("consent URL %s lacks the identity server or the scopes", u)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	store, _ := httpx.NewFileStore(cfg.Credentials)
	tok, err := store.Load("visma_new")
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("stored token: %v", err)
	}
	if s, err := store.Secret("visma_new", "client_secret"); err != nil || s != emulator.DefaultClientSecret {
		t.Errorf("client secret not stored: %v", err)
	}
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, emulator.DefaultClientSecret} {
		if strings.Contains(out(), secret) {
			t.Errorf("a secret was printed:\n%s", out())
		}
	}
	// The new connection works, with the secret from the store.
	w, err := openWriter(context.Background(), f.config(func(c *Config) { c.Connection, c.ClientSecret = "visma_new", "" }), f.options("article", ""), f.deps)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(context.Background(), connectors.Record{Raw: article("AUTH-1", "After auth")}); err != nil {
		t.Fatal(err)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	https := func(c *Config) { c.RedirectURL = "https://app.example.com/cb" }
	for name, tc := range map[string]struct{ stdin, want string }{
		"wrong state":  {"https://app.example.com/cb?code=abc&state=forged\n", "wrong state"},
		"refused":      {"https://app.example.com/cb?error=access_denied\n", "access_denied"},
		"nothing":      {"", "input ended"},
		"unknown code": {"bogus\n", "invalid_grant"},
	} {
		t.Run(name, func(t *testing.T) {
			err := authorize(context.Background(), f.config(https), io.Discard, strings.NewReader(tc.stdin), f.deps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// The 60-minute access token runs out mid-run: it is refreshed, the
// rotated refresh token (the old one dies at once) is saved before use,
// and the next refresh uses the rotated one.
func TestRefreshMidRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	store := testkit.Rotation{
		Clock: f.clock, Credentials: f.cfg.Credentials, Connection: testConn, Initial: f.initial.RefreshToken,
		Open: func() (func(string) error, func() int) {
			w := f.writer("article", nil)
			return func(code string) error {
				return w.Write(context.Background(), connectors.Record{Raw: article(code, "x")})
			}, w.c.auth.Refreshes
		},
		Fresh: 50 * time.Minute, Due: 10 * time.Minute, Again: 61 * time.Minute,
	}.Run(t)
	ctx := context.Background()
	// The first refresh token is dead: a process holding it must be told
	// to authorise again.
	if err := store.Save(testConn, &oauth2.Token{AccessToken: "expired", RefreshToken: f.initial.RefreshToken,
		Expiry: f.clock.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	w3 := f.writer("article", nil)
	err := w3.Write(ctx, connectors.Record{Raw: article("R6", "x")})
	if err == nil || !strings.Contains(err.Error(), "pipeline auth "+testConn) {
		t.Errorf("write with a dead refresh token: %v, want a hint to run pipeline auth", err)
	}
}
