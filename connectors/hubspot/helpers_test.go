package hubspot

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

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

const testConn = "hubspot_test"

// fixture is an emulator on loopback whose clock is the connector's
// virtual clock: rate-limit windows and token lifetimes agree without
// the test sleeping.
type fixture struct {
	t     *testing.T
	emu   *emulator.Emulator
	clock *httpx.VirtualClock
	cfg   Config
	deps  deps

	mu        sync.Mutex
	exchanges []connectors.Exchange
}

func newFixture(t *testing.T, seed []byte, opts emulator.Options) *fixture {
	t.Helper()
	clock := httpx.NewVirtualClock(time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC))
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
	return &fixture{t: t, emu: emu, clock: clock,
		cfg: Config{Connection: testConn, BaseURL: srv.URL, Token: emulator.DefaultPrivateAppToken,
			Credentials: filepath.Join(t.TempDir(), "credentials.json")},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

func (f *fixture) options(entity, since string) connectors.Options {
	o := conntest.Options(f.t)
	o.Entity, o.Since = "hubspot/"+entity, since
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

// count is the emulator's count of one endpoint, e.g.
// count("POST", "/crm/v3/objects/products/batch/create").
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[method+" "+path]
}

// calls counts every API call (not the token endpoint).
func (f *fixture) calls() int {
	n := 0
	for k, v := range f.emu.Counts() {
		if strings.Contains(k, " /crm/") {
			n += v
		}
	}
	return n
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

// product is a product record in the schema's shape.
func product(sku, name string, price string) connectors.Record {
	return connectors.Record{Raw: []byte(fmt.Sprintf(`{"properties":{"name":%q,"hs_sku":%q,"price":%s}}`, name, sku, price)),
		Origin: "test/" + sku}
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

func props(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	p, _ := decode(t, raw)["properties"].(map[string]any)
	return p
}

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
