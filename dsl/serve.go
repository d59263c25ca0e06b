package dsl

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/pipeline-dev/pipeline/dsl/schedule"
)

// Serve is what `pipeline serve` needs of a pipeline besides running it:
// when it runs by itself and which webhooks start it. Other commands
// ignore it.
type Serve struct {
	// Schedule is the schedule attribute's text ("" when none) and Parsed
	// its meaning, nil when absent or invalid. Written over variables
	// (schedule = var.orders_schedule), both are empty until Resolve
	// decides them with the values of a compile: each integration's
	// settings say how often its flows run.
	Schedule      string
	ScheduleRange hcl.Range
	Parsed        schedule.Schedule

	scheduleExpr hclsyntax.Expression // set when the schedule reads variables
	scheduleText string               // that expression as written: var.orders_schedule

	Triggers []*Trigger
}

// Trigger is a `trigger "<system>" { events = [...] }` block: a webhook
// from that system whose events match starts a run.
type Trigger struct {
	System string
	// Events are the notification kinds that start a run: HubSpot's
	// subscriptionType ("deal.creation"), Exact Online's Topic
	// ("SalesOrders"). Empty means every event of the system.
	Events    []string
	DeclRange hcl.Range
}

// TriggerSystems are the systems whose webhooks pipeline serve verifies.
var TriggerSystems = []string{"hubspot", "exactonline"}

var triggerBlockSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "events"}}}

// decodeServe reads the schedule attribute and trigger blocks of a
// pipeline block. A schedule over variables is left to Resolve.
func decodeServe(src []byte, p *Pipeline, content *hcl.BodyContent) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if attr, ok := content.Attributes["schedule"]; ok {
		rng := attr.Expr.Range()
		p.Serve.ScheduleRange = rng
		if x, ok := attr.Expr.(hclsyntax.Expression); ok && readsVariables(x) {
			p.Serve.scheduleExpr, p.Serve.scheduleText = x, string(rng.SliceBytes(src))
		} else {
			diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &p.Serve.Schedule)...)
			if !diags.HasErrors() {
				var bad *hcl.Diagnostic
				p.Serve.Parsed, bad = parseSchedule(p, p.Serve.Schedule)
				if bad != nil {
					diags = append(diags, bad)
				}
			}
		}
	}
	seen := map[string]hcl.Range{}
	for _, b := range content.Blocks {
		if b.Type != "trigger" {
			continue
		}
		sys := b.Labels[0]
		if !slices.Contains(TriggerSystems, sys) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown trigger system",
				Detail:  `pipeline serve takes webhooks from "hubspot" and "exactonline", not "` + sys + `".` + DidYouMean(sys, TriggerSystems),
				Subject: b.LabelRanges[0].Ptr()})
			continue
		}
		if prev, dup := seen[sys]; dup {
			diags = append(diags, duplicate("trigger", sys, b.LabelRanges[0], prev))
			continue
		}
		seen[sys] = b.DefRange
		t := &Trigger{System: sys, DeclRange: b.DefRange}
		body, more := b.Body.Content(triggerBlockSchema)
		diags = append(diags, more...)
		if attr, ok := body.Attributes["events"]; ok {
			diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &t.Events)...)
		}
		p.Serve.Triggers = append(p.Serve.Triggers, t)
	}
	return diags
}

// parseSchedule reads a schedule's text in the pipeline's time zone.
func parseSchedule(p *Pipeline, text string) (schedule.Schedule, *hcl.Diagnostic) {
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		loc = time.UTC // the timezone attribute reports its own error
	}
	s, err := schedule.Parse(text, loc)
	if err != nil {
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid schedule",
			Detail: err.Error() + ".", Subject: p.Serve.ScheduleRange.Ptr()}
	}
	return s, nil
}

// resolveSchedule decides a schedule written over variables with vars, the
// values of this compile; a variable without a value yet (while
// validating) leaves the pipeline unscheduled. The value is recorded so
// that ExplainVariables names the variable it came from.
func (p *Pipeline) resolveSchedule(ctx *hcl.EvalContext, vars map[string]cty.Value) hcl.Diagnostics {
	sv := &p.Serve
	if diags := undeclaredVariables(sv.scheduleExpr, vars); diags.HasErrors() {
		return diags
	}
	v, diags := sv.scheduleExpr.Value(ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return diags
	}
	p.resolved = append(p.resolved, resolvedAttr{rng: sv.ScheduleRange, text: sv.scheduleText, value: v})
	if v.IsNull() || v.Type() != cty.String {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid schedule",
			Detail:  fmt.Sprintf(`A schedule is text, an interval ("every 5m") or a cron line ("*/15 6-22 * * 1-5"), not %s.`, enabledValueText(v)),
			Subject: sv.ScheduleRange.Ptr()})
	}
	parsed, bad := parseSchedule(p, v.AsString())
	if bad != nil {
		return append(diags, bad)
	}
	sv.Schedule, sv.Parsed = v.AsString(), parsed
	return diags
}
