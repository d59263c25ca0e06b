package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// connectionFolder writes a folder whose flow takes its target's path from
// a connection block of settings.hcl, with an on_exists read from a
// variable so that the block is decoded again when the run resolves it.
func connectionFolder(t *testing.T, settings string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"settings.hcl": settings,
		"orders.hcl": `pipeline "orders" {
  source "ndjson" {
    path = "in/orders.ndjson"
  }
  target "ndjson" {
    use       = "out"
    key_field = "Ref"
    on_exists = var.on_exists
  }
  map {
    Ref = "source.id"
  }
}
`,
		"in/orders.ndjson": `{"id":"A1"}` + "\n",
	}
	writeFiles(t, dir, files)
	return dir
}

func TestConnectionFromSettingsRuns(t *testing.T) {
	dir := connectionFolder(t, `variable "on_exists" {
  default = "skip"
}
variable "out" {
  default = "out/shared.ndjson"
}
connection "out" {
  path = var.out
}
`)
	code, out, errs := cli(t, "validate", dir)
	if code != exitOK || !strings.Contains(out, "1 pipeline(s) in 2 file(s) are valid") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = cli(t, "run", "-quiet", "-state", "off", "-var", "out=out/from_var.ndjson", filepath.Join(dir, "orders.hcl"))
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "from_var.ndjson"))
	if err != nil {
		t.Fatalf("the target did not write to the connection's path: %v", err)
	}
	if got := strings.TrimSpace(string(data)); got != `{"Ref":"A1"}` {
		t.Errorf("run wrote %s", got)
	}
}

// TestConnectionErrorAtItsPlace: a mistake in the connection's body is
// reported at its line and column in settings.hcl, not at the flow.
func TestConnectionErrorAtItsPlace(t *testing.T) {
	dir := connectionFolder(t, `variable "on_exists" {
  default = "skip"
}
connection "out" {
  path  = "out/x.ndjson"
  colour = "blue"
}
`)
	code, _, errs := cli(t, "validate", dir)
	if code != exitFail {
		t.Fatalf("validate: exit %d, want 1\n%s", code, errs)
	}
	if !strings.Contains(errs, "settings.hcl:6:3: Error: Unsupported argument") {
		t.Errorf("validate does not point into settings.hcl:\n%s", errs)
	}
}

// TestConnectionSecretChecked: a secret written as a literal in a
// connection is refused at its place in settings.hcl, as in a flow's block.
func TestConnectionSecretChecked(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"settings.hcl": "connection \"crm\" {\n  connection = \"hubspot\"\n  token      = \"pat-na1-secret\"\n}\n",
		"contacts.hcl": `pipeline "contacts" {
  source "ndjson" {
    path = "in.ndjson"
  }
  target "hubspot" {
    use    = "crm"
    schema = "hubspot/contact"
  }
  map {
    properties = "{email: source.email}"
  }
}
`,
	}
	writeFiles(t, dir, files)
	code, out, errs := cli(t, "validate", dir)
	if code != exitFail || !strings.Contains(errs, "settings.hcl:3:16: Error: Secret written in the pipeline file") {
		t.Fatalf("validate: exit %d, want the secret refused in settings.hcl\n%s%s", code, out, errs)
	}
	if strings.Count(errs, "Secret written") != 1 {
		t.Errorf("the secret is reported %d times, want once for the folder:\n%s", strings.Count(errs, "Secret written"), errs)
	}
	// The error that tells the user to move the secret out does not print
	// it: the snippet shows asterisks in its place, in text and in JSON.
	if strings.Contains(errs, "pat-na1-secret") || !strings.Contains(errs, `token      = ****************`) {
		t.Errorf("the snippet shows the secret:\n%s", errs)
	}
	if _, out, _ := cli(t, "validate", "-json", dir); strings.Contains(out, "pat-na1-secret") || !strings.Contains(out, "Secret written") {
		t.Errorf("validate -json shows the secret:\n%s", out)
	}
}

// writeFiles writes files (by path relative to dir) into dir, making their
// folders.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
