package eaccounting

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
)

// Ids of the emulator's built-in seed.
const (
	seedCustomer1 = "e1000000-0000-4000-8000-000000000001"
	seedCustomer2 = "e1000000-0000-4000-8000-000000000002"
	seedFlour     = "01000000-0000-4000-8000-000000001001"
	seedRye       = "01000000-0000-4000-8000-000000001002"
	seedUnitPcs   = "b1000000-0000-4000-8000-000000000001"
	seedCoding21  = "d1000000-0000-4000-8000-000000000001"
	seedTerms30   = "a1000000-0000-4000-8000-000000000030"
	testConn      = "visma_test"
)

// fixture is an emulator on loopback whose clock is the connector's
// virtual clock, so that rate limits, token lifetimes and audit stamps
// agree without the test sleeping.
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
		testkit.Token{Access: tok.AccessToken, Refresh: tok.RefreshToken, Type: "Bearer", Life: time.Hour}, err)
	return &fixture{t: t, emu: emu, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: url, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	return testkit.Options(f.t, "eaccounting/"+entity, since, &f.mu, &f.exchanges)
}

func (f *fixture) config(mod func(*Config)) *Config { return testkit.With(f.cfg, mod) }

func (f *fixture) reader(entity, since string, mod func(*Config)) connectors.Reader {
	f.t.Helper()
	r := testkit.Open(f.t, openReader, f.config(mod), f.options(entity, since), f.deps)
	f.t.Cleanup(func() { r.Close() })
	return r
}

func (f *fixture) writer(entity string, mod func(*Config)) *writer {
	f.t.Helper()
	return testkit.OpenWriter(f.t, openWriter, f.config(mod), f.options(entity, ""), f.deps).(*writer)
}

// count is the emulator's request count of "GET /v2/customers" and the like.
func (f *fixture) count(method, route string) int {
	return f.emu.Counts()[method+" /v2/"+route]
}

// apiCalls counts the requests to /v2 (not the token endpoint).
func (f *fixture) apiCalls() int { return testkit.CountContaining(f.emu.Counts(), " /v2/") }

// statuses counts observed exchanges by status.
func (f *fixture) statuses() map[int]int { return testkit.Statuses(&f.mu, &f.exchanges) }

// seedWith returns the built-in seed with extra rows appended per table.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	return testkit.SeedWith(t, emulator.DefaultSeed(), extra, nil)
}

// customers makes n seed customers.
func customers(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"CustomerNumber": fmt.Sprint(1000 + i), "Name": fmt.Sprintf("Klant %04d", i),
			"EmailAddress": fmt.Sprintf("k%04d@example.com", i), "InvoicePostalCode": "1000 AA", "InvoiceCity": "Amsterdam",
			"TermsOfPaymentId": seedTerms30, "IsPrivatePerson": false, "IsActive": true, "ChangedUtc": "2026-02-01T10:00:00Z"}
	}
	return out
}

// order is an order record with one row per article.
func order(ref, customer string, articles ...string) []byte {
	rows := make([]map[string]any, len(articles))
	for i, a := range articles {
		rows[i] = map[string]any{"LineNumber": i + 1, "ArticleId": a, "Quantity": i + 1,
			"IsTextRow": false, "IsWorkCost": false, "EligibleForReverseChargeOnVat": false}
	}
	b, _ := json.Marshal(map[string]any{"CustomerId": customer, "YourReference": ref, "CurrencyCode": "EUR",
		"OrderDate": "2026-03-02", "Status": 1, "EuThirdParty": false, "ReverseChargeOnConstructionServices": false,
		"RotReducedInvoicingType": 0, "Rows": rows})
	return b
}

// article is a minimal article record.
func article(number, name string) []byte {
	b, _ := json.Marshal(map[string]any{"Number": number, "Name": name, "UnitId": seedUnitPcs, "CodingId": seedCoding21,
		"IsActive": true, "NetPrice": 10.5})
	return b
}

// decode parses a record.
func decode(t *testing.T, raw []byte) map[string]any { return testkit.Decode(t, raw) }

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
