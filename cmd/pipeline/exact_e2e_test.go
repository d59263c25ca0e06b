package main

import (
	"bytes"
	"context"
	"encoding/json"

	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

const exactPipeline = "../../pipelines/webshop_orders_to_exactonline/pipeline.hcl"

// exactFixture is a running Exact Online emulator seeded for the webshop
// pipeline, with tokens for connection "exact" in a private credentials
// file.
type exactFixture struct {
	emu   *exactemu.Server
	env   map[string]string
	state string
}

func startExact(t *testing.T, opts exactemu.Options) *exactFixture {
	t.Helper()
	seed, err := os.Open("../../pipelines/webshop_orders_to_exactonline/emulator-seed.json")
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	opts.Seed = seed
	opts.MinuteLimit, opts.DayLimit = -1, -1
	emu, err := exactemu.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Start(""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	creds := filepath.Join(t.TempDir(), "credentials.json")
	store, err := httpx.NewFileStore(creds)
	if err != nil {
		t.Fatal(err)
	}
	toks, err := emu.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	err = store.Save("exact", &oauth2.Token{AccessToken: toks.AccessToken, RefreshToken: toks.RefreshToken,
		TokenType: "Bearer", Expiry: time.Now().Add(time.Duration(toks.ExpiresIn) * time.Second)})
	if err == nil {
		err = store.SetSecret("exact", "client_secret", exactemu.DefaultClientSecret)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(httpx.CredentialsEnv, creds)
	return &exactFixture{emu: emu, state: filepath.Join(t.TempDir(), "state.db"),
		env: map[string]string{"EXACT_CLIENT_ID": exactemu.DefaultClientID}}
}

// run runs the webshop → Exact Online pipeline against the emulator.
func (f *exactFixture) run(t *testing.T, extra ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(name string) (string, bool) { v, ok := f.env[name]; return v, ok }}
	args := append([]string{"run", "-state", f.state, "-rejects", filepath.Join(t.TempDir(), "r.ndjson"),
		"-var", "exact_url=" + f.emu.URL(), "-var", "calls_per_minute=100000"}, extra...)
	code := runCLI(context.Background(), env, append(args, exactPipeline))
	return code, errb.String()
}

// orders returns the emulator's sales orders by YourRef.
func (f *exactFixture) orders(t *testing.T) map[string]int {
	t.Helper()
	toks, err := f.emu.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	next := f.emu.URL() + "/api/v1/123456/salesorder/SalesOrders?$select=YourRef"
	for next != "" {
		req, _ := http.NewRequest("GET", next, nil)
		req.Header.Set("Authorization", "Bearer "+toks.AccessToken)
		req.Header.Set("Accept", "application/json")
		// A timeout fault holds a request until the client gives up.
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			D struct {
				Results []struct{ YourRef string } `json:"results"`
				Next    string                     `json:"__next"`
			} `json:"d"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.D.Results {
			counts[o.YourRef]++
		}
		next = page.D.Next
	}
	return counts
}

func (f *exactFixture) calls(method string) (total, writes int) {
	for route, n := range f.emu.Counts() {
		total += n
		if strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "PUT ") {
			writes += n
		}
	}
	return total, writes
}

// TestWebshopOrdersIntoExactOnline runs the shipped webshop pipeline into
// the Exact Online emulator end to end, then again over the same data.
func TestWebshopOrdersIntoExactOnline(t *testing.T) {
	f := startExact(t, exactemu.Options{})
	code, errs := f.run(t)
	if code != exitOK || !strings.Contains(errs, "written 26, rejected 2") {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	orders := f.orders(t)
	if len(orders) != 26 {
		t.Fatalf("Exact has %d orders, want 26: %v", len(orders), orders)
	}
	for ref, n := range orders {
		if n != 1 {
			t.Errorf("order %s exists %d times", ref, n)
		}
	}
	total, writes := f.calls("")
	t.Logf("first run: %d calls for 26 orders (%.2f per order), %d writes", total, float64(total)/26, writes)
	if writes != 26 {
		t.Errorf("%d write calls for 26 orders", writes)
	}

	f.emu.ResetCounts()
	code, errs = f.run(t)
	if code != exitOK || !strings.Contains(errs, "written 0") || !strings.Contains(errs, "26 unchanged") {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	total, writes = f.calls("")
	t.Logf("second run: %d calls, %d writes", total, writes)
	if writes != 0 {
		t.Errorf("the second run over the same data made %d write calls", writes)
	}
	if n := len(f.orders(t)); n != 26 {
		t.Errorf("after the second run Exact has %d orders", n)
	}

}

// TestRunEmulated runs the Exact pipeline with -emulate: an in-process
// emulator stands in, and a second run sees what the first wrote.
func TestRunEmulated(t *testing.T) {
	pipeline, _ := filepath.Abs(exactPipeline)
	t.Chdir(t.TempDir())
	code, _, errs := cli(t, "run", "-emulate", "-state", "state.db", "-rejects", "r.ndjson", pipeline)
	if code != exitOK || !strings.Contains(errs, "emulating exactonline http://127.0.0.1:") || !strings.Contains(errs, "written 26") {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	code, _, errs = cli(t, "run", "-emulate", "-state", "state.db", "-rejects", "r.ndjson", pipeline)
	if code != exitOK || !strings.Contains(errs, "26 unchanged") {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
}
