package exactonline

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Neither tokens nor the client secret show up in observed exchanges or
// in errors, through refreshes, rejections, unknown outcomes and a dead
// refresh token.
func TestSecretsStayOut(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	store, _ := httpx.NewFileStore(f.cfg.Credentials)
	secrets := []string{f.initial.AccessToken, f.initial.RefreshToken, emulator.DefaultClientSecret}
	var errs []error

	w := f.writer("sales_order", nil)
	errs = append(errs, w.Write(ctx, connectors.Record{Raw: order("S-1", seedAccount1, seedWidget)}))
	f.clock.Advance(590 * time.Second) // refresh
	errs = append(errs, w.Write(ctx, connectors.Record{Raw: order("S-2", seedAccount1, "1a000000-0000-4000-8000-0000000000ff")}))
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/api/v1/{division}/crm/Addresses"})
	aw := f.writer("address", nil)
	errs = append(errs, aw.Write(ctx, connectors.Record{Raw: []byte(writable["address"])}))
	tok, _ := store.Load(testConn)
	secrets = append(secrets, tok.AccessToken, tok.RefreshToken)

	// A refresh token that was replaced and whose successor was used is
	// dead ("Old refresh token used."): the error says what to do.
	f.clock.Advance(11 * time.Minute)
	errs = append(errs, w.Write(ctx, connectors.Record{Raw: order("S-3", seedAccount1, seedWidget)}))
	if err := store.Save(testConn, &oauth2.Token{AccessToken: "stampNL001.no-longer-valid-access", RefreshToken: f.initial.RefreshToken,
		Expiry: f.clock.Now().Add(-time.Minute), ExpiresIn: 600}); err != nil {
		t.Fatal(err)
	}
	_, err := openReader(ctx, f.config(nil), f.options("account", ""), f.deps)
	if err == nil || !strings.Contains(err.Error(), "pipeline auth "+testConn) {
		t.Errorf("open with a dead refresh token: %v, want a hint to run pipeline auth", err)
	}
	errs = append(errs, err)

	var texts []string
	for _, e := range errs {
		if e != nil {
			texts = append(texts, e.Error())
		}
	}
	if len(texts) != 3 {
		t.Errorf("want 3 errors (rejection, unknown outcome, dead token), got %q", texts)
	}
	f.mu.Lock()
	for _, x := range f.exchanges {
		texts = append(texts, x.URL, string(x.Request), string(x.Response), x.Err)
	}
	n := len(f.exchanges)
	f.mu.Unlock()
	if n < 8 {
		t.Fatalf("only %d exchanges observed", n)
	}
	for _, s := range secrets {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Fatalf("a secret (%d chars) appears in %q", len(s), text)
			}
		}
	}
	var tokenCalls int
	for _, x := range f.exchanges {
		if strings.HasSuffix(x.URL, "/api/oauth2/token") {
			tokenCalls++
		}
	}
	if tokenCalls != 3 {
		t.Errorf("%d token calls observed, want 3 (two refreshes, one refused)", tokenCalls)
	}
}
