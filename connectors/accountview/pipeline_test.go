package accountview

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	"github.com/pipeline-dev/pipeline/connectors/file"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

// e2e is the shipped pipeline folders run by the engine against an
// in-process emulator seeded with the folder's seed file, with real time.
type e2e struct {
	t     *testing.T
	emu   *emulator.Emulator
	url   string
	store *sqlitestore.Store
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	seed, err := os.Open("../../pipelines/webshop_orders_to_accountview/emulator-seed.json")
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	emu, err := emulator.New(emulator.Options{Seed: seed, MinuteLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { emu.Close(); srv.Close() })
	tok, err := emu.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	creds := filepath.Join(t.TempDir(), "credentials.json")
	fs, _ := httpx.NewFileStore(creds)
	if err := fs.Save("accountview", &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		TokenType: "bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := fs.SetSecret("accountview", "client_secret", emulator.DefaultClientSecret); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PIPELINE_CREDENTIALS", creds)
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &e2e{t: t, emu: emu, url: srv.URL, store: st}
}

// run compiles the folder's pipeline and runs it once.
func (x *e2e) run(folder string, vars map[string]string) engine.Stats {
	x.t.Helper()
	reg := connectors.NewRegistry()
	reg.MustRegister(Spec())
	for _, s := range file.Specs() {
		reg.MustRegister(s)
	}
	set, err := schemas.Default()
	if err != nil {
		x.t.Fatal(err)
	}
	all := map[string]string{"accountview_url": x.url, "calls_per_minute": "6000"}
	for k, v := range vars {
		all[k] = v
	}
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), filepath.Join("../../pipelines", folder, "pipeline.hcl"), engine.Options{
		Connectors: reg, Schemas: set, Vars: all,
		Getenv: func(k string) (string, bool) {
			if k == "ACCOUNTVIEW_CLIENT_ID" {
				return emulator.DefaultClientID, true
			}
			return "", false
		},
	})
	if diags.HasErrors() {
		x.t.Fatal(diags)
	}
	dir, _ := filepath.Abs(filepath.Join("../../pipelines", folder))
	stats, err := plans[0].Run(context.Background(), engine.RunOptions{State: x.store, Connector: connectors.Options{BaseDir: dir}})
	var tooMany *engine.TooManyRejectsError
	if err != nil && !errors.As(err, &tooMany) {
		x.t.Fatal(err)
	}
	return stats
}

func (x *e2e) writes() int {
	n := 0
	for k, v := range x.emu.Counts() {
		if strings.HasPrefix(k, "POST "+dataRoute+"?") || strings.HasPrefix(k, "PUT "+dataRoute+"?") {
			n += v
		}
	}
	return n
}

func (x *e2e) calls() int {
	n := 0
	for k, v := range x.emu.Counts() {
		if strings.Contains(k, dataRoute+"?") {
			n += v
		}
	}
	return n
}

func TestPipelineWebshopOrders(t *testing.T) {
	x := newE2E(t)
	s1 := x.run("webshop_orders_to_accountview", nil)
	if s1.Created == 0 || x.writes() != s1.Created {
		t.Fatalf("first run: %+v, %d write calls", s1, x.writes())
	}
	calls1 := x.calls()
	t.Logf("first run: %+v; %d API calls for %d orders (%.2f a record)", s1, calls1, s1.Created, float64(calls1)/float64(s1.Created))
	orders := readE2EOrders(t, x)
	if len(orders) != s1.Created {
		t.Fatalf("AccountView holds %d orders, the run created %d", len(orders), s1.Created)
	}
	byRef := map[string]map[string]any{}
	for _, o := range orders {
		byRef[o["COMMENT1"].(string)] = o
	}
	// WS-000000 is Lena's (debtor 10001), paid, with a discount line.
	o := byRef["WS-000000"]
	if o == nil || o["RPL_INV"] != "10001" || len(o["SO_LINE"].([]any)) != 2 {
		t.Fatalf("WS-000000 = %v", o)
	}
	if o["ORD_DATE"] != "2024-03-01T09:00:00+01:00" {
		t.Errorf("ORD_DATE = %v, want 08:00Z as Amsterdam time", o["ORD_DATE"])
	}
	if byRef["WS-000001"] != nil {
		t.Error("the pending order WS-000001 was sent")
	}
	t.Logf("calls by business object: %v", x.emu.Counts())
	before, callsBefore := x.writes(), x.calls()
	s2 := x.run("webshop_orders_to_accountview", nil)
	if x.writes() != before || s2.Created != 0 || s2.Written != 0 {
		t.Fatalf("second run wrote: %+v, %d write calls", s2, x.writes()-before)
	}
	t.Logf("second run: %+v; %d API calls", s2, x.calls()-callsBefore)
}

func readE2EOrders(t *testing.T, x *e2e) []map[string]any {
	t.Helper()
	c := Config{Connection: "accountview", BaseURL: x.url, Company: "7a1c2d3e-4a5b-4c6d-8e7f-000000000001",
		ClientID: emulator.DefaultClientID, CallsPerMinute: 6000}
	o := connectors.Options{Entity: "accountview/sales_order"}
	r, err := openReader(context.Background(), &c, o, deps{})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, rec := range readAll(t, r) {
		var m map[string]any
		if err := json.Unmarshal(rec.Raw, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestPipelineDebtorsToFile(t *testing.T) {
	x := newE2E(t)
	out := filepath.Join(t.TempDir(), "debtors.ndjson")
	s1 := x.run("accountview_debtors_to_file", map[string]string{"output": out})
	lines := fileLines(t, out)
	if s1.Read != 3 || len(lines) != 3 || !strings.Contains(lines[1], `"email":"lena.müller0@example.com"`) {
		t.Fatalf("first run: %+v\n%s", s1, strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[0], `"changed_at":"20`) || !strings.Contains(lines[0], `+0`) {
		t.Errorf("changed_at is not RFC 3339 with an offset: %s", lines[0])
	}
	calls := x.calls()
	t.Logf("first run: %+v; %d API calls for %d debtors", s1, calls, s1.Read)
	// The second run starts from the cursor: nothing new is written to the
	// file and AccountView sees no write.
	s2 := x.run("accountview_debtors_to_file", map[string]string{"output": out})
	if x.writes() != 0 {
		t.Errorf("%d write calls to AccountView", x.writes())
	}
	if s2.Read > 3 || x.calls() != calls+1 {
		t.Errorf("second run: %+v, %d calls (want one page from the cursor)", s2, x.calls()-calls)
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
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
