package dashboard

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	_ "github.com/pipeline-dev/pipeline/connectors/all" // the pipeline reads and writes files
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

// The sample's records that the tests look for.
const (
	scriptOrder  = `WS-<script>alert("x")</script>`
	unknownOrder = "WS-ZZ-1"         // billed in a country the lookup lacks: set aside, fixable
	brokenLine   = "orders.ndjson:5" // not JSON: set aside for good
	personalMail = "lena.müller0@example.com"
)

// fixture is a state store that a real pipeline run filled: records
// created, one with markup in a field, one set aside for a missing lookup
// value and a broken line set aside too.
type fixture struct {
	dir   string
	store state.Store
	run   engine.Stats
}

var (
	schemaOnce sync.Once
	schemaSet  *schemas.Set
	schemaErr  error
)

func testSchemas(t *testing.T) *schemas.Set {
	t.Helper()
	schemaOnce.Do(func() { schemaSet, schemaErr = schemas.Default() })
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	return schemaSet
}

// newFixture copies the test pipeline to a temporary folder, writes its
// orders from the first order of the shipped webshop sample, and runs it
// through the engine into a SQLite state store.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"pipeline.hcl", "countries.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "contacts", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeOrders(t, filepath.Join(dir, "orders.ndjson"))
	st, err := sqlitestore.Open(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{dir: dir, store: st}
	stats, err := f.plan(t).Run(context.Background(), f.runOptions())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if stats.Written != 3 || stats.Rejected != 2 {
		t.Fatalf("run wrote %d and set aside %d records, want 3 and 2", stats.Written, stats.Rejected)
	}
	f.run = stats
	return f
}

func (f *fixture) runOptions() engine.RunOptions {
	return engine.RunOptions{State: f.store, Connector: connectors.Options{BaseDir: f.dir}}
}

// plan compiles the pipeline as it is on disk now (after a fix, say).
func (f *fixture) plan(t *testing.T) *engine.Plan {
	t.Helper()
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), filepath.Join(f.dir, "pipeline.hcl"),
		engine.Options{Connectors: connectors.Default(), Schemas: testSchemas(t)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return plans[0]
}

// retry is the callback a server would give: it retries with the current
// pipeline file, the way `pipeline retry` does.
func (f *fixture) retry(t *testing.T) func(ctx context.Context, pipeline string, ids []int64) (RetryResult, error) {
	return func(ctx context.Context, pipeline string, ids []int64) (RetryResult, error) {
		stats, err := f.plan(t).Retry(ctx, f.runOptions())
		return RetryResult{Retried: stats.Read, Written: stats.Written, Again: stats.Rejected}, err
	}
}

// fixCountry adds the missing country to the lookup, so that the order
// set aside for it gets through on a retry.
func (f *fixture) fixCountry(t *testing.T) {
	t.Helper()
	path := filepath.Join(f.dir, "countries.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, "ZZ,Zedland\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeOrders writes four valid orders made from the first order of the
// shipped sample, and a broken line as the fifth.
func writeOrders(t *testing.T, path string) {
	t.Helper()
	sample, err := os.Open(filepath.Join("..", "..", "pipelines", "webshop_orders_to_exact", "sample", "orders.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer sample.Close()
	sc := bufio.NewScanner(sample)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		t.Fatal("the shipped sample is empty")
	}
	first := sc.Bytes()
	var out bytes.Buffer
	for i, number := range []string{"WS-000000", scriptOrder, "WS-000002", unknownOrder} {
		var o map[string]any
		if err := json.Unmarshal(first, &o); err != nil {
			t.Fatal(err)
		}
		o["id"], o["order_number"] = 100000+i, number
		cust := o["customer"].(map[string]any)
		cust["email"] = strings.Replace(cust["email"].(string), "0@", string(rune('0'+i))+"@", 1)
		if number == unknownOrder {
			o["billing_address"].(map[string]any)["country"] = "ZZ"
		}
		line, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(append(line, '\n'))
	}
	out.WriteString("{\"id\": 100004, \"order_number\": \"WS-BROKEN\", \"customer\": {\"email\": \"secret@example.com\"\n")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
