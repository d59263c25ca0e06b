package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunEmulatedHubSpot runs the shipped HubSpot pipeline with -emulate:
// the emulator's private-app token stands in for HUBSPOT_TOKEN, its data
// is kept per pipeline folder, and a second run sees what the first wrote.
func TestRunEmulatedHubSpot(t *testing.T) {
	pipeline, _ := filepath.Abs("../../pipelines/products_to_hubspot/pipeline.hcl")
	t.Chdir(t.TempDir())
	code, _, errs := cli(t, "run", "-emulate", "-state", "state.db", "-rejects", "r.ndjson", pipeline)
	if code != exitOK || !strings.Contains(errs, "emulating hubspot http://127.0.0.1:") || !strings.Contains(errs, "written 5") {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(".pipeline", "emulated", "products_to_hubspot-hubspot.json")); err != nil {
		t.Errorf("the emulator's data is not kept per folder: %v", err)
	}
	code, _, errs = cli(t, "run", "-emulate", "-state", "state.db", "-rejects", "r.ndjson", pipeline)
	if code != exitOK || !strings.Contains(errs, "5 unchanged") {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
}

// A system's own seed beside the pipeline wins over the folder's shared
// one; without either the emulator's built-in data is used.
func TestEmulatorSeedFile(t *testing.T) {
	dir := t.TempDir()
	if got := seedFile(dir, "hubspot"); got != "" {
		t.Errorf("no seed files: %q", got)
	}
	shared := filepath.Join(dir, "emulator-seed.json")
	own := filepath.Join(dir, "emulator-seed.hubspot.json")
	os.WriteFile(shared, []byte(`{}`), 0o644)
	if got := seedFile(dir, "hubspot"); got != shared {
		t.Errorf("shared seed: %q", got)
	}
	os.WriteFile(own, []byte(`{}`), 0o644)
	if got := seedFile(dir, "hubspot"); got != own {
		t.Errorf("own seed: %q", got)
	}
	if got := seedFile(dir, "exactonline"); got != shared {
		t.Errorf("another system: %q", got)
	}
	if got := pipelineFolder(filepath.Join(dir, "shop", "orders.hcl")); got != "shop" {
		t.Errorf("folder %q", got)
	}
}

// After a run each emulator reports how many requests it served.
func TestEmulatedReportsCalls(t *testing.T) {
	pipeline, _ := filepath.Abs("../../pipelines/products_to_hubspot/pipeline.hcl")
	t.Chdir(t.TempDir())
	var stderr bytes.Buffer
	env := &cliEnv{stderr: &stderr, getenv: func(string) (string, bool) { return "", false }}
	plan, _, ok := compileOne(env, "run", pipeline, "", varFlags{}, true)
	if !ok {
		t.Fatal(stderr.String())
	}
	emu, err := startEmulated(plan, pipeline)
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	emu.report = &report
	srv := emu.servers[0].srv
	resp, err := http.Get(srv.URL() + "/crm/v3/objects/products") // refused (no token), and counted
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	emu.close()
	if got := report.String(); got != "emulated hubspot: 1 call\n" {
		t.Errorf("report %q", got)
	}
}
