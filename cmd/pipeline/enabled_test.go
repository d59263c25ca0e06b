package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

// enabledFolder is a folder with two flows over one input, the one that
// runs chosen by the order_type setting.
func enabledFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	flow := func(name, orderType string) string {
		return `pipeline "` + name + `" {
  enabled = var.order_type == "` + orderType + `"
  source "ndjson" {
    path = "in.ndjson"
  }
  target "ndjson" {
    path       = "out/` + name + `.ndjson"
    key_field  = "id"
    source_key = "source.id"
  }
  map {
    id = "source.id"
  }
}
`
	}
	for name, body := range map[string]string{
		"settings.hcl": "variable \"order_type\" {\n  default = \"sales_order\"\n}\n",
		"orders.hcl":   flow("orders", "sales_order"),
		"journal.hcl":  flow("journal", "journal_entry"),
		"in.ndjson":    "{\"id\":\"1\"}\n{\"id\":\"2\"}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A flow its settings disable: validate checks it and says it is
// disabled; run, plan, apply and retry exit 0 saying why and touch
// nothing — no output, no saved plan, no run in the sync state; switched
// on, it runs.
func TestDisabledPipelineTouchesNothing(t *testing.T) {
	dir := enabledFolder(t)
	stateFile := filepath.Join(t.TempDir(), "state.db")
	cmd := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(name string) (string, bool) {
				if name == "PIPELINE_STATE" {
					return stateFile, true
				}
				return "", false
			}}
		return runCLI(context.Background(), env, args), out.String(), errb.String()
	}
	runs := func(pipeline string) []state.Run {
		t.Helper()
		st, err := sqlitestore.Open(stateFile)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		rs, err := st.Runs(context.Background(), state.RunQuery{Pipeline: pipeline})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	const why = `pipeline journal is disabled by its settings (enabled = var.order_type == "journal_entry")`
	journal := filepath.Join(dir, "journal.hcl")
	rejects := filepath.Join(dir, "rejects.ndjson")

	code, out, errs := cmd("validate", dir)
	if code != exitOK || !strings.Contains(out, "2 pipeline(s) in 3 file(s) are valid.") || !strings.Contains(out, why) ||
		strings.Contains(out, "pipeline orders is disabled") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}

	if code, _, errs := cmd("run", "-rejects", rejects, filepath.Join(dir, "orders.hcl")); code != exitOK || !strings.Contains(errs, "written 2") {
		t.Fatalf("run of the enabled flow: exit %d\n%s", code, errs)
	}
	// A saved plan made while the flow was on, applied after it was
	// switched off.
	planFile := filepath.Join(dir, "plan.json")
	if code, out, errs := cmd("plan", "-state", "off", "-var", "order_type=journal_entry", "-out", planFile, journal); code != exitOK {
		t.Fatalf("plan with the flow switched on: exit %d\n%s%s", code, out, errs)
	}
	// (The plan leaves the ndjson target's file behind, empty: start
	// without it, to see whether anything below writes it.)
	if err := os.Remove(filepath.Join(dir, "out", "journal.ndjson")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "-rejects", rejects, journal},
		{"run", "-full", "-rejects", rejects, journal},
		{"retry", "-rejects", rejects, journal},
		{"apply", "-rejects", rejects, planFile, journal},
	} {
		code, out, errs := cmd(args...)
		if code != exitOK || strings.TrimSpace(errs) != why || out != "" {
			t.Errorf("pipeline %s: exit %d, stdout %q, stderr %q; want 0 and only %q", args[0], code, out, errs, why)
		}
	}
	otherPlan := filepath.Join(dir, "other.json")
	if code, out, errs := cmd("plan", "-out", otherPlan, journal); code != exitOK || strings.TrimSpace(errs) != why || out != "" {
		t.Errorf("plan: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := os.Stat(otherPlan); !os.IsNotExist(err) {
		t.Errorf("plan of the disabled flow saved a plan: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "journal.ndjson")); !os.IsNotExist(err) {
		t.Errorf("the disabled flow wrote its output: %v", err)
	}
	if rs := runs("journal"); len(rs) != 0 {
		t.Errorf("the disabled flow has runs in the sync state: %+v", rs)
	}
	if rs := runs(""); len(rs) != 1 || rs[0].Pipeline != "orders" {
		t.Errorf("runs in the sync state: %+v; want the one of orders", rs)
	}

	// Switched on, it reads every record: its cursor did not move.
	if code, _, errs := cmd("run", "-rejects", rejects, "-var", "order_type=journal_entry", journal); code != exitOK || !strings.Contains(errs, "written 2") {
		t.Fatalf("run with the flow switched on: exit %d\n%s", code, errs)
	}
	if code, _, errs := cmd("run", "-rejects", rejects, "-var", "order_type=journal_entry", filepath.Join(dir, "orders.hcl")); code != exitOK ||
		!strings.Contains(errs, "pipeline orders is disabled by its settings") {
		t.Errorf("the other flow after the switch: exit %d\n%s", code, errs)
	}
}
