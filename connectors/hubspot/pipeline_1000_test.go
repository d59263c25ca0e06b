package hubspot

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

// TestThousandProductsThroughThePipeline runs the shipped products pipeline
// over 1,000 products: created in batches, then, with every price changed,
// updated in batches. It reports the calls each run makes.
func TestThousandProductsThroughThePipeline(t *testing.T) {
	emu, err := emulator.New(emulator.Options{TenSecondLimit: -1, DailyLimit: -1, SearchLimit: -1, OAuthTenSecondLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { emu.Close(); srv.Close() })
	reg := connectors.NewRegistry()
	reg.MustRegister(Spec())
	for _, s := range file.Specs() {
		reg.MustRegister(s)
	}
	set, _ := schemas.Default()
	dir := t.TempDir()
	input := filepath.Join(dir, "products.ndjson")
	write := func(price string) {
		var b strings.Builder
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(&b, `{"id":%d,"sku":"P-%04d","name":"Product %d","price_excl_vat":%s,"vat_rate":21,"active":true,"stock":5}`+"\n", i+1, i, i, price)
		}
		os.WriteFile(input, []byte(b.String()), 0o644)
	}
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), "../../pipelines/products_to_hubspot/pipeline.hcl", engine.Options{
		Connectors: reg, Schemas: set,
		Vars: map[string]string{"hubspot_url": srv.URL, "calls_per_ten_seconds": "100000", "input": input},
		Getenv: func(k string) (string, bool) {
			return emulator.DefaultPrivateAppToken, k == "HUBSPOT_TOKEN"
		},
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	store, err := sqlitestore.Open(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	run := func() (engine.Stats, int) {
		emu.ResetCounts()
		stats, err := plans[0].Run(context.Background(), engine.RunOptions{State: store,
			Rejects: engine.RejectFunc(func(_ context.Context, r engine.Reject) error { t.Log(r.String()); return nil })})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for k, v := range emu.Counts() {
			if strings.Contains(k, " /crm/") {
				n += v
			}
		}
		return stats, n
	}
	write("10.00")
	s1, c1 := run()
	write("12.50")
	s2, c2 := run()
	t.Logf("create run: %d calls for %d products %v; update run: %d calls for %d products", c1, s1.Created, s1, c2, s2.Updated)
	if s1.Created != 1000 || s2.Updated != 1000 {
		t.Fatalf("created %d, updated %d", s1.Created, s2.Updated)
	}
	// Batches of 100: the create run needs 10 natural-key lookups (HubSpot
	// may have any of the SKUs already) and 10 batch creates, plus the
	// property definitions; the update run knows every product from its
	// cross-references, so it sends just the 10 batch updates.
	if c1 > 21 || c2 > 12 {
		t.Errorf("create run %d calls, update run %d calls", c1, c2)
	}
}
