package asperion

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Tokens and the client secret appear in no observed exchange and no
// error, through a refresh, a rejection and a failing token call.
func TestSecretsStayOut(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("debtor", nil)
	ctx := context.Background()
	f.clock.Advance(2 * tokenLife) // forces a refresh, whose answer carries tokens
	var errs []string
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"type":"Company"}`)}); err != nil {
		errs = append(errs, err.Error())
	} else {
		t.Fatal("a debtor without a name was accepted")
	}
	store, _ := httpx.NewFileStore(f.cfg.Credentials)
	tok, err := store.Load(testConn)
	if err != nil {
		t.Fatal(err)
	}
	// A connection whose refresh token is dead: the error must not show it.
	dead := f.config(func(c *Config) { c.ClientSecret = "wrong-" + emulator.DefaultClientSecret })
	dw, err := openWriter(ctx, dead, f.options("debtor", ""), f.deps)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * tokenLife)
	if err := dw.Write(ctx, connectors.Record{Raw: []byte(writable["debtor"])}); err == nil {
		t.Fatal("a refresh with the wrong secret succeeded")
	} else {
		errs = append(errs, err.Error())
	}
	secrets := []string{emulator.DefaultClientSecret, f.initial.AccessToken, f.initial.RefreshToken, tok.AccessToken, tok.RefreshToken}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.exchanges) < 3 {
		t.Fatalf("only %d exchanges observed", len(f.exchanges))
	}
	for _, x := range f.exchanges {
		all := x.URL + string(x.Request) + string(x.Response) + x.Err
		for _, s := range secrets {
			if strings.Contains(all, s) {
				t.Errorf("exchange %s %s shows a secret", x.Method, x.URL)
			}
		}
	}
	for _, e := range errs {
		for _, s := range secrets {
			if strings.Contains(e, s) {
				t.Errorf("error shows a secret: %s", e)
			}
		}
	}
}
