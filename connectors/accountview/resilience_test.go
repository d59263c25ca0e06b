package accountview

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

func TestLookupCachePerRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	q := connectors.LookupQuery{Entity: "accountview/debtor", Field: "MAIL_BUS", Value: "Info@VanDam-Fietsen.example"}
	for i := 0; i < 3; i++ {
		got, err := w.Lookup(ctx, q)
		if err != nil || len(got) != 1 || got[0].Key != "10002" {
			t.Fatalf("lookup by e-mail = %v, %v", got, err)
		}
	}
	// Same key in other case: AccountView compares text without regard to case.
	q.Value = "info@vandam-fietsen.example"
	if _, err := w.Lookup(ctx, q); err != nil {
		t.Fatal(err)
	}
	none, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "accountview/debtor", Field: "SUB_NR", Value: "99999"})
	if err != nil || len(none) != 0 {
		t.Fatalf("unknown debtor = %v, %v", none, err)
	}
	_, _ = w.Lookup(ctx, connectors.LookupQuery{Entity: "accountview/debtor", Field: "SUB_NR", Value: "99999"})
	if n := f.count("GET", "AR1"); n != 2 {
		t.Errorf("%d debtor calls, want 2 (one per distinct key, misses cached too)", n)
	}
	if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "accountview/debtor", Field: "COLOUR", Value: "x"}); err == nil {
		t.Error("lookup by an unknown field succeeded")
	}
	// A lookup on a line field finds the orders that have such a line.
	got, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "accountview/sales_order", Field: "SO_LINE.ART_CODE", Value: "LAMP-LED"})
	if err != nil || len(got) != 1 {
		t.Errorf("orders with LAMP-LED = %v, %v", got, err)
	}
}

func TestCreatedBut500IsNotSentTwice(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: dataRoute, Method: "POST"})
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-500", "10001", "MEEL-25")}); err != nil {
		t.Fatal(err)
	}
	if !w.Last().Confirmed || w.Last().ID == "" {
		t.Errorf("Last() = %+v, want the order confirmed by lookup", w.Last())
	}
	if n := f.count("POST", "SO1"); n != 1 {
		t.Errorf("%d POSTs, want exactly 1", n)
	}
	var n int
	for _, r := range readAll(t, f.reader("sales_order", "", nil)) {
		if scalarField(r.Raw, "COMMENT1") == "WS-500" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d orders WS-500 stored, want 1", n)
	}
	// Without the unique field the run stops instead of guessing.
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: dataRoute, Method: "POST"})
	err := w.Write(context.Background(), connectors.Record{Raw: []byte(`{"RPL_INV":"10001","SO_LINE":[{"ART_CODE":"MEEL-25","ORD_QTY":1}]}`)})
	if _, isRec := connectors.AsRecordError(err); err == nil || isRec || !strings.Contains(err.Error(), "COMMENT1") {
		t.Errorf("create without COMMENT1 and unknown outcome: %v, want the run to stop", err)
	}
}

func TestRateLimitStormAndServerErrors(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"CONTACT": debtors(30)}), emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, PathPrefix: dataRoute, Count: 4})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, PathPrefix: dataRoute, Method: "GET", Count: 2})
	recs := readAll(t, f.reader("debtor", "", func(c *Config) { c.PageSize = 10 }))
	if len(recs) != 34 {
		t.Fatalf("read %d debtors through the storm, want 34", len(recs))
	}
	st := f.statuses()
	if st[429] != 4 || st[500] != 2 {
		t.Errorf("statuses %v, want 4×429 and 2×500 retried", st)
	}
	if f.clock.Slept() == 0 {
		t.Error("the 429s were retried without waiting")
	}
}

func TestTokenRotationMidRun(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	r := f.reader("debtor", "", func(c *Config) { c.PageSize = 2 })
	ctx := context.Background()
	if _, err := r.Read(ctx); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * time.Hour) // the access token has expired
	for i := 0; i < 3; i++ {
		if _, err := r.Read(ctx); err != nil {
			t.Fatal(err)
		}
	}
	store, _ := httpx.NewFileStore(f.creds)
	tok, err := store.Load(testConn)
	if err != nil || tok.RefreshToken == "" || tok.RefreshToken == f.initial.RefreshToken || tok.AccessToken == f.initial.AccessToken {
		t.Fatalf("stored token after refresh: rotated=%v, err %v", tok != nil && tok.RefreshToken != f.initial.RefreshToken, err)
	}
	// A second connection starts from the rotated token (the old one is retired).
	f.clock.Advance(2 * time.Hour)
	if recs := readAll(t, f.reader("vat_code", "", nil)); len(recs) != 4 {
		t.Errorf("read %d VAT codes with the rotated refresh token", len(recs))
	}
}

func TestSecretsNeverShow(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.clock.Advance(2 * time.Hour) // force a refresh, whose exchange carries the secret
	w := f.writer("sales_order", nil)
	err := w.Write(context.Background(), connectors.Record{Raw: order("WS-S", "10001", "NOPE")})
	if err == nil {
		t.Fatal("want a refusal")
	}
	store, _ := httpx.NewFileStore(f.creds)
	tok, _ := store.Load(testConn)
	secrets := []string{emulator.DefaultClientSecret, f.initial.AccessToken, f.initial.RefreshToken, tok.AccessToken, tok.RefreshToken}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.exchanges) < 2 {
		t.Fatalf("%d exchanges observed", len(f.exchanges))
	}
	for _, x := range f.exchanges {
		all := x.URL + string(x.Request) + string(x.Response) + x.Err + err.Error()
		for _, s := range secrets {
			if s != "" && strings.Contains(all, s) {
				t.Fatalf("a secret shows in %s %s", x.Method, x.URL)
			}
		}
	}
}

func TestConfigValidation(t *testing.T) {
	c := Config{Connection: "av", Company: "x", ClientID: "id", BaseURL: "https://www.accountview.net", CallsPerMinute: 1000}
	c.Defaults()
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "calls_per_minute") {
		t.Errorf("1000 calls a minute to the real host: %v", err)
	}
	c = Config{Connection: "av", ClientID: "id"}
	c.Defaults()
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "company") {
		t.Errorf("no company: %v", err)
	}
	c = Config{Connection: "av", Company: "x", ClientID: "id", BaseURL: "http://127.0.0.1:9/api/v3/", CallsPerMinute: 6000}
	c.Defaults()
	if err := c.Validate(); err != nil || c.BaseURL != "http://127.0.0.1:9" {
		t.Errorf("emulator config: %v, base %q", err, c.BaseURL)
	}
}
