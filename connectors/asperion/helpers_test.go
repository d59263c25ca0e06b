package asperion

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

// Ids of the emulator's built-in seed (administration 1001, the default).
const (
	adminLinde   = 1001
	adminVanDam  = 1002
	debtorGroen  = 1 // number 10001, facturen@groenrijk.example
	articleRoos  = 1 // ROOS-ROOD-10, stock 40 less the seeded order's 4
	articlePot   = 2 // POT-TERRA-30
	articleOld   = 5 // KERSTSTER-OUD, inactive
	articleBand  = 7 // BAND-28-622, administration 1002
	testConn     = "asperion_test"
	tokenLife    = time.Hour
	seedArticles = 5 // active articles of administration 1001
)

// fixture is an emulator on loopback whose clock is the connector's
// virtual clock, so rate limits and token lifetimes agree without the
// test sleeping.
type fixture struct {
	t     *testing.T
	emu   *emulator.Emulator
	url   string
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
		testkit.Token{Access: tok.AccessToken, Refresh: tok.RefreshToken, Type: "Bearer", Life: tokenLife}, err)
	return &fixture{t: t, emu: emu, url: url, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: url, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	return testkit.Options(f.t, "asperion/"+entity, since, &f.mu, &f.exchanges)
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

// count is the emulator's request count of "GET /v1/debtors" and the like.
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[method+" "+path]
}

// apiCalls counts the requests to the API (not to the identity server).
func (f *fixture) apiCalls() int { return testkit.CountContaining(f.emu.Counts(), " /v1/") }

// statuses counts observed exchanges by status.
func (f *fixture) statuses() map[int]int { return testkit.Statuses(&f.mu, &f.exchanges) }

// seedWith returns the built-in seed with extra rows appended to the
// default administration's lists.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	return testkit.SeedWith(t, emulator.DefaultSeed(), extra, func(doc map[string]any) map[string]any {
		return doc["administrations"].([]any)[0].(map[string]any)
	})
}

// debtors makes n seed debtors, with ids above the seed's (ids are unique
// across administrations).
func debtors(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"id": 1000 + i, "type": "Company", "name": fmt.Sprintf("Klant %04d", i), "email": fmt.Sprintf("k%04d@example.com", i)}
	}
	return out
}

// order is a sales-order record with one line per article.
func order(ref string, debtor int, articles ...int) []byte {
	lines := make([]map[string]any, len(articles))
	for i, a := range articles {
		lines[i] = map[string]any{"articleId": a, "quantity": i + 1}
	}
	b, _ := json.Marshal(map[string]any{"debtorId": debtor, "reference": ref, "description": "Webshop order " + ref, "lines": lines})
	return b
}

// decode parses a record.
func decode(t *testing.T, raw []byte) map[string]any { return testkit.Decode(t, raw) }

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
