package exactonline

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

// Seed keys of the emulator's built-in seed.
const (
	seedDivision  = 123456
	seedAccount1  = "0e000000-0000-4000-8000-000000000001"
	seedAccount2  = "0e000000-0000-4000-8000-000000000002"
	seedWidget    = "1a000000-0000-4000-8000-000000000001"
	seedGadget    = "1a000000-0000-4000-8000-000000000002"
	seedWarehouse = "0a000000-0000-4000-8000-000000000001"
	seedGLRevenue = "0b000000-0000-4000-8000-000000008000"
	testConn      = "exact_test"
)

// fixture is an emulator on loopback whose clock is the connector's
// virtual clock, so that rate limits, token lifetimes and the emulator's
// own windows agree without the test sleeping: when the limiter waits a
// virtual second, the emulator sees that second pass.
type fixture struct {
	t     *testing.T
	emu   *emulator.Emulator
	clock *httpx.VirtualClock
	cfg   Config
	deps  deps

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
		testkit.Token{Access: tok.AccessToken, Refresh: tok.RefreshToken, Type: "bearer", Life: 600 * time.Second}, err)
	return &fixture{t: t, emu: emu, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: url, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	return testkit.Options(f.t, "exactonline/"+entity, since, &f.mu, &f.exchanges)
}

func (f *fixture) config(mod func(*Config)) *Config { return testkit.With(f.cfg, mod) }

func (f *fixture) reader(entity, since string, mod func(*Config)) connectors.Reader {
	f.t.Helper()
	return testkit.Open(f.t, openReader, f.config(mod), f.options(entity, since), f.deps)
}

func (f *fixture) writer(entity string, mod func(*Config)) *writer {
	f.t.Helper()
	return testkit.OpenWriter(f.t, openWriter, f.config(mod), f.options(entity, ""), f.deps).(*writer)
}

// count is the emulator's request count of "GET crm/Accounts" and the like.
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[fmt.Sprintf("%s /api/v1/{division}/%s", method, path)]
}

// apiCalls counts the requests to the division's API: neither token calls
// nor the /current/Me each open makes when the division is not set.
func (f *fixture) apiCalls() int {
	return testkit.CountContaining(f.emu.Counts(), "/api/v1/{division}/")
}

// statuses counts observed exchanges by status.
func (f *fixture) statuses() map[int]int { return testkit.Statuses(&f.mu, &f.exchanges) }

// seedWith returns the built-in seed with extra rows appended per entity.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	return testkit.SeedWith(t, emulator.DefaultSeed(), extra, nil)
}

// accounts makes n seed accounts.
func accounts(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"Name": fmt.Sprintf("Customer %04d", i), "Email": fmt.Sprintf("c%04d@example.com", i), "City": "Utrecht"}
	}
	return out
}

// order is a sales-order record with one line per item.
func order(ref, account string, items ...string) []byte {
	lines := make([]map[string]any, len(items))
	for i, it := range items {
		lines[i] = map[string]any{"Item": it, "Quantity": json.Number(fmt.Sprint(i + 1)), "Description": "line " + fmt.Sprint(i+1)}
	}
	b, _ := json.Marshal(map[string]any{"OrderedBy": account, "YourRef": ref, "Description": "Webshop order " + ref, "SalesOrderLines": lines})
	return b
}

// decode parses a record.
func decode(t *testing.T, raw []byte) map[string]any { return testkit.Decode(t, raw) }

// readAll reads r to the end.
func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
