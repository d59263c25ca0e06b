package server

import (
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
)

// Each integration's settings say how often its flows run: the schedule
// pipeline serve keeps is the variable's value of this compile (here -var
// over the settings' default), not the default, and one whose variable is
// left alone keeps the default.
func TestScheduleFromSettingIsScheduled(t *testing.T) {
	flow := func(name, variable string) string {
		return strings.Replace(strings.Replace(copyPipeline, `pipeline "copy" {`,
			"pipeline \""+name+"\" {\n  schedule = var."+variable, 1),
			"out/copy.ndjson", "out/"+name+".ndjson", 1)
	}
	f := newFixture(t, map[string]string{
		"settings.hcl": "variable \"orders_schedule\" {\n  default = \"every 1h\"\n}\n" +
			"variable \"customers_schedule\" {\n  default = \"every 2h\"\n}\n",
		"orders.hcl":    flow("orders", "orders_schedule"),
		"customers.hcl": flow("customers", "customers_schedule"),
		"in.ndjson":     inputs,
	}, func(c *Config) {
		base := c.CompileOptions
		c.CompileOptions = func() engine.Options {
			o := base()
			o.Vars = map[string]string{"orders_schedule": "every 1s"}
			return o
		}
	})

	type answer struct {
		Schedule string
		NextRun  *time.Time `json:"next_run"`
	}
	var orders, customers answer
	f.do("GET", "/api/pipelines/orders", "", &orders)
	f.do("GET", "/api/pipelines/customers", "", &customers)
	if orders.Schedule != "every 1s" || orders.NextRun == nil || time.Until(*orders.NextRun) > time.Minute {
		t.Errorf("orders, schedule from -var: %q next %v", orders.Schedule, orders.NextRun)
	}
	if customers.Schedule != "every 2h" || customers.NextRun == nil || time.Until(*customers.NextRun) < time.Hour {
		t.Errorf("customers, schedule from the default: %q next %v", customers.Schedule, customers.NextRun)
	}
	// It really runs that often: two runs on its own.
	f.waitRuns("orders", 2)
}
