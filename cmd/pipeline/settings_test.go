package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// settingsFolder writes a folder in which two pipeline files share a
// settings.hcl: a variable and a lookup table from a CSV file beside the
// settings. Each pipeline has a golden case; the orders
// one also has a case that sets the shop through case.hcl.
func settingsFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"settings.hcl": `variable "shop" {
  default     = "web-1"
  description = "The shop id every flow sends."
}
variable "on_exists" {
  default = "skip"
}
lookup "terms" {
  file    = "terms.csv"
  default = "30d"
}
`,
		"terms.csv": "key,value\n14,14d\n30,30d\n",
		"orders.hcl": `pipeline "orders" {
  source "ndjson" {
    path = "in/orders.ndjson"
  }
  target "ndjson" {
    path      = "out/orders.ndjson"
    key_field = "Ref"
    on_exists = var.on_exists
  }
  map {
    Ref   = "source.id"
    Shop  = "var.shop"
    Terms = "lookup('terms', source.term)"
  }
}
`,
		"customers.hcl": `pipeline "customers" {
  source "ndjson" {
    path = "in/customers.ndjson"
  }
  target "ndjson" {
    path = "out/customers.ndjson"
  }
  map {
    Name = "source.name"
    Shop = "var.shop"
  }
}
`,
		"in/orders.ndjson":                `{"id":"A1","term":"14"}` + "\n",
		"tests/orders/basic/input.ndjson": `{"id":"A1","term":"14"}` + "\n" + `{"id":"A2","term":"60"}` + "\n",
		"tests/orders/basic/want.ndjson":  `{"Ref":"A1","Shop":"web-1","Terms":"14d"}` + "\n" + `{"Ref":"A2","Shop":"web-1","Terms":"30d"}` + "\n",
		"tests/orders/basic/want.decisions.ndjson": `{"calls":2,"decision":"create","natural_key":"A1","origin":"input.ndjson:1","source_key":"A1"}` + "\n" +
			`{"calls":2,"decision":"create","natural_key":"A2","origin":"input.ndjson:2","source_key":"A2"}` + "\n",
		"tests/orders/other_shop/want.decisions.ndjson": `{"calls":2,"decision":"create","natural_key":"A1","origin":"input.ndjson:1","source_key":"A1"}` + "\n",
		"tests/orders/other_shop/case.hcl":              `vars = { shop = "web-9" }` + "\n",
		"tests/orders/other_shop/input.ndjson":          `{"id":"A1","term":"30"}` + "\n",
		"tests/orders/other_shop/want.ndjson":           `{"Ref":"A1","Shop":"web-9","Terms":"30d"}` + "\n",
		"tests/customers/basic/input.ndjson":            `{"name":"Ann"}` + "\n",
		"tests/customers/basic/want.ndjson":             `{"Name":"Ann","Shop":"web-1"}` + "\n",
		"tests/customers/basic/want.rejects.ndjson":     "",
	}
	writeFiles(t, dir, files)
	return dir
}

func TestSettingsFolderValidatesAndTests(t *testing.T) {
	dir := settingsFolder(t)
	code, out, errs := cli(t, "validate", dir)
	if code != exitOK || !strings.Contains(out, "2 pipeline(s) in 3 file(s) are valid") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = cli(t, "test", "-v", dir)
	if code != exitOK || !strings.HasSuffix(strings.TrimSpace(out), "3 passed, 0 failed") {
		t.Fatalf("test: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "PASS orders/other_shop") {
		t.Errorf("the case.hcl case did not run:\n%s", out)
	}
	code, out, _ = cli(t, "fmt", "-check", dir)
	if code != exitOK {
		t.Errorf("fmt -check: exit %d\n%s", code, out)
	}
}

func TestVarOverridesSettingsDefault(t *testing.T) {
	dir := settingsFolder(t)
	code, _, errs := cli(t, "run", "-quiet", "-state", "off", "-var", "shop=web-7", filepath.Join(dir, "orders.hcl"))
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "orders.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(data)); got != `{"Ref":"A1","Shop":"web-7","Terms":"14d"}` {
		t.Errorf("run wrote %s, want the shop from -var", got)
	}

	// A policy attribute reads the settings' variable too: a value given
	// with -var is checked at the attribute, saying where it came from.
	code, _, errs = cli(t, "validate", "-var", "on_exists=overwrite", dir)
	if code != exitFail {
		t.Fatalf("validate with a bad on_exists: exit %d, want 1\n%s", code, errs)
	}
	for _, want := range []string{"orders.hcl:8:17: Error: Invalid on_exists", `The value "overwrite" comes from var.on_exists.`} {
		if !strings.Contains(errs, want) {
			t.Errorf("validate output lacks %q:\n%s", want, errs)
		}
	}
}

// TestSettingsErrorsOnce breaks settings.hcl: validate reports the problem
// once, at its place in settings.hcl, although both pipeline files load it.
func TestSettingsErrorsOnce(t *testing.T) {
	dir := settingsFolder(t)
	bad := "variable \"shop\" {\n  default = \"web-1\"\n}\nvariable \"shop\" {\n  default = \"web-2\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "settings.hcl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "validate", dir)
	if code != exitFail {
		t.Fatalf("validate: exit %d, want 1\n%s", code, errs)
	}
	if n := strings.Count(errs, "settings.hcl:4:10: Error: Duplicate variable block"); n != 1 {
		t.Errorf("the settings problem is reported %d times, want once:\n%s", n, errs)
	}
}
