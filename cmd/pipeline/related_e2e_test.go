package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// TestRelatedCreateIntoExactOnline runs the webshop → Exact pipeline with
// customers created when Exact has no account for their e-mail: a plan
// lists the creates and sends none, a run creates each new customer once,
// and a second run finds them all instead of creating any again.
func TestRelatedCreateIntoExactOnline(t *testing.T) {
	f := startExact(t, exactemu.Options{})
	src, err := os.ReadFile(exactPipeline)
	if err != nil {
		t.Fatal(err)
	}
	old := "  related \"customer\" {\n    entity = \"exactonline/account\"\n    by     = \"Email\"\n  }"
	if !bytes.Contains(src, []byte(old)) {
		t.Skip("the shipped pipeline's customer block changed; this test rewrites it")
	}
	hcl := strings.Replace(string(src), old, `  related "customer" {
    entity  = "exactonline/account"
    by      = "Email"
    missing = "create"
    create {
      Name  = "coalesce(source.customer.company, source.customer.first_name + ' ' + source.customer.last_name)"
      Email = "key"
    }
  }`, 1)
	input, _ := filepath.Abs("../../pipelines/webshop_orders_to_exact/sample/orders.ndjson")
	path := filepath.Join(t.TempDir(), "pipeline.hcl")
	if err := os.WriteFile(path, []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := func(name string) (int, string, string) {
		var out, errb bytes.Buffer
		env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(name string) (string, bool) { v, ok := f.env[name]; return v, ok }}
		args := []string{name, "-state", f.state, "-var", "input=" + input,
			"-var", "exact_url=" + f.emu.URL(), "-var", "calls_per_minute=100000"}
		if name == "run" {
			args = append(args, "-rejects", filepath.Join(t.TempDir(), "r.ndjson"))
		}
		code := runCLI(context.Background(), env, append(args, path))
		return code, out.String(), errb.String()
	}
	accountPosts := func() int {
		n := 0
		for route, c := range f.emu.Counts() {
			if strings.HasPrefix(route, "POST ") && strings.Contains(route, "Accounts") {
				n += c
			}
		}
		return n
	}

	code, out, errs := cmd("plan")
	if code != exitOK || !strings.Contains(out, "not sent while planning") || !strings.Contains(out, "create    customer exactonline/account") {
		t.Fatalf("plan: exit %d\n%s\n%s", code, out, errs)
	}
	planned := strings.Count(out, "create    customer ")
	if n := accountPosts(); n != 0 {
		t.Fatalf("planning created %d accounts", n)
	}

	code, _, errs = cmd("run")
	if code != exitOK || !strings.Contains(errs, "written 26") {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	created := accountPosts()
	if created == 0 || created != planned {
		t.Fatalf("the run created %d accounts, the plan listed %d", created, planned)
	}

	f.emu.ResetCounts()
	code, _, errs = cmd("run")
	if code != exitOK || !strings.Contains(errs, "26 unchanged") {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	if n := accountPosts(); n != 0 {
		t.Errorf("the second run created %d accounts again", n)
	}
}
