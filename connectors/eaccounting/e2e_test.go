package eaccounting

import (
	"bufio"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

// e2e runs a pipeline folder of this connector, compiled by the engine,
// against an emulator on real time, with the state in SQLite.
type e2e struct {
	t    *testing.T
	emu  *emulator.Emulator
	plan *engine.Plan
	dir  string
	url  string
	st   *sqlitestore.Store
	rej  []engine.Reject
}

func newE2E(t *testing.T, folder string, vars map[string]string) *e2e {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { emu.Close(); srv.Close() })
	tok, err := emu.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	// The pipeline names connection "visma" and leaves credentials to
	// the default file, which the environment points here.
	creds := filepath.Join(t.TempDir(), "credentials.json")
	t.Setenv(httpx.CredentialsEnv, creds)
	store, _ := httpx.NewFileStore(creds)
	if err := store.Save("visma", &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetSecret("visma", "client_secret", emulator.DefaultClientSecret); err != nil {
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
	all := map[string]string{"eaccounting_url": srv.URL, "calls_per_minute": "100000"}
	for k, v := range vars {
		all[k] = v
	}
	path := filepath.Join("..", "..", "pipelines", folder, "pipeline.hcl")
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), path, engine.Options{Connectors: reg, Schemas: set, Vars: all,
		Getenv: func(k string) (string, bool) {
			if k == "VISMA_CLIENT_ID" {
				return emulator.DefaultClientID, true
			}
			return "", false
		}})
	if diags.HasErrors() || len(plans) != 1 {
		t.Fatalf("compiling %s: %v", path, diags)
	}
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &e2e{t: t, emu: emu, plan: plans[0], st: st, dir: filepath.Dir(path), url: srv.URL}
}

func (x *e2e) run() engine.Stats {
	x.t.Helper()
	x.emu.ResetCounts()
	stats, err := x.plan.Run(context.Background(), engine.RunOptions{State: x.st, Connector: connectors.Options{BaseDir: x.dir},
		Rejects: engine.RejectFunc(func(_ context.Context, r engine.Reject) error { x.rej = append(x.rej, r); return nil })})
	if err != nil {
		x.t.Fatalf("run: %v (rejects %v)", err, x.rej)
	}
	return stats
}

// calls sums the emulator's API counts whose key starts with prefix
// ("POST ", "PUT ", "" for all), leaving the token endpoint out.
func (x *e2e) calls(prefix string) int {
	n := 0
	for k, v := range x.emu.Counts() {
		if strings.HasPrefix(k, prefix) && strings.Contains(k, " /v2/") {
			n += v
		}
	}
	return n
}

func TestPipelineArticlesToEAccounting(t *testing.T) {
	x := newE2E(t, "articles_to_eaccounting", nil)
	s1 := x.run()
	calls1 := x.calls("")
	t.Logf("run 1: %+v; %d calls (%v), %.2f per record", s1, calls1, x.emu.Counts(), float64(calls1)/float64(s1.Read))
	// Six products: SKU-1001 and SKU-1002 exist (the seed's coding is
	// 9%, the file's prices or stock differ), three are new, SKU-3003
	// has VAT 0, for which the pipeline knows no coding.
	if s1.Read != 6 || s1.Rejected != 1 || s1.Created != 3 || s1.Created+s1.Updated+s1.Unchanged != 5 {
		t.Fatalf("run 1: %+v, rejects %v", s1, x.rej)
	}
	if !strings.Contains(x.rej[0].Origin, ":5") {
		t.Errorf("rejected %s, want line 5 (VAT 0)", x.rej[0].Origin)
	}
	if x.calls("POST ") != 3 || x.calls("PUT ") != s1.Updated {
		t.Errorf("writes %v, want 3 POSTs and %d PUTs", x.emu.Counts(), s1.Updated)
	}
	x.checkArticles()
	s2 := x.run()
	t.Logf("run 2: %+v; %v", s2, x.emu.Counts())
	if s2.Read != 6 || s2.Created != 0 || s2.Updated != 0 {
		t.Errorf("run 2: %+v, want nothing written", s2)
	}
	if n := x.calls("POST ") + x.calls("PUT "); n != 0 {
		t.Errorf("run 2 made %d write calls, want 0", n)
	}
}

func TestPipelineOrdersToFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "orders.ndjson")
	x := newE2E(t, "eaccounting_orders_to_file", map[string]string{"output": out})
	s1 := x.run()
	t.Logf("run 1: %+v; %v", s1, x.emu.Counts())
	if s1.Read != 2 || s1.Written != 2 || x.calls("") != 1 {
		t.Fatalf("run 1: %+v in %d calls, want 2 orders in 1", s1, x.calls(""))
	}
	lines := fileLines(t, out)
	if len(lines) != 2 || !strings.Contains(lines[0], `"your_reference":"WEB-10001"`) || !strings.Contains(lines[0], `"rows":[{`) {
		t.Fatalf("file: %q", lines)
	}
	s2 := x.run()
	if s2.Read != 0 || len(fileLines(t, out)) != 2 || x.calls("POST ")+x.calls("PUT ") != 0 {
		t.Errorf("run 2 over the same data: %+v, file %d lines", s2, len(fileLines(t, out)))
	}
}

func fileLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// checkArticles reads back what the articles pipeline wrote.
func (x *e2e) checkArticles() {
	t := x.t
	cfg := &Config{Connection: "visma", BaseURL: x.url, ClientID: emulator.DefaultClientID, CallsPerMinute: 100000}
	r, err := openReader(context.Background(), cfg, connectors.Options{Entity: "eaccounting/article"}, deps{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	get := func(num string) map[string]any {
		got, err := r.(connectors.Lookuper).Lookup(context.Background(), connectors.LookupQuery{Entity: "eaccounting/article", Field: "Number", Value: num})
		if err != nil || len(got) != 1 {
			t.Fatalf("article %s: %d found, %v", num, len(got), err)
		}
		return decode(t, got[0].Raw)
	}
	flour := get("SKU-1001")
	if flour["NetPrice"].(interface{ String() string }).String() != "9.25" || flour["StockBalance"].(interface{ String() string }).String() != "80" ||
		flour["NameEnglish"] != "Wholemeal flour 5 kg" {
		t.Errorf("updated SKU-1001 = %v", flour)
	}
	spelt := get("SKU-3001")
	if bc, _ := spelt["Barcodes"].([]any); len(bc) != 1 || bc[0].(map[string]any)["Barcode"] != "8712345000104" || spelt["CodingId"] != "d1000000-0000-4000-8000-000000000002" {
		t.Errorf("created SKU-3001 = %v", spelt)
	}
	if tray := get("SKU-3002"); tray["IsStock"] != true || tray["CodingId"] != seedCoding21 || tray["UnitId"] != seedUnitPcs {
		t.Errorf("created SKU-3002 = %v", tray)
	}
	if scraper := get("SKU-3004"); scraper["IsActive"] != false || scraper["IsStock"] != false {
		t.Errorf("created SKU-3004 = %v", scraper)
	}
}
