package dsl

import (
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/pipeline-dev/pipeline/dsl/schedule"
)

// Serve is what `pipeline serve` needs of a pipeline besides running it:
// when it runs by itself and which webhooks start it. Other commands
// ignore it.
type Serve struct {
	// Schedule is the schedule attribute as written ("" when none) and
	// Parsed its meaning, nil when absent or invalid.
	Schedule      string
	ScheduleRange hcl.Range
	Parsed        schedule.Schedule

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
// pipeline block.
func decodeServe(p *Pipeline, content *hcl.BodyContent) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if attr, ok := content.Attributes["schedule"]; ok {
		diags = append(diags, gohcl.DecodeExpression(attr.Expr, nil, &p.Serve.Schedule)...)
		p.Serve.ScheduleRange = attr.Expr.Range()
		if !diags.HasErrors() {
			loc, err := time.LoadLocation(p.Timezone)
			if err != nil {
				loc = time.UTC // the timezone attribute reports its own error
			}
			s, err := schedule.Parse(p.Serve.Schedule, loc)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid schedule",
					Detail: err.Error() + ".", Subject: attr.Expr.Range().Ptr()})
			}
			p.Serve.Parsed = s
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
