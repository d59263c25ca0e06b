package engine_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/dsl/schedule"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/schemas"
)

// A schedule read from the folder's settings is decided with the values of
// the compile, like enabled, and a bad value is reported at the attribute
// with the variable it came from, since the file shows only the variable.
func TestScheduleFromSetting(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "settings.hcl"), `variable "orders_schedule" {
  default = "every 5m"
}
variable "batch" {
  type    = number
  default = 3
}
`)
	flow := func(name, sched string) string {
		return `pipeline "` + name + `" {
  timezone = "Europe/Amsterdam"
  schedule = ` + sched + `
  source "mem" {}
  target "mem" {}
  map {
    id = "source.id"
  }
}
`
	}
	writeFile(t, filepath.Join(dir, "orders.hcl"), flow("orders", "var.orders_schedule"))
	writeFile(t, filepath.Join(dir, "literal.hcl"), flow("literal", `"every 1h"`))
	writeFile(t, filepath.Join(dir, "number.hcl"), flow("number", "var.batch"))
	writeFile(t, filepath.Join(dir, "typo.hcl"), flow("typo", "var.order_schedule"))
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	compile := func(file string, vars map[string]string) (*engine.Plan, hcl.Diagnostics) {
		t.Helper()
		opts := engine.Options{Connectors: testRegistry(), Schemas: set, Vars: vars}
		_, plans, diags := engine.CompileFile(dsl.NewLoader(), filepath.Join(dir, file), opts)
		if diags.HasErrors() {
			return nil, diags
		}
		if len(plans) != 1 {
			t.Fatalf("%s: %d plans", file, len(plans))
		}
		return plans[0], diags
	}
	from := time.Date(2026, 11, 23, 8, 7, 0, 0, time.UTC)
	for _, c := range []struct {
		name, file string
		vars       map[string]string
		text       string
		next       time.Time
	}{
		{"default", "orders.hcl", nil, "every 5m", from.Add(5 * time.Minute)},
		{"-var interval", "orders.hcl", map[string]string{"orders_schedule": "every 2h"}, "every 2h", from.Add(2 * time.Hour)},
		// 09:30 in Amsterdam is 08:30 UTC: a cron line is read in the flow's time zone.
		{"-var cron", "orders.hcl", map[string]string{"orders_schedule": "30 9 * * *"}, "30 9 * * *", time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)},
		{"literal", "literal.hcl", nil, "every 1h", from.Add(time.Hour)},
	} {
		plan, diags := compile(c.file, c.vars)
		if plan == nil {
			t.Errorf("%s: %v", c.name, diags)
			continue
		}
		s, text := plan.Schedule()
		if text != c.text || s == nil {
			t.Errorf("%s: schedule %q (%v), want %q", c.name, text, s, c.text)
			continue
		}
		if got := s.Next(from); !got.Equal(c.next) {
			t.Errorf("%s: next run %v, want %v", c.name, got, c.next)
		}
	}

	for _, c := range []struct {
		name, file string
		vars       map[string]string
		summary    string
		col        int
		detail     []string
	}{
		{"bad -var", "orders.hcl", map[string]string{"orders_schedule": "every 5 minutes"}, "Invalid schedule", 14,
			[]string{`The value "every 5 minutes" comes from var.orders_schedule.`}},
		{"not text", "number.hcl", nil, "Invalid schedule", 14,
			[]string{"A schedule is text", "not the number 3", "The value 3 comes from var.batch."}},
		{"undeclared", "typo.hcl", nil, "Unknown variable", 18, []string{`No variable "order_schedule"`, `Did you mean "orders_schedule"?`}},
	} {
		plan, diags := compile(c.file, c.vars)
		if plan != nil || len(diags) != 1 {
			t.Errorf("%s: want one error, got plan %v and %v", c.name, plan != nil, diags)
			continue
		}
		d := diags[0]
		if d.Summary != c.summary || d.Subject == nil || d.Subject.Start.Line != 3 || d.Subject.Start.Column != c.col {
			t.Errorf("%s: got %s at %v, want %s at 3:%d", c.name, d.Summary, d.Subject, c.summary, c.col)
		}
		for _, want := range c.detail {
			if !strings.Contains(d.Detail, want) {
				t.Errorf("%s: detail %q lacks %q", c.name, d.Detail, want)
			}
		}
	}
}

// The dsl leaves a schedule over variables undecided until a compile: the
// decoded pipeline has none of its own, so nothing schedules it by mistake
// with a value other than the compile's.
func TestScheduleFromSettingUndecidedInFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "settings.hcl"), "variable \"s\" {\n  default = \"every 5m\"\n}\n")
	writeFile(t, filepath.Join(dir, "p.hcl"), "pipeline \"p\" {\n  schedule = var.s\n  source \"mem\" {}\n  target \"mem\" {}\n  map {\n    id = \"source.id\"\n  }\n}\n")
	f, diags := dsl.NewLoader().LoadFile(filepath.Join(dir, "p.hcl"))
	if diags.HasErrors() || f == nil || len(f.Pipelines) != 1 {
		t.Fatalf("load: %v", diags)
	}
	var none schedule.Schedule
	if sv := f.Pipelines[0].Serve; sv.Parsed != none || sv.Schedule != "" {
		t.Errorf("decoded pipeline has schedule %q before a compile", sv.Schedule)
	}
}
