package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/schemas"
)

// Two flows of one folder chosen by a setting: the enabled condition is
// decided with the value of this compile, from the default, -var, the
// environment or a test case, and a disabled plan says why.
func TestEnabledFollowsTheSetting(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "settings.hcl"), `variable "order_type" {
  default = "sales_order"
}
variable "flows" {
  type    = list(string)
  default = ["orders"]
}
`)
	flow := func(name, cond string) string {
		return `pipeline "` + name + `" {
  enabled = ` + cond + `
  source "mem" {}
  target "mem" {}
  map {
    id = "source.id"
  }
}
`
	}
	writeFile(t, filepath.Join(dir, "orders.hcl"), flow("orders", `var.order_type == "sales_order" && contains(var.flows, "orders")`))
	writeFile(t, filepath.Join(dir, "journal.hcl"), flow("journal", `var.order_type == "journal_entry"`))
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	enabled := func(file string, opts engine.Options) (bool, string) {
		t.Helper()
		opts.Connectors, opts.Schemas = testRegistry(), set
		_, plans, diags := engine.CompileFile(dsl.NewLoader(), filepath.Join(dir, file), opts)
		if diags.HasErrors() || len(plans) != 1 {
			t.Fatalf("%s: %v", file, diags)
		}
		return plans[0].Enabled(), plans[0].DisabledBy()
	}
	for _, c := range []struct {
		name          string
		opts          engine.Options
		orders, journ bool
	}{
		{"default", engine.Options{}, true, false},
		{"-var", engine.Options{Vars: map[string]string{"order_type": "journal_entry"}}, false, true},
		{"environment", engine.Options{EnvVars: map[string]string{"order_type": "journal_entry"}}, false, true},
		{"-var list", engine.Options{Vars: map[string]string{"flows": `["customers"]`}}, false, false},
		{"test case", engine.Options{VarValues: map[string]cty.Value{"order_type": cty.StringVal("journal_entry")}}, false, true},
	} {
		if got, _ := enabled("orders.hcl", c.opts); got != c.orders {
			t.Errorf("%s: orders enabled = %v, want %v", c.name, got, c.orders)
		}
		if got, _ := enabled("journal.hcl", c.opts); got != c.journ {
			t.Errorf("%s: journal enabled = %v, want %v", c.name, got, c.journ)
		}
	}
	if on, by := enabled("orders.hcl", engine.Options{}); !on || by != "" {
		t.Errorf("enabled plan: DisabledBy = %q", by)
	}
	if _, by := enabled("journal.hcl", engine.Options{}); by != `var.order_type == "journal_entry"` {
		t.Errorf("disabled plan: DisabledBy = %q", by)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
