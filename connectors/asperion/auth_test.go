package asperion

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

// The hour-long access token runs out mid-run: it is refreshed, the
// rotated refresh token is saved before use, the next refresh uses the
// rotated one, and a second process starts from the file.
func TestRefreshMidRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	testkit.Rotation{
		Clock: f.clock, Credentials: f.cfg.Credentials, Connection: testConn, Initial: f.initial.RefreshToken,
		Open: func() (func(string) error, func() int) {
			w := f.writer("article", nil)
			return func(code string) error {
				return w.Write(context.Background(), connectors.Record{Raw: []byte(`{"code":"` + code + `","description":"x","salesTypeId":1}`)})
			}, w.c.auth.Refreshes
		},
		Fresh: 50 * time.Minute, Due: 15 * time.Minute, Again: 2 * time.Hour,
	}.Run(t)
	if n := f.count("POST", "/connect/token"); n != 2 {
		t.Errorf("%d token calls, want 2", n)
	}
}

// The consent: the code comes back to the loopback redirect and the tokens
// are saved, with the client secret.
func TestAuthorizeLoopback(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	cfg := f.config(func(c *Config) { c.Connection, c.RedirectURL = "asperion_new", "http://127.0.0.1:0/callback" })
	consent, done, printed := testkit.Consent(t, "/connect/authorize", func(prompt io.Writer) error {
		return authorize(context.Background(), cfg, prompt, strings.NewReader(""), f.deps)
	})
	if !strings.Contains(consent, "offline_access") || !strings.HasPrefix(consent, f.url+"/connect/authorize?") {
		t.Errorf("consent URL %s", consent)
	}
	resp, err := http.Get(consent) // the browser, redirected to the loopback receiver
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := testkit.Wait(t, done); err != nil {
		t.Fatal(err)
	}
	store, _ := httpx.NewFileStore(cfg.Credentials)
	tok, err := store.Load("asperion_new")
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("stored token: %v", err)
	}
	if s, err := store.Secret("asperion_new", "client_secret"); err != nil || s != emulator.DefaultClientSecret {
		t.Errorf("stored secret: %v", err)
	}
	if strings.Contains(printed(), tok.AccessToken) || strings.Contains(printed(), emulator.DefaultClientSecret) {
		t.Error("a token or the secret was printed")
	}
}
