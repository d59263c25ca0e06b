package accountview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

const (
	demoCompany = "6f1c2d3e-4a5b-4c6d-8e7f-102030405060"
	testConn    = "accountview_test"
	dataRoute   = "/api/v3/accountviewdata"
)

// fixture is an emulator on loopback whose clock is the connector's
// virtual clock, so rate limits, token lifetimes and the emulator's own
// windows agree without the test sleeping.
type fixture struct {
	t     *testing.T
	emu   *emulator.Emulator
	clock *httpx.VirtualClock
	cfg   Config
	deps  deps
	creds string

	mu        sync.Mutex
	exchanges []connectors.Exchange
	initial   emulator.Tokens
}

func newFixture(t *testing.T, seed []byte, opts emulator.Options) *fixture {
	t.Helper()
	clock := httpx.NewVirtualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	opts.Now = clock.Now
	if seed != nil {
		opts.Seed = bytes.NewReader(seed)
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		emu.Close()
		srv.Close()
	})
	tok, err := emu.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	creds := filepath.Join(t.TempDir(), "credentials.json")
	store, err := httpx.NewFileStore(creds)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Save(testConn, &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		TokenType: "bearer", Expiry: clock.Now().Add(time.Hour), ExpiresIn: 3600}); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, emu: emu, clock: clock, initial: tok, creds: creds,
		cfg: Config{Connection: testConn, BaseURL: srv.URL, Company: demoCompany, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds, CallsPerMinute: 6000},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

func (f *fixture) options(entity, since string) connectors.Options {
	o := conntest.Options(f.t)
	o.Entity, o.Since = "accountview/"+entity, since
	o.Observe = func(x connectors.Exchange) {
		f.mu.Lock()
		f.exchanges = append(f.exchanges, x)
		f.mu.Unlock()
	}
	return o
}

func (f *fixture) config(mod func(*Config)) *Config {
	c := f.cfg
	if mod != nil {
		mod(&c)
	}
	return &c
}

func (f *fixture) reader(entity, since string, mod func(*Config)) *reader {
	f.t.Helper()
	r, err := openReader(context.Background(), f.config(mod), f.options(entity, since), f.deps)
	if err != nil {
		f.t.Fatal(err)
	}
	return r.(*reader)
}

func (f *fixture) writer(entity string, mod func(*Config)) *writer {
	f.t.Helper()
	w, err := openWriter(context.Background(), f.config(mod), f.options(entity, ""), f.deps)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { w.Close() })
	return w.(*writer)
}

// count is the emulator's count of data calls of one business object.
func (f *fixture) count(method, bo string) int {
	return f.emu.Counts()[method+" "+dataRoute+"?BusinessObject="+bo]
}

func (f *fixture) statuses() map[int]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int]int{}
	for _, x := range f.exchanges {
		out[x.Status]++
	}
	return out
}

// seedWith returns the built-in seed with extra rows appended per table.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(emulator.DefaultSeed(), &doc); err != nil {
		t.Fatal(err)
	}
	for name, rows := range extra {
		list, _ := doc[name].([]any)
		for _, r := range rows {
			list = append(list, r)
		}
		doc[name] = list
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// debtors makes n seed debtors.
func debtors(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"SUB_NR": fmt.Sprintf("%d", 30000+i), "ACCT_NR": "1300", "ACCT_NAME": fmt.Sprintf("Klant %04d", i),
			"SRC_CODE": fmt.Sprintf("K%04d", i), "MAIL_BUS": fmt.Sprintf("k%04d@example.com", i)}
	}
	return out
}

// order is a sales-order record with one line per article.
func order(ref, debtor string, arts ...string) []byte {
	lines := make([]map[string]any, len(arts))
	for i, a := range arts {
		lines[i] = map[string]any{"ART_CODE": a, "ORD_QTY": i + 1}
	}
	b, _ := json.Marshal(map[string]any{"RPL_INV": debtor, "COMMENT1": ref, "ORD_DATE": "2026-03-01T08:00:00Z", "SO_LINE": lines})
	return b
}

func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("record is not JSON: %v\n%s", err, raw)
	}
	return m
}

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
