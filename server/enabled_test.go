package server

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Two flows of one folder, chosen by a setting: the one its settings
// disable is shown as disabled, neither scheduled nor triggered, and
// refuses a run asked for by hand.
func TestDisabledPipelineIsNeitherScheduledNorTriggered(t *testing.T) {
	flow := func(name string) string {
		return strings.Replace(strings.Replace(copyPipeline, `pipeline "copy" {`,
			"pipeline \""+name+"\" {\n  enabled  = var.order_type == \""+name+"\"\n  schedule = \"every 1s\"", 1),
			"out/copy.ndjson", "out/"+name+".ndjson", 1)
	}
	f := newFixture(t, map[string]string{
		"settings.hcl": "variable \"order_type\" {\n  default = \"sales_order\"\n}\n",
		"orders.hcl":   flow("sales_order"),
		"journal.hcl":  flow("journal_entry"),
		"in.ndjson":    inputs,
	}, nil)

	type answer struct {
		Name       string
		Enabled    bool
		DisabledBy string     `json:"disabled_by"`
		NextRun    *time.Time `json:"next_run"`
	}
	var on, off answer
	f.do("GET", "/api/pipelines/sales_order", "", &on)
	f.do("GET", "/api/pipelines/journal_entry", "", &off)
	if !on.Enabled || on.DisabledBy != "" || on.NextRun == nil {
		t.Errorf("the chosen flow: %+v", on)
	}
	if off.Enabled || off.DisabledBy != `var.order_type == "journal_entry"` || off.NextRun != nil {
		t.Errorf("the other flow: %+v", off)
	}

	// Asked for by hand: refused, saying why.
	req, _ := http.NewRequest("POST", f.http.URL+"/api/pipelines/journal_entry/runs", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "disabled by its settings") {
		t.Errorf("a run of the disabled flow by hand: %d %s", resp.StatusCode, body)
	}

	// Webhooks start only the chosen flow.
	if got := (backend{Server: f.srv}).Subscribed("hubspot", "deal.creation"); !slices.Equal(got, []string{"sales_order"}) {
		t.Errorf("subscribed to deal.creation: %v", got)
	}

	// While the chosen flow runs on its schedule, the other never runs:
	// no run row, nothing written.
	f.waitRuns("sales_order", 2)
	var ra runsAnswer
	f.do("GET", "/api/runs?pipeline=journal_entry", "", &ra)
	if len(ra.Runs) != 0 {
		t.Errorf("the disabled flow ran: %+v", ra.Runs)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "out", "journal_entry.ndjson")); !os.IsNotExist(err) {
		t.Errorf("the disabled flow wrote its output: %v", err)
	}

	// The dashboard's pipelines page says which one is off and why.
	req, _ = http.NewRequest("GET", f.http.URL+"/", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	html := string(page)
	row := html[strings.Index(html, `data-pipeline="journal_entry"`):]
	row = row[:strings.Index(row, "</tr>")]
	if strings.Count(html, "disabled by its settings") != 1 || !strings.Contains(row, "disabled by its settings") ||
		!strings.Contains(row, "enabled = var.order_type == &#34;journal_entry&#34;") {
		t.Errorf("pipelines page, row of the disabled flow:\n%s", row)
	}
}
