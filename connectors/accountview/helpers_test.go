package accountview

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
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
	clock := testkit.NewClock()
	opts.Now, opts.Seed = clock.Now, testkit.Seed(seed, opts.Seed)
	emu, err := emulator.New(opts)
	url := testkit.Serve(t, emu, err)
	tok, err := emu.IssueTokens(emulator.DefaultClientID)
	creds := testkit.Credentials(t, testConn, clock.Now(),
		testkit.Token{Access: tok.AccessToken, Refresh: tok.RefreshToken, Type: "bearer", Life: time.Hour}, err)
	return &fixture{t: t, emu: emu, clock: clock, initial: tok, creds: creds,
		cfg: Config{Connection: testConn, BaseURL: url, Company: demoCompany, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds, CallsPerMinute: 6000},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

func (f *fixture) options(entity, since string) connectors.Options {
	return testkit.Options(f.t, "accountview/"+entity, since, &f.mu, &f.exchanges)
}

func (f *fixture) config(mod func(*Config)) *Config { return testkit.With(f.cfg, mod) }

func (f *fixture) reader(entity, since string, mod func(*Config)) *reader {
	f.t.Helper()
	return testkit.Open(f.t, openReader, f.config(mod), f.options(entity, since), f.deps).(*reader)
}

func (f *fixture) writer(entity string, mod func(*Config)) *writer {
	f.t.Helper()
	return testkit.OpenWriter(f.t, openWriter, f.config(mod), f.options(entity, ""), f.deps).(*writer)
}

// count is the emulator's count of data calls of one business object.
func (f *fixture) count(method, bo string) int {
	return f.emu.Counts()[method+" "+dataRoute+"?BusinessObject="+bo]
}

func (f *fixture) statuses() map[int]int { return testkit.Statuses(&f.mu, &f.exchanges) }

// seedWith returns the built-in seed with extra rows appended per table.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	return testkit.SeedWith(t, emulator.DefaultSeed(), extra, nil)
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

func decode(t *testing.T, raw []byte) map[string]any { return testkit.Decode(t, raw) }

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
