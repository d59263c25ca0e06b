package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// TestServeEmulatedOnSchedule serves the shipped Exact Online pipeline
// with a one-second schedule against its in-process emulator: the
// schedule fires runs, and the metrics count them and the API calls.
func TestServeEmulatedOnSchedule(t *testing.T) {
	work := t.TempDir()
	dir := filepath.Join(work, "pipelines")
	exactPipelineCopy(t, dir, map[string]string{"input": strconv.Quote(absSample(t))}, "every 1s")
	copyFile(t, filepath.Join(repoRoot(t), "pipelines/webshop_orders_to_exactonline/emulator-seed.json"), filepath.Join(dir, "orders", "emulator-seed.json"))
	t.Chdir(work) // -emulate keeps emulator data under ./.pipeline
	s := startServe(t, nil, "-emulate", "-state", filepath.Join(work, "state.db"), dir)
	runs := s.waitEnded("webshop_orders_to_exactonline", 2)
	last := runs[0]
	first := runs[len(runs)-1]
	if first.Status != "ok" || first.Written == 0 {
		t.Fatalf("first scheduled run = %+v\n%s", first, s.stderr.String())
	}
	if last.ID == first.ID {
		t.Fatal("one run only")
	}
	var metrics strings.Builder
	if code := s.callText("/metrics", &metrics); code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{`pipeline_records_read_total{pipeline="webshop_orders_to_exactonline"}`,
		`pipeline_api_calls_total{connection="exact",system="exactonline"}`, `pipeline_queue_depth`} {
		if !strings.Contains(metrics.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if code := s.stop(); code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

// TestServeSlowConnectionHoldsUpNoOther runs a pipeline into a
// rate-limited Exact Online (600 calls a minute) while a file pipeline runs
// again and again; triggers of the slow one during its run fold into one
// follow-up, which starts only after the first run ended.
func TestServeSlowConnectionHoldsUpNoOther(t *testing.T) {
	f := startExact(t, exactemu.Options{})
	dir := t.TempDir()
	path := exactPipelineCopy(t, dir, map[string]string{"input": strconv.Quote(absSample(t)),
		"exact_url": strconv.Quote(f.emu.URL()), "calls_per_minute": "600"}, "")
	// Limiters are per connection name and process: a name of its own
	// keeps other tests' limits out of this one.
	renameConnection(t, f, path, "exact_slow")
	os.WriteFile(filepath.Join(dir, "in.ndjson"), []byte(`{"id":1}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "copy.hcl"), []byte(`pipeline "copy" {
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out/copy.ndjson"
  }
  map {
    id = "source.id"
  }
}
`), 0o644)
	s := startServe(t, f.env, "-state", filepath.Join(t.TempDir(), "state.db"), dir)
	const slow = "webshop_orders_to_exactonline"
	s.call("POST", "/api/pipelines/"+slow+"/runs", nil)
	waitUntil(t, func() bool { r := s.runs(slow); return len(r) == 1 && r[0].Status == "running" })
	for i := 0; i < 5; i++ {
		if code := s.call("POST", "/api/pipelines/"+slow+"/runs", nil); code != 202 {
			t.Fatalf("trigger during a run: %d", code)
		}
	}
	for i := 1; i <= 3; i++ {
		s.call("POST", "/api/pipelines/copy/runs", nil)
		s.waitEnded("copy", i)
	}
	if r := s.runs(slow); len(r) != 1 || r[0].Status != "running" {
		t.Fatalf("the slow pipeline's first run should still be going while the file pipeline ran 3 times: %+v", r)
	}
	runs := s.waitEnded(slow, 2)
	waitUntil(t, func() bool {
		var p struct{ Running bool }
		s.call("GET", "/api/pipelines/"+slow, &p)
		return !p.Running
	})
	runs = s.runs(slow)
	if len(runs) != 2 {
		t.Fatalf("%d runs of the slow pipeline, want 2 (5 triggers during a run queue one follow-up)", len(runs))
	}
	if second, first := runs[0], runs[1]; second.StartedAt.Before(first.EndedAt) {
		t.Fatalf("runs overlap: first ended %s, second started %s", first.EndedAt, second.StartedAt)
	}
	if counts := f.orders(t); len(counts) == 0 {
		t.Fatal("no orders in Exact")
	} else {
		for ref, n := range counts {
			if n != 1 {
				t.Errorf("order %s %d times", ref, n)
			}
		}
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// renameConnection gives the pipeline's Exact connection another name,
// with the fixture's tokens stored under it.
func renameConnection(t *testing.T, f *exactFixture, path, name string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte(strings.Replace(string(b), `connection = "exact"`, `connection = "`+name+`"`, 1)), 0o644)
	store, err := httpx.NewFileStore(os.Getenv(httpx.CredentialsEnv))
	if err != nil {
		t.Fatal(err)
	}
	toks, err := f.emu.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	err = store.Save(name, &oauth2.Token{AccessToken: toks.AccessToken, RefreshToken: toks.RefreshToken,
		TokenType: "Bearer", Expiry: time.Now().Add(time.Duration(toks.ExpiresIn) * time.Second)})
	if err == nil {
		err = store.SetSecret(name, "client_secret", exactemu.DefaultClientSecret)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestServeExactWebhookStartsSubscribedPipeline subscribes the server to
// the Exact Online emulator's SalesOrders webhook: a run that creates
// sales orders makes the emulator post signed notifications, and the
// pipeline whose trigger block names that topic runs.
func TestServeExactWebhookStartsSubscribedPipeline(t *testing.T) {
	f := startExact(t, exactemu.Options{})
	dir := t.TempDir()
	path := exactPipelineCopy(t, dir, map[string]string{"input": strconv.Quote(absSample(t)),
		"exact_url": strconv.Quote(f.emu.URL()), "calls_per_minute": "100000"}, "")
	renameConnection(t, f, path, "exact_hooks")
	os.WriteFile(filepath.Join(dir, "in.ndjson"), []byte(`{"id":1}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "on_orders.hcl"), []byte(`pipeline "on_orders" {
  trigger "exactonline" {
    events = ["SalesOrders"]
  }
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path = "out/copy.ndjson"
  }
  map {
    id = "source.id"
  }
}
`), 0o644)
	env := map[string]string{"PIPELINE_EXACT_WEBHOOK_SECRET": exactemu.DefaultWebhookSecret}
	for k, v := range f.env {
		env[k] = v
	}
	s := startServe(t, env, "-state", filepath.Join(t.TempDir(), "state.db"), dir)
	toks, err := f.emu.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"CallbackURL":"` + s.url + `/webhooks/exactonline","Topic":"SalesOrders"}`
	req, _ := http.NewRequest("POST", f.emu.URL()+"/api/v1/123456/webhooks/WebhookSubscriptions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+toks.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("subscribing: %s", resp.Status)
	}
	if len(s.runs("on_orders")) != 0 {
		t.Fatal("on_orders ran before any webhook")
	}
	s.call("POST", "/api/pipelines/webshop_orders_to_exactonline/runs", nil)
	s.waitEnded("webshop_orders_to_exactonline", 1)
	s.waitEnded("on_orders", 1)
	if strings.Contains(s.stderr.String(), "webhook delivery refused") {
		t.Fatalf("a genuine delivery was refused:\n%s", s.stderr.String())
	}
}
