package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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
// over 1,000 products: created, then, with every price changed, updated;
// each run in at most 12 calls as the emulator counts them. A third run
// that has lost its sync state updates the same products instead of
// duplicating them, since the upsert matches on external_sku.
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
		if err := os.WriteFile(input, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
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
	run := func(stateFile string) (engine.Stats, int, map[string]int) {
		store, err := sqlitestore.Open(filepath.Join(dir, stateFile))
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		emu.ResetCounts()
		stats, err := plans[0].Run(context.Background(), engine.RunOptions{State: store,
			Rejects: engine.RejectFunc(func(_ context.Context, r engine.Reject) error { t.Log(r.String()); return nil })})
		if err != nil {
			t.Fatal(err)
		}
		n, counts := 0, emu.Counts()
		for k, v := range counts {
			if strings.Contains(k, " /crm/") {
				n += v
			}
		}
		return stats, n, counts
	}
	write("10.00")
	s1, c1, counts1 := run("state.db")
	write("12.50")
	s2, c2, counts2 := run("state.db")
	t.Logf("create run: %d calls for %d products %v; update run: %d calls for %d products %v", c1, s1.Created, counts1, c2, s2.Updated, counts2)
	if s1.Created != 1000 || s1.Written != 1000 || s2.Updated != 1000 || s2.Written != 1000 {
		t.Fatalf("first run %+v, second run %+v", s1, s2)
	}
	// The create run: the property definitions and ten upserts of 100, no
	// lookups. The update run knows every product from its
	// cross-references: the definitions and ten batch updates.
	if c1 > 12 || c2 > 12 {
		t.Errorf("create run %d calls, update run %d calls; want at most 12 each", c1, c2)
	}
	if counts1["POST /crm/v3/objects/products/batch/upsert"] != 10 || counts2["POST /crm/v3/objects/products/batch/update"] != 10 {
		t.Errorf("calls: create run %v, update run %v", counts1, counts2)
	}
	if n := productCount(t, srv.URL); n != 1004 {
		t.Fatalf("HubSpot holds %d products, want the seed's 4 and 1,000 new", n)
	}
	write("14.00")
	s3, c3, _ := run("lost.db")
	if s3.Created != 0 || s3.Updated != 1000 || c3 > 12 {
		t.Errorf("a run without sync state: %+v in %d calls", s3, c3)
	}
	if n := productCount(t, srv.URL); n != 1004 {
		t.Errorf("after a run without sync state HubSpot holds %d products, want 1004", n)
	}
}

// productCount asks the emulator how many products it holds.
func productCount(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/crm/v3/objects/products/search", strings.NewReader(`{"limit":1}`))
	req.Header.Set("Authorization", "Bearer "+emulator.DefaultPrivateAppToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Total
}
