package asperion

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

const pipelineDir = "../../pipelines/webshop_orders_to_asperion"

// The shipped pipeline, compiled by the engine and run twice against the
// emulator seeded from its folder: the first run creates the paid and
// processing orders with their lines (customers by e-mail or the default
// debtor, articles by code, an inactive one included), the second run over
// the same data writes nothing.
func TestPipelineEndToEnd(t *testing.T) {
	seed, err := os.Open(filepath.Join(pipelineDir, "emulator-seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	srv, err := emulator.NewServer(emulator.Options{Seed: seed, MinuteLimit: -1, Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(""); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	// The tokens and secret `pipeline auth asperion` would have stored.
	creds := filepath.Join(t.TempDir(), "credentials.json")
	t.Setenv("PIPELINE_CREDENTIALS", creds)
	tok, err := srv.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	store, err := httpx.NewFileStore(creds)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Save("asperion", &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetSecret("asperion", "client_secret", emulator.DefaultClientSecret); err != nil {
		t.Fatal(err)
	}

	reg := connectors.NewRegistry()
	reg.MustRegister(Spec())
	for _, s := range file.Specs() {
		reg.MustRegister(s)
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), filepath.Join(pipelineDir, "pipeline.hcl"), engine.Options{
		Connectors: reg, Schemas: set,
		Vars: map[string]string{"asperion_url": srv.URL(), "calls_per_minute": "6000"},
		Getenv: func(k string) (string, bool) {
			if k == "ASPERION_CLIENT_ID" {
				return emulator.DefaultClientID, true
			}
			return "", false
		},
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	dir, err := filepath.Abs(pipelineDir)
	if err != nil {
		t.Fatal(err)
	}
	run := engine.RunOptions{State: st, Connector: connectors.Options{BaseDir: dir}}

	s1, err := plans[0].Run(ctx, run)
	if err != nil {
		t.Fatalf("first run: %v (%+v)", err, s1)
	}
	counts1 := srv.Counts()
	orders := readOrders(t, srv.URL())
	// 27 paid or processing orders, less one with an unknown SKU; one line
	// of the sample is not JSON at all.
	if s1.Created != 26 || len(orders) != 26 || counts1["POST /v1/SalesOrderWithLines"] != 26 || s1.Rejected != 2 {
		t.Fatalf("first run: %+v, %d orders in Asperion, %d POSTs", s1, len(orders), counts1["POST /v1/SalesOrderWithLines"])
	}
	byRef := map[string]map[string]any{}
	for _, o := range orders {
		byRef[o["reference"].(string)] = o
	}
	o := byRef["WS-000000"] // Lena Müller, a known debtor; 3 aprons, 15% off, and a discount
	lines, _ := o["lines"].([]any)
	if o["debtorId"].(json.Number) != "2" || o["paymentConditionId"].(json.Number) != "1" || len(lines) != 2 {
		t.Errorf("WS-000000 = %v", o)
	}
	if l0 := lines[0].(map[string]any); l0["articleId"].(json.Number) != "2" || num(l0["discountPercentage"]) != 15 || l0["salesTypeId"].(json.Number) != "2" {
		t.Errorf("WS-000000 line 1 = %v", l0)
	}
	if l1 := lines[1].(map[string]any); l1["articleId"] != nil || num(l1["unitPrice"]) != -5 || num(l1["vatAmount"]) != -1.05 {
		t.Errorf("WS-000000 discount line = %v", l1)
	}
	if o := byRef["WS-000002"]; o["debtorId"].(json.Number) != "3" {
		t.Errorf("WS-000002 debtor %v, want 3 (by e-mail)", o["debtorId"])
	}
	var defaulted int
	for _, o := range orders {
		if o["debtorId"].(json.Number) == "1" {
			defaulted++
		}
	}
	if defaulted == 0 {
		t.Error("no order went to the default debtor")
	}

	srv.ResetCounts()
	s2, err := plans[0].Run(ctx, run)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	writes := 0
	for k, v := range srv.Counts() {
		if !strings.HasPrefix(k, "GET ") {
			writes += v
		}
	}
	if s2.Created != 0 || s2.Unchanged != 26 || writes != 0 {
		t.Errorf("second run: %+v, %d write calls, want none", s2, writes)
	}
	calls := 0
	for k, v := range counts1 {
		if strings.Contains(k, "/v1/") {
			calls += v
		}
	}
	t.Logf("first run: %d API calls for %d orders = %.2f requests per synced record; second run: %d calls", calls, s1.Created, float64(calls)/float64(s1.Created), sum(srv.Counts()))
}

func num(v any) float64 {
	n, _ := v.(json.Number)
	f, err := n.Float64()
	if err != nil {
		return 0
	}
	return f
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// readOrders lists the orders in the emulator through the connector.
func readOrders(t *testing.T, base string) []map[string]any {
	t.Helper()
	cfg := &Config{Connection: "asperion", BaseURL: base, ClientID: emulator.DefaultClientID, CallsPerMinute: 6000}
	o := connectors.Options{Entity: "asperion/sales_order"}
	r, err := openReader(context.Background(), cfg, o, deps{limiters: httpx.NewLimiterRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, rec := range readAll(t, r) {
		out = append(out, decode(t, rec.Raw))
	}
	return out
}
