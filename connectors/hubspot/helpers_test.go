package hubspot

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
	"github.com/pipeline-dev/pipeline/connectors/internal/testkit"
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
	opts.Now, opts.Seed = clock.Now, testkit.Seed(seed, opts.Seed)
	emu, err := emulator.New(opts)
	url := testkit.Serve(t, emu, err)
	return &fixture{t: t, emu: emu, clock: clock,
		cfg: Config{Connection: testConn, BaseURL: url, Token: emulator.DefaultPrivateAppToken,
			Credentials: filepath.Join(t.TempDir(), "credentials.json")},
		deps: deps{clock: clock, limiters: httpx.NewLimiterRegistry(), timeout: 5 * time.Second},
	}
}

func (f *fixture) options(entity, since string) connectors.Options {
	return testkit.Options(f.t, "hubspot/"+entity, since, &f.mu, &f.exchanges)
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

// count is the emulator's count of one endpoint, e.g.
// count("POST", "/crm/v3/objects/products/batch/create").
func (f *fixture) count(method, path string) int {
	return f.emu.Counts()[method+" "+path]
}

// calls counts every API call (not the token endpoint).
func (f *fixture) calls() int { return testkit.CountContaining(f.emu.Counts(), " /crm/") }

func (f *fixture) statuses() map[int]int { return testkit.Statuses(&f.mu, &f.exchanges) }

// product is a product record in the schema's shape.
func product(sku, name string, price string) connectors.Record {
	return connectors.Record{Raw: []byte(fmt.Sprintf(`{"properties":{"name":%q,"hs_sku":%q,"price":%s}}`, name, sku, price)),
		Origin: "test/" + sku}
}

func decode(t *testing.T, raw []byte) map[string]any { return testkit.Decode(t, raw) }

func props(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	p, _ := decode(t, raw)["properties"].(map[string]any)
	return p
}

func readAll(t *testing.T, r connectors.Reader) []connectors.Record {
	t.Helper()
	return conntest.ReadAll(t, r)
}
