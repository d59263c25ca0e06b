package exactonline

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
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		emu.Close() // releases requests parked by timeout faults
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
		TokenType: "bearer", Expiry: clock.Now().Add(600 * time.Second), ExpiresIn: 600}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, emu: emu, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: srv.URL, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
	return f
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	o := conntest.Options(f.t)
	o.Entity, o.Since = "exactonline/"+entity, since
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

// count is the emulator's request count of "GET crm/Accounts" and the like.
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[fmt.Sprintf("%s /api/v1/{division}/%s", method, path)]
}

// apiCalls counts the requests to the division's API: neither token calls
// nor the /current/Me each open makes when the division is not set.
func (f *fixture) apiCalls() int {
	n := 0
	for k, v := range f.emu.Counts() {
		if strings.Contains(k, "/api/v1/{division}/") {
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

// seedWith returns the built-in seed with extra rows appended per entity.
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

// readAll reads r to the end.
func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
