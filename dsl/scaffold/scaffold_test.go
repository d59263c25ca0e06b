package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zclconf/go-cty/cty"
)

const settingsSrc = `# Settings shared by the flows.

variable "statuses" {
  type        = list(string)
  default     = ["paid"]
  description = "Order statuses that are sent."
}

variable "shop_id" {
  type        = number
  default     = 1 # the main shop
  description = "Shop id written on every order."
}

variable "update_customers" {
  type        = bool
  default     = false
  description = "Update customers found in the target."
}
`

func flowSrc(name, from, to string) string {
	return `pipeline "` + name + `" {
  description = "` + name + ` from ` + from + `"
  source "` + from + `" {
    path = "in.ndjson"
  }
  target "` + to + `" {
    path = "out.ndjson"
  }
  map {
    a = "source.a"
  }
}
`
}

func templateFS() fstest.MapFS {
	return fstest.MapFS{
		"pair/settings.hcl":                        {Data: []byte(settingsSrc)},
		"pair/orders.hcl":                          {Data: []byte(flowSrc("pair_orders", "ndjson", "json"))},
		"pair/products.hcl":                        {Data: []byte(flowSrc("pair_products", "json", "ndjson"))},
		"pair/payment_terms.csv":                   {Data: []byte("from,to\n14,14\n")},
		"pair/tests/pair_orders/paid/input.ndjson": {Data: []byte(`{"a":1}` + "\n")},
		"pair/tests/pair_orders/paid/want.ndjson":  {Data: []byte(`{"a":1}` + "\n")},
		"pair/tests/other/case.hcl":                {Data: []byte(`pipeline = "pair_products"` + "\n")},
		"pair/tests/other/input.ndjson":            {Data: []byte(`{"a":2}` + "\n")},
		"pair/tests/other/lookups/x/y.ndjson":      {Data: []byte(`{}` + "\n")},
		"pair/out/old.ndjson":                      {Data: []byte("stale\n")},
		"single/pipeline.hcl":                      {Data: []byte(flowSrc("single", "ndjson", "ndjson"))},
	}
}

func TestTemplatesFindsFoldersWithSettings(t *testing.T) {
	ts, err := Templates(templateFS())
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Name != "pair" {
		t.Fatalf("templates = %v, want only pair (single has no settings.hcl)", ts)
	}
	tp := ts[0]
	if strings.Join(tp.Systems, ",") != "json,ndjson" || !tp.Connects("ndjson", "json") || tp.Connects("ndjson", "csv") {
		t.Errorf("systems = %v", tp.Systems)
	}
	if len(tp.Flows) != 2 || len(tp.Settings) != 3 {
		t.Fatalf("flows %v settings %v", tp.Flows, tp.Settings)
	}
	if s := tp.Settings[0]; s.Name != "statuses" || s.Type != "list(string)" || Display(s) != "paid" || s.Description != "Order statuses that are sent." {
		t.Errorf("first setting = %+v (display %q)", s, Display(s))
	}
}

func TestWriteCopiesChosenFlowsAndRewritesSettings(t *testing.T) {
	ts, _ := Templates(templateFS())
	tp := ts[0]
	dst := filepath.Join(t.TempDir(), "shop")
	statuses, _ := Value(tp.Settings[0], "paid, shipped")
	shop, _ := Value(tp.Settings[1], "7")
	cases, err := tp.Write(dst, Choice{Flows: []string{"orders"}, Settings: map[string]cty.Value{"statuses": statuses, "shop_id": shop}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "products.hcl")); !os.IsNotExist(err) {
		t.Errorf("products.hcl was copied though not chosen")
	}
	for _, f := range []string{"orders.hcl", "payment_terms.csv", "tests/pair_orders/starter/input.ndjson"} {
		if _, err := os.Stat(filepath.Join(dst, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	for _, f := range []string{"out/old.ndjson", "tests/pair_orders/starter/want.ndjson", "tests/pair_orders/paid"} {
		if _, err := os.Stat(filepath.Join(dst, f)); err == nil {
			t.Errorf("%s was copied", f)
		}
	}
	if strings.Join(cases, ",") != "pair_orders/starter" {
		t.Errorf("cases = %v", cases)
	}
	got, _ := os.ReadFile(filepath.Join(dst, "settings.hcl"))
	for _, want := range []string{`default     = ["paid", "shipped"]`, `default     = 7`, `default     = false`, "# Settings shared by the flows.", `description = "Update customers found in the target."`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("settings.hcl lacks %q:\n%s", want, got)
		}
	}
	if _, err := tp.Write(dst, Choice{Flows: []string{"orders"}}); err == nil {
		t.Error("Write over a non-empty folder succeeded")
	}
}

func TestStarterCaseFromCaseFileNamingThePipeline(t *testing.T) {
	ts, _ := Templates(templateFS())
	dst := filepath.Join(t.TempDir(), "p")
	cases, err := ts[0].Write(dst, Choice{Flows: []string{"products.hcl"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cases, ",") != "pair_products/starter" {
		t.Fatalf("cases = %v", cases)
	}
	if _, err := os.Stat(filepath.Join(dst, "tests/pair_products/starter/lookups/x/y.ndjson")); err != nil {
		t.Error("lookups of the case were not copied")
	}
}

func TestWriteRefusesUnknownFlowAndSetting(t *testing.T) {
	ts, _ := Templates(templateFS())
	if _, err := ts[0].Write(filepath.Join(t.TempDir(), "a"), Choice{Flows: []string{"stock"}}); err == nil || !strings.Contains(err.Error(), "orders.hcl") {
		t.Errorf("unknown flow: %v", err)
	}
	v, _ := Value(Setting{Name: "x"}, "y")
	if _, err := ts[0].Write(filepath.Join(t.TempDir(), "b"), Choice{Flows: []string{"orders"}, Settings: map[string]cty.Value{"nope": v}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown setting: %v", err)
	}
}

func TestValueChecksTypes(t *testing.T) {
	for _, c := range []struct{ typ, in, err string }{
		{"number", "12.50", ""}, {"number", "twelve", "is a number"},
		{"bool", "yes", "true or false"}, {"bool", "true", ""},
		{"map(string)", "a", "cannot ask"},
	} {
		_, err := Value(Setting{Name: "s", Type: c.typ}, c.in)
		if (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s %q: err = %v, want %q", c.typ, c.in, err, c.err)
		}
	}
}
