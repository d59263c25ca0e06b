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
	w := f.writer("article", nil)
	ctx := context.Background()
	store, _ := httpx.NewFileStore(f.cfg.Credentials)
	write := func(code string) {
		t.Helper()
		if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"code":"` + code + `","description":"x","salesTypeId":1}`)}); err != nil {
			t.Fatal(err)
		}
	}
	write("R1")
	f.clock.Advance(50 * time.Minute)
	write("R2")
	if n := w.c.auth.Refreshes(); n != 0 {
		t.Fatalf("%d refreshes at 50 minutes, want 0", n)
	}
	f.clock.Advance(15 * time.Minute)
	write("R3")
	tok1, _ := store.Load(testConn)
	if n := w.c.auth.Refreshes(); n != 1 || tok1.RefreshToken == f.initial.RefreshToken {
		t.Fatalf("after 65 minutes: %d refreshes, refresh token rotated in the file: %v", n, tok1.RefreshToken != f.initial.RefreshToken)
	}
	f.clock.Advance(2 * time.Hour)
	write("R4")
	tok2, _ := store.Load(testConn)
	if n := w.c.auth.Refreshes(); n != 2 || tok2.RefreshToken == tok1.RefreshToken {
		t.Fatalf("after another 2 hours: %d refreshes", n)
	}
	if n := f.count("POST", "/connect/token"); n != 2 {
		t.Errorf("%d token calls, want 2", n)
	}
	w2 := f.writer("article", nil)
	if err := w2.Write(ctx, connectors.Record{Raw: []byte(`{"code":"R5","description":"x","salesTypeId":1}`)}); err != nil {
		t.Fatal(err)
	}
	if w2.c.auth.Refreshes() != 0 {
		t.Error("a fresh writer refreshed a token that was still valid")
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
