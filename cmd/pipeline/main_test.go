package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const example = "../../pipelines/webshop_orders_to_exact/pipeline.hcl"

// cli runs the command line in-process and returns its exit code, stdout
// and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	stateFile := filepath.Join(t.TempDir(), "state.db")
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(name string) (string, bool) {
			if name == "PIPELINE_STATE" {
				return stateFile, true
			}
			return "", false
		}}
	code := runCLI(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"run"}, {"validate", "-nope"}, {"run", "-var", "novalue", example}} {
		if code, _, _ := cli(t, args...); code != exitUsage {
			t.Errorf("pipeline %v exited %d, want %d", args, code, exitUsage)
		}
	}
}

func TestValidateShippedPipelines(t *testing.T) {
	code, out, errs := cli(t, "validate", "../../pipelines")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "are valid") {
		t.Errorf("stdout = %q", out)
	}
}

func TestValidateReportsPositions(t *testing.T) {
	bad := writeTemp(t, "bad.hcl", `pipeline "p" {
  source "ndjson" {
    path   = "in.ndjson"
    schema = "webshop/order"
  }
  target "ndjson" {
    path = "out.ndjson"
  }
  map {
    Email = "lowr(source.customer.email)"
    Name  = "source.customer.frist_name"
  }
}
`)
	code, _, errs := cli(t, "validate", bad)
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s", code, errs)
	}
	for _, want := range []string{
		bad + ":10:14: Error: Unknown function",
		`Did you mean "lower"?`,
		bad + ":11:30: Error: Unknown source field",
		`Did you mean "first_name"?`,
		"  10 |     Email = \"lowr(source.customer.email)\"",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	code, out, _ := cli(t, "validate", "-json", bad)
	if code != exitFail {
		t.Fatalf("-json exit %d", code)
	}
	var res struct {
		Valid       bool `json:"valid"`
		ErrorCount  int  `json:"error_count"`
		Diagnostics []struct {
			Summary string `json:"summary"`
			Range   struct {
				Start struct{ Line, Column int } `json:"start"`
			} `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("-json output is not JSON: %v\n%s", err, out)
	}
	if res.Valid || res.ErrorCount != 2 || res.Diagnostics[0].Range.Start.Line != 10 || res.Diagnostics[0].Range.Start.Column != 14 {
		t.Errorf("wrong JSON result: %+v", res)
	}
}

func TestRunExample(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out", "orders.ndjson")
	rejects := filepath.Join(dir, "rejects.ndjson")
	code, _, errs := cli(t, "run", "-var", "output="+out, "-rejects", rejects, example)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "read 41, filtered out 13, written 26, rejected 2") {
		t.Errorf("summary: %s", errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 26 {
		t.Errorf("%d records written, want 26", n)
	}
	rj, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rj)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"origin":"sample/orders.ndjson:13"`) || !strings.Contains(lines[0], "invalid JSON") {
		t.Errorf("rejects:\n%s", rj)
	}
	if !strings.Contains(lines[1], `"field":"SalesOrderLines.0.Item"`) {
		t.Errorf("second reject: %s", lines[1])
	}
}

func TestRunFailsOverMaxRejects(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.ndjson")
	if err := os.WriteFile(in, []byte(strings.Repeat("not json\n", 6)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "run", "-var", "input="+in, "-var", "output="+filepath.Join(dir, "o.ndjson"),
		"-rejects", filepath.Join(dir, "r.ndjson"), "-quiet", example)
	if code != exitFail || !strings.Contains(errs, "more than max_rejects = 5") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestTestCommandLastLine(t *testing.T) {
	code, out, _ := cli(t, "test", "../../pipelines")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if code != exitOK || !strings.HasSuffix(last, " passed, 0 failed") || strings.HasPrefix(last, "0 passed") {
		t.Errorf("exit %d, last line %q\n%s", code, last, out)
	}
}

func TestTestCommandShowsFieldDiff(t *testing.T) {
	src, _ := filepath.Abs("../../pipelines/webshop_orders_to_exact")
	dir := t.TempDir()
	copyTree(t, src, dir)
	want := filepath.Join(dir, "tests", "paid_orders", "want.ndjson")
	data, _ := os.ReadFile(want)
	os.WriteFile(want, bytes.Replace(data, []byte(`"NetPrice":92.00`), []byte(`"NetPrice":92.01`), 1), 0o644)
	code, out, _ := cli(t, "test", dir)
	if code != exitFail || !strings.Contains(out, "SalesOrderLines.0.NetPrice: want 92.01, got 92.00") || !strings.HasSuffix(strings.TrimSpace(out), "3 passed, 1 failed") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, _ := cli(t, "test", "-update", dir); code != exitOK {
		t.Fatal("-update failed")
	}
	if code, out, _ := cli(t, "test", dir); code != exitOK {
		t.Errorf("after -update: exit %d\n%s", code, out)
	}
}

func TestFmt(t *testing.T) {
	if code, out, errs := cli(t, "fmt", "-check", "../../pipelines"); code != exitOK {
		t.Errorf("shipped pipelines are not formatted: %s%s", out, errs)
	}
	messy := writeTemp(t, "m.hcl", "pipeline \"p\" {\nsource \"ndjson\" {\npath=\"x\"\n}\n}\n")
	if code, out, _ := cli(t, "fmt", "-check", messy); code != exitFail || !strings.Contains(out, messy) {
		t.Errorf("-check on a messy file: exit %d, %q", code, out)
	}
	if code, _, _ := cli(t, "fmt", messy); code != exitOK {
		t.Fatal("fmt failed")
	}
	got, _ := os.ReadFile(messy)
	if !strings.Contains(string(got), "    path = \"x\"") {
		t.Errorf("not formatted:\n%s", got)
	}
	broken := writeTemp(t, "b.hcl", "pipeline \"p\" {\n")
	if code, _, errs := cli(t, "fmt", broken); code != exitFail || !strings.Contains(errs, "b.hcl:") {
		t.Errorf("fmt of a broken file: exit %d, %q", code, errs)
	}
}

func TestInfoCommands(t *testing.T) {
	if code, out, _ := cli(t, "functions", "round"); code != exitOK || !strings.Contains(out, "round(") {
		t.Errorf("functions: %d %q", code, out)
	}
	if code, out, _ := cli(t, "connectors"); code != exitOK || !strings.Contains(out, "ndjson") || !strings.Contains(out, "csv") {
		t.Errorf("connectors: %d %q", code, out)
	}
	if code, out, _ := cli(t, "schemas", "exactonline/sales_order"); code != exitOK || !strings.Contains(out, "OrderedBy") {
		t.Errorf("schemas: %d %q", code, out)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == "out" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEmulateServesUntilCancelled(t *testing.T) {
	for _, system := range []string{"exactonline", "eaccounting", "hubspot", "asperion", "accountview"} {
		t.Run(system, func(t *testing.T) { emulateOne(t, system) })
	}
	if code, _, _ := cli(t, "emulate", "nosuchsystem"); code != exitUsage {
		t.Errorf("unknown system: exit %d", code)
	}
}

func emulateOne(t *testing.T, system string) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) (string, bool) { return "", false }}
	done := make(chan int)
	go func() { done <- runCLI(ctx, env, []string{"emulate", "-no-limits", system}) }()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		if line, _, ok := strings.Cut(out.String(), "\n"); ok {
			url = line[strings.LastIndex(line, " ")+1:]
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %q %q", out.String(), errb.String())
	}
	resp, err := http.Get(url + "/__emulator/counts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("counts: %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSecondRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "orders.ndjson")
	args := []string{"run", "-var", "output=" + out, "-rejects", filepath.Join(dir, "r.ndjson"), "-state", filepath.Join(dir, "state.db"), example}
	code, _, errs := cli(t, args...)
	if code != exitOK || !strings.Contains(errs, "written 26") {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	code, _, errs = cli(t, args...)
	if code != exitOK || !strings.Contains(errs, "written 0") || !strings.Contains(errs, "26 unchanged") {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	code, stdout, _ := cli(t, "logs", "-state", filepath.Join(dir, "state.db"))
	if code != exitOK || strings.Count(stdout, "webshop_orders_to_exact") != 2 {
		t.Errorf("logs: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = cli(t, "logs", "-state", filepath.Join(dir, "state.db"), "-record", "WS-000000")
	if code != exitOK || !strings.Contains(stdout, "create") || !strings.Contains(stdout, "unchanged") {
		t.Errorf("logs -record: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = cli(t, "logs", "-state", filepath.Join(dir, "state.db"), "-set-aside", "-pipeline", "webshop_orders_to_exact")
	if code != exitOK || !strings.Contains(stdout, "sample/orders.ndjson:13") {
		t.Errorf("logs -set-aside: exit %d\n%s", code, stdout)
	}
}

func TestPlanShowsDecisions(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	code, stdout, errs := cli(t, "plan", "-state", state, example)
	if code != exitOK || !strings.Contains(stdout, "26 to create") || !strings.Contains(stdout, "2 to set aside") {
		t.Fatalf("plan: exit %d\n%s%s", code, stdout, errs)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(example), "out", "never-written")); err == nil {
		t.Fatal("plan wrote output")
	}
}

func TestRetryAfterFix(t *testing.T) {
	src, _ := filepath.Abs("../../pipelines/webshop_orders_to_exact")
	dir := t.TempDir()
	copyTree(t, src, dir)
	pipeline := filepath.Join(dir, "pipeline.hcl")
	st := filepath.Join(dir, "state.db")
	common := []string{"-state", st, "-rejects", filepath.Join(dir, "r.ndjson")}
	if code, _, errs := cli(t, append(append([]string{"run"}, common...), pipeline)...); code != exitOK || !strings.Contains(errs, "rejected 2") {
		t.Fatalf("run: %d %s", code, errs)
	}
	// The mapping fix: the unknown SKU gets an Exact item.
	f, _ := os.OpenFile(filepath.Join(dir, "items.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("SKU-991003,c111f799-1111-4111-8111-0223c111f799\n")
	f.Close()
	code, _, errs := cli(t, append(append([]string{"retry"}, common...), pipeline)...)
	if code != exitOK || !strings.Contains(errs, "read 2") || !strings.Contains(errs, "written 1, rejected 1") {
		t.Fatalf("retry: %d %s", code, errs)
	}
	_, stdout, _ := cli(t, "logs", "-state", st, "-set-aside", "-pipeline", "webshop_orders_to_exact")
	if strings.Contains(stdout, "orders.ndjson:22") || !strings.Contains(stdout, "orders.ndjson:13") {
		t.Errorf("after retry the fixed record should be gone and the broken line remain:\n%s", stdout)
	}
}

func TestPlanSaveAndApply(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "state.db")
	out := filepath.Join(dir, "orders.ndjson")
	planFile := filepath.Join(dir, "plan.json")
	rj := filepath.Join(dir, "r.ndjson")
	if code, _, errs := cli(t, "plan", "-state", st, "-var", "output="+out, "-out", planFile, example); code != exitOK {
		t.Fatalf("plan: %d %s", code, errs)
	}
	code, _, errs := cli(t, "apply", "-state", st, "-rejects", rj, "-var", "output="+out, planFile, example)
	if code != exitOK || !strings.Contains(errs, "written 26") {
		t.Fatalf("apply: %d %s", code, errs)
	}
	data, _ := os.ReadFile(out)
	if n := strings.Count(string(data), "\n"); n != 26 {
		t.Errorf("%d records written by apply, want 26", n)
	}
	// Applying the same plan again: every create is refused, the records
	// were written since the plan was made.
	code, _, errs = cli(t, "apply", "-state", st, "-rejects", rj, "-var", "output="+out, planFile, example)
	if code != exitFail || !strings.Contains(errs, "written 0, rejected 26") {
		t.Errorf("second apply: %d %s", code, errs)
	}
}
