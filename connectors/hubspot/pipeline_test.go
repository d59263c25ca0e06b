package hubspot

import (
	"context"
	"net/http/httptest"
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

// The shipped pipeline, compiled by the engine and run twice against the
// emulator: the first run upserts the active products, the second makes
// no write call at all.
func TestProductsPipelineEndToEnd(t *testing.T) {
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
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := "../../pipelines/products_to_hubspot"
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), dir+"/pipeline.hcl", engine.Options{
		Connectors: reg, Schemas: set,
		Vars: map[string]string{"hubspot_url": srv.URL, "calls_per_ten_seconds": "10000"},
		Getenv: func(k string) (string, bool) {
			if k == "HUBSPOT_TOKEN" {
				return emulator.DefaultPrivateAppToken, true
			}
			return "", false
		},
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	store, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })

	writes := func() int {
		n := 0
		for k, v := range emu.Counts() {
			if strings.HasPrefix(k, "POST /crm/v3/objects/products") && !strings.HasSuffix(k, "/search") && !strings.HasSuffix(k, "/batch/read") || strings.HasPrefix(k, "PATCH ") {
				n += v
			}
		}
		return n
	}
	calls := func() int {
		n := 0
		for k, v := range emu.Counts() {
			if strings.Contains(k, " /crm/") {
				n += v
			}
		}
		return n
	}
	// A plan writes nothing, so it cannot upsert: it looks the SKUs up by
	// the unique external_sku (one batch read) and tells WIDGET-001, which
	// HubSpot has with the same values, from the new ones.
	decisions := map[string]string{}
	planned, err := plans[0].Run(context.Background(), engine.RunOptions{State: store, Connector: connectors.Options{BaseDir: dir},
		DryRun: true, Decisions: func(d engine.Decision) { decisions[d.NaturalKey] = d.Decision }})
	if err != nil {
		t.Fatal(err)
	}
	if planned.Created != 4 || decisions["WIDGET-001"] != "unchanged" || emu.Counts()["POST /crm/v3/objects/products/batch/read"] != 1 || writes() != 0 {
		t.Fatalf("plan: %+v %v, calls %v", planned, decisions, emu.Counts())
	}
	emu.ResetCounts()
	stats, err := plans[0].Run(context.Background(), engine.RunOptions{State: store, Connector: connectors.Options{BaseDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	// WIDGET-001 is in the seed (external_sku WIDGET-001): the upsert
	// matches it and updates it instead of creating a second one; the
	// inactive knife is filtered out.
	if stats.Read != 6 || stats.Written != 5 || stats.Rejected != 0 {
		t.Fatalf("first run: %+v", stats)
	}
	// The engine sends the five products in one batch upsert, without a
	// lookup call first.
	firstWrites, firstCalls := writes(), calls()
	if firstWrites != 1 || stats.Created != 4 || stats.Updated != 1 || firstCalls != 2 {
		t.Errorf("first run made %d calls, %d of them writes (want 2: definitions, one upsert), %+v %v", firstCalls, firstWrites, stats, emu.Counts())
	}
	t.Logf("first run: %d calls for %d records (%.2f per record), %d writes", firstCalls, stats.Written, float64(firstCalls)/float64(stats.Written), firstWrites)

	w := checkWriter(t, srv.URL)
	got, err := w.LookupMany(context.Background(), "hubspot/product", "hs_sku", []string{"BOARD-OAK-40", "APRON-LIN", "KNIFE-CHEF-20", "GIFT-WRAP"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got["KNIFE-CHEF-20"] != nil {
		t.Fatalf("products in HubSpot: %v", got)
	}
	p := props(t, got["BOARD-OAK-40"][0].Raw)
	if p["price"].(interface{ String() string }).String() != "34.95" || p["description"] != "Solid oak, oiled" || p["hs_product_type"] != "inventory" {
		t.Errorf("BOARD-OAK-40 = %v", p)
	}
	if p := props(t, got["GIFT-WRAP"][0].Raw); p["hs_product_type"] != "non_inventory" {
		t.Errorf("GIFT-WRAP = %v", p)
	}

	emu.ResetCounts()
	stats, err = plans[0].Run(context.Background(), engine.RunOptions{State: store, Connector: connectors.Options{BaseDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	if n := writes(); n != 0 {
		t.Errorf("second run made %d write calls, want 0 (counts %v)", n, emu.Counts())
	}
	t.Logf("second run: %d calls for %d records, 0 writes (%v)", calls(), stats.Read, emu.Counts())
}

// checkWriter opens a writer on the emulator to look at what it holds.
func checkWriter(t *testing.T, url string) *writer {
	t.Helper()
	cfg := &Config{Connection: "check", BaseURL: url, Token: emulator.DefaultPrivateAppToken, CallsPerTenSeconds: 10000}
	o := connectors.Options{Entity: "hubspot/product"}
	w, err := openWriter(context.Background(), cfg, o, deps{})
	if err != nil {
		t.Fatal(err)
	}
	return w.(*writer)
}
