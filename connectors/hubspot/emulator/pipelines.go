package emulator

import (
	"net/http"
)

// pipeline is a deal pipeline with its stages, as seeds write it.
type pipeline struct {
	ID           string  `json:"id"`
	Label        string  `json:"label"`
	DisplayOrder int     `json:"displayOrder"`
	Stages       []stage `json:"stages"`
}

type stage struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Probability string `json:"probability"` // "0.2"; HubSpot writes metadata as text
	Closed      bool   `json:"closed"`
}

// defaultPipelines is the pipeline a new HubSpot portal starts with.
func defaultPipelines() []*pipeline {
	return []*pipeline{{ID: "default", Label: "Sales Pipeline", Stages: []stage{
		{"appointmentscheduled", "Appointment Scheduled", "0.2", false},
		{"qualifiedtobuy", "Qualified To Buy", "0.4", false},
		{"presentationscheduled", "Presentation Scheduled", "0.6", false},
		{"decisionmakerboughtin", "Decision Maker Bought-In", "0.8", false},
		{"contractsent", "Contract Sent", "0.9", false},
		{"closedwon", "Closed Won", "1.0", true},
		{"closedlost", "Closed Lost", "0.0", true},
	}}}
}

// setPipelines replaces the deal pipelines and with them the options of
// the pipeline and dealstage properties.
func (p *portal) setPipelines(list []*pipeline) {
	p.pipelines = list
	set := p.props["deals"]
	pipe, st := set.get("pipeline"), set.get("dealstage")
	pipe.Options, st.Options = []propOption{}, []propOption{}
	for i, pl := range list {
		pipe.Options = append(pipe.Options, propOption{Label: pl.Label, Value: pl.ID, DisplayOrder: i})
		for j, s := range pl.Stages {
			st.Options = append(st.Options, propOption{Label: s.Label, Value: s.ID, DisplayOrder: j})
		}
	}
}

func (p *portal) pipeline(id string) *pipeline {
	for _, pl := range p.pipelines {
		if pl.ID == id {
			return pl
		}
	}
	return nil
}

func (pl *pipeline) stage(id string) (stage, bool) {
	for _, s := range pl.Stages {
		if s.ID == id {
			return s, true
		}
	}
	return stage{}, false
}

// pipelineView is a pipeline as GET /crm/v3/pipelines/deals answers it.
func pipelineView(pl *pipeline) map[string]any {
	stages := make([]map[string]any, len(pl.Stages))
	for i, s := range pl.Stages {
		stages[i] = map[string]any{"id": s.ID, "label": s.Label, "displayOrder": i, "archived": false,
			"metadata": map[string]string{"isClosed": boolText(s.Closed), "probability": s.Probability}}
	}
	return map[string]any{"id": pl.ID, "label": pl.Label, "displayOrder": pl.DisplayOrder, "archived": false,
		"stages": stages}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// servePipelines answers GET /crm/v3/pipelines/{objectType}[/{pipelineId}].
// Only deals have pipelines here; other types list none.
func (tx *txn) servePipelines(r *http.Request, t *objectType, id string) (*response, error) {
	if r.Method != http.MethodGet {
		return nil, methodNotAllowed(r)
	}
	var list []*pipeline
	if t.Name == "deals" {
		list = tx.p.pipelines
	}
	if id != "" {
		for _, pl := range list {
			if pl.ID == id {
				return ok(pipelineView(pl)), nil
			}
		}
		return nil, notFound("Unable to find pipeline %s for object type %s", id, t.Name)
	}
	views := make([]map[string]any, len(list))
	for i, pl := range list {
		views[i] = pipelineView(pl)
	}
	return ok(map[string]any{"results": views}), nil
}
