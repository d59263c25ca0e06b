package eaccounting

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Neither tokens nor the client secret show up in observed exchanges or
// in errors, through a refresh, a rejection and an unknown outcome.
func TestSecretsStayOut(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	store, _ := httpx.NewFileStore(f.cfg.Credentials)
	secrets := []string{f.initial.AccessToken, f.initial.RefreshToken, emulator.DefaultClientSecret}
	var errs []error

	w := f.writer("order", nil)
	errs = append(errs, w.Write(ctx, connectors.Record{Raw: order("S-1", seedCustomer1, seedFlour)}))
	f.clock.Advance(time.Hour) // refresh
	errs = append(errs, w.Write(ctx, connectors.Record{Raw: order("S-2", seedCustomer1, "01000000-0000-4000-8000-0000000000ff")}))
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v2/vouchers"})
	vw := f.writer("voucher", nil)
	errs = append(errs, vw.Write(ctx, connectors.Record{Raw: []byte(writable["voucher"])}))
	tok, _ := store.Load(testConn)
	secrets = append(secrets, tok.AccessToken, tok.RefreshToken)

	var texts []string
	for _, e := range errs {
		if e != nil {
			texts = append(texts, e.Error())
		}
	}
	if len(texts) != 2 {
		t.Errorf("want 2 errors (rejection, unknown outcome), got %q", texts)
	}
	f.mu.Lock()
	for _, x := range f.exchanges {
		texts = append(texts, x.URL, string(x.Request), string(x.Response), x.Err)
	}
	n := len(f.exchanges)
	f.mu.Unlock()
	if n < 4 {
		t.Fatalf("only %d exchanges observed", n)
	}
	for _, s := range secrets {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Fatalf("a secret (%d chars) appears in %q", len(s), text)
			}
		}
	}
	tokenCalls := 0
	for _, x := range f.exchanges {
		if strings.HasSuffix(x.URL, "/connect/token") {
			tokenCalls++
		}
	}
	if tokenCalls != 1 {
		t.Errorf("%d token calls observed, want the refresh", tokenCalls)
	}
}
