package exactonline

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
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
	cfg := f.config(func(c *Config) { c.Connection, c.RedirectURL = "exact_new", "http://127.0.0.1:0/callback" })
	u, done, out := consent(t, f, cfg, strings.NewReader(""))
	// The browser: Exact's consent page redirects to the loopback address.
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	store, _ := httpx.NewFileStore(cfg.Credentials)
	tok, err := store.Load("exact_new")
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("stored token: %v", err)
	}
	if s, err := store.Secret("exact_new", "client_secret"); err != nil || s != emulator.DefaultClientSecret {
		t.Errorf("client secret not stored: %v", err)
	}
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, emulator.DefaultClientSecret} {
		if strings.Contains(out(), secret) {
			t.Errorf("a secret was printed:\n%s", out())
		}
	}
	// The new connection works, with the secret from the store.
	w, err := openWriter(context.Background(), f.config(func(c *Config) { c.Connection, c.ClientSecret = "exact_new", "" }), f.options("item", ""), f.deps)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(context.Background(), connectors.Record{Raw: []byte(`{"Code":"A1","Description":"After auth"}`)}); err != nil {
		t.Fatal(err)
	}
}

func TestAuthorizePasted(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	cfg := f.config(func(c *Config) {
		c.Connection, c.RedirectURL = "exact_pasted", "https://app.example.com/exact/callback"
	})
	pr, pw := io.Pipe()
	defer pw.Close()
	u, done, out := consent(t, f, cfg, pr)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	landed := resp.Header.Get("Location")
	if !strings.HasPrefix(landed, "https://app.example.com/exact/callback?") {
		t.Fatalf("consent redirected to %q", landed)
	}
	if _, err := io.WriteString(pw, landed+"\n"); err != nil {
		t.Fatal(err)
	}
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	store, _ := httpx.NewFileStore(cfg.Credentials)
	if _, err := store.Load("exact_pasted"); err != nil {
		t.Fatal(err)
	}
	code := landed[strings.Index(landed, "code=")+5:]
	code, _, _ = strings.Cut(code, "&")
	if strings.Contains(out(), code) {
		t.Error("the code was printed")
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	https := func(c *Config) { c.RedirectURL = "https://app.example.com/cb" }
	for name, tc := range map[string]struct {
		stdin string
		want  string
	}{
		"wrong state":   {"https://app.example.com/cb?code=abc&state=forged\n", "wrong state"},
		"refused":       {"https://app.example.com/cb?error=access_denied\n", "access_denied"},
		"nothing":       {"", "input ended"},
		"unknown code":  {"stampNL001.bogus\n", "invalid_grant"},
		"no code param": {"https://app.example.com/cb?state=x\n", "no code"},
	} {
		t.Run(name, func(t *testing.T) {
			err := authorize(context.Background(), f.config(https), io.Discard, strings.NewReader(tc.stdin), f.deps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	if err := Authorize(context.Background(), &Config{Connection: "x"}, io.Discard, nil); err == nil {
		t.Error("Authorize accepted a config without client_id")
	}
}

// The 600 s access token runs out mid-run: it is refreshed (not before
// 570 s, which StrictRefresh would refuse), the rotated refresh token is
// saved before use, and the next refresh uses the rotated one.
func TestRefreshMidRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{StrictRefresh: true})
	testkit.Rotation{
		Clock: f.clock, Credentials: f.cfg.Credentials, Connection: testConn, Initial: f.initial.RefreshToken,
		Open: func() (func(string) error, func() int) {
			w := f.writer("item", nil)
			return func(code string) error {
				return w.Write(context.Background(), connectors.Record{Raw: []byte(`{"Code":"` + code + `","Description":"x"}`)})
			}, w.c.auth.Refreshes
		},
		Fresh: 500 * time.Second, Due: 80 * time.Second, Again: 11 * time.Minute,
	}.Run(t)
}
