package eaccounting

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		TokenType: "Bearer", Expiry: clock.Now().Add(time.Hour), ExpiresIn: 3600}); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, emu: emu, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: srv.URL, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	o := conntest.Options(f.t)
	o.Entity, o.Since = "eaccounting/"+entity, since
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

func (f *fixture) reader(entity, since string, mod func(*Config)) connectors.Reader {
	f.t.Helper()
	r, err := openReader(context.Background(), f.config(mod), f.options(entity, since), f.deps)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { r.Close() })
	return r
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

// count is the emulator's request count of "GET /v2/customers" and the like.
func (f *fixture) count(method, route string) int {
	return f.emu.Counts()[method+" /v2/"+route]
}

// apiCalls counts the requests to /v2 (not the token endpoint).
func (f *fixture) apiCalls() int {
	n := 0
	for k, v := range f.emu.Counts() {
		if strings.Contains(k, " /v2/") {
			n += v
		}
	}
	return n
}

// statuses counts observed exchanges by status.
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
