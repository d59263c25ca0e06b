package asperion

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
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
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
		TokenType: "Bearer", Expiry: clock.Now().Add(tokenLife), ExpiresIn: int64(tokenLife / time.Second)}); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, emu: emu, url: srv.URL, clock: clock, initial: tok,
		cfg: Config{Connection: testConn, BaseURL: srv.URL, ClientID: emulator.DefaultClientID,
			ClientSecret: emulator.DefaultClientSecret, Credentials: creds},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

// options are the connector options for entity, observing every exchange.
func (f *fixture) options(entity, since string) connectors.Options {
	o := conntest.Options(f.t)
	o.Entity, o.Since = "asperion/"+entity, since
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

// count is the emulator's request count of "GET /v1/debtors" and the like.
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[method+" "+path]
}

// apiCalls counts the requests to the API (not to the identity server).
func (f *fixture) apiCalls() int {
	n := 0
	for k, v := range f.emu.Counts() {
		if strings.Contains(k, " /v1/") {
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

// seedWith returns the built-in seed with extra rows appended to the
// default administration's lists.
func seedWith(t *testing.T, extra map[string][]map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(emulator.DefaultSeed(), &doc); err != nil {
		t.Fatal(err)
	}
	admin := doc["administrations"].([]any)[0].(map[string]any)
	for name, rows := range extra {
		list, _ := admin[name].([]any)
		for _, r := range rows {
			list = append(list, r)
		}
		admin[name] = list
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
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
