package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	hswebhook "github.com/pipeline-dev/pipeline/connectors/hubspot/webhook"
)

const inputs = `{"id":1,"name":"1"}
{"id":2,"name":"2"}
{"id":3,"name":"three"}
`

func TestEveryEndpointButHealthNeedsTheToken(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	if code := f.doWith("", "GET", "/healthz", "", nil); code != 200 {
		t.Fatalf("/healthz without token: %d", code)
	}
	wrong := "wrong-token-0123456789abcdef"
	for _, path := range []string{"/readyz", "/api/pipelines", "/api/pipelines/copy", "/api/runs", "/api/runs/1",
		"/api/activity", "/api/set-aside?pipeline=copy", "/api/alerts", "/metrics"} {
		for _, tok := range []string{"", wrong, testToken[:len(testToken)-1]} {
			if code := f.doWith(tok, "GET", path, "", nil); code != http.StatusUnauthorized {
				t.Errorf("GET %s with token %q: %d, want 401", path, tok, code)
			}
		}
	}
	for _, path := range []string{"/api/pipelines/copy/runs", "/api/set-aside/retry"} {
		if code := f.doWith(wrong, "POST", path, `{"pipeline":"copy"}`, nil); code != http.StatusUnauthorized {
			t.Errorf("POST %s with a wrong token: %d", path, code)
		}
	}
	if code := f.do("GET", "/readyz", "", nil); code != 200 {
		t.Fatalf("/readyz: %d", code)
	}
	if code := f.do("POST", "/api/pipelines/copy/runs", "", nil); code != http.StatusAccepted {
		t.Fatalf("start run: %d", code)
	}
	f.waitRuns("copy", 1)
	if code := f.do("GET", "/metrics", "", nil); code != 200 {
		t.Fatalf("/metrics with token: %d", code)
	}
	if code := f.do("POST", "/api/pipelines/nope/runs", "", nil); code != http.StatusNotFound {
		t.Fatalf("unknown pipeline: %d", code)
	}
	if log := f.log.String(); strings.Contains(log, testToken) || strings.Contains(log, wrong) {
		t.Fatalf("a token is in the log:\n%s", log)
	}
}

func TestRunsRejectsAlertAndRetry(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	for i := 1; i <= 2; i++ {
		f.do("POST", "/api/pipelines/copy/runs", "", nil)
		ra := f.waitRuns("copy", i)
		if r := ra.Runs[0]; r.Status != "ok" || r.Rejected != 1 {
			t.Fatalf("run %d: %+v, want ok with one record set aside", i, r)
		}
	}
	// Two runs with rejects: one alert, for the first.
	if got := f.sent.list(); len(got) != 1 || got[0].Kind != "failure" || !strings.Contains(got[0].FirstError, "three") {
		t.Fatalf("alerts sent = %+v", got)
	}
	var aside struct {
		SetAside []struct {
			ID        int64  `json:"id"`
			SourceKey string `json:"source_key"`
		} `json:"set_aside"`
	}
	f.do("GET", "/api/set-aside?pipeline=copy", "", &aside)
	if len(aside.SetAside) == 0 {
		t.Fatal("nothing set aside")
	}
	// Fix the mapping (names become text); the reload picks it up.
	write(t, f.dir+"/copy.hcl", strings.Replace(copyPipeline, `"integer(source.name)"`, `"source.name"`, 1))
	waitFor(t, "the fixed pipeline to load", func() bool {
		p, _ := f.srv.cat.Get("copy")
		return p != nil && time.Since(p.LoadedAt) < time.Minute && strings.Contains(f.log.String(), "pipelines reloaded")
	})
	var res struct {
		Retried, Written int
		Status           string
	}
	body := fmt.Sprintf(`{"pipeline":"copy","ids":[%d]}`, aside.SetAside[0].ID)
	if code := f.do("POST", "/api/set-aside/retry", body, &res); code != 200 || res.Retried != 1 || res.Written != 1 {
		t.Fatalf("retry: %d %+v", code, res)
	}
	// A good run ends the streak: one recovery alert.
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	f.waitRuns("copy", 4)
	got := f.sent.list()
	if len(got) != 2 || got[1].Kind != "recovery" {
		t.Fatalf("alerts after recovery = %+v", got)
	}
	var alerts struct{ Alerts []struct{ Kind string } }
	f.do("GET", "/api/alerts?pipeline=copy", "", &alerts)
	if len(alerts.Alerts) != 2 || alerts.Alerts[0].Kind != "recovery" {
		t.Fatalf("/api/alerts = %+v", alerts)
	}
}

func TestHotReloadKeepsLastGoodVersion(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	type pipelineAnswer struct {
		Name        string
		Valid       bool
		Schedule    string
		Diagnostics []struct {
			File         string
			Line, Column int
			Summary      string
		}
	}
	// A second pipeline appears once its file validates.
	second := strings.Replace(copyPipeline, `pipeline "copy" {`, "pipeline \"second\" {\n  schedule = \"every 1h\"", 1)
	write(t, f.dir+"/second.hcl", second)
	var p pipelineAnswer
	waitFor(t, "the new pipeline", func() bool { return f.do("GET", "/api/pipelines/second", "", &p) == 200 })
	if !p.Valid || p.Schedule != "every 1h" {
		t.Fatalf("second = %+v", p)
	}
	// Broken: the last good version stays, with the diagnostics.
	write(t, f.dir+"/second.hcl", strings.Replace(second, `"every 1h"`, `"every 1 hour"`, 1))
	waitFor(t, "the diagnostics", func() bool { f.do("GET", "/api/pipelines/second", "", &p); return !p.Valid })
	if p.Schedule != "every 1h" || len(p.Diagnostics) != 1 || p.Diagnostics[0].Summary != "Invalid schedule" ||
		p.Diagnostics[0].Line != 2 || p.Diagnostics[0].Column != 14 || !strings.HasSuffix(p.Diagnostics[0].File, "second.hcl") {
		t.Fatalf("broken second = %+v", p)
	}
	if code := f.do("POST", "/api/pipelines/second/runs", "", nil); code != http.StatusAccepted {
		t.Fatalf("the last good version does not run: %d", code)
	}
	f.waitRuns("second", 1)
	// Fixed again.
	write(t, f.dir+"/second.hcl", strings.Replace(second, `"every 1h"`, `"every 2h"`, 1))
	waitFor(t, "the fix", func() bool { p = pipelineAnswer{}; f.do("GET", "/api/pipelines/second", "", &p); return p.Valid })
	if p.Schedule != "every 2h" || len(p.Diagnostics) != 0 {
		t.Fatalf("fixed second = %+v", p)
	}
	// Deleted: gone.
	removeFile(t, f.dir+"/second.hcl")
	waitFor(t, "the removal", func() bool { return f.do("GET", "/api/pipelines/second", "", nil) == http.StatusNotFound })
}

func TestScheduleFiresRuns(t *testing.T) {
	scheduled := strings.Replace(copyPipeline, `pipeline "copy" {`, "pipeline \"copy\" {\n  schedule = \"every 1s\"", 1)
	f := newFixture(t, map[string]string{"copy.hcl": scheduled, "in.ndjson": inputs}, nil)
	ra := f.waitRuns("copy", 2)
	for _, r := range ra.Runs {
		if r.Status != "ok" && r.Status != "running" {
			t.Fatalf("scheduled run %+v", r)
		}
	}
}

func TestHubSpotWebhookStartsSubscribedPipeline(t *testing.T) {
	var f *fixture
	f = newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	body := `[{"eventId":1,"subscriptionType":"deal.creation","objectId":5}]`
	post := func(sig string) int {
		ts := hswebhook.Timestamp(time.Now())
		req := httptest.NewRequest("POST", f.http.URL+"/webhooks/hubspot", strings.NewReader(body))
		req.RequestURI = ""
		req.Header.Set(hswebhook.HeaderTimestamp, ts)
		if sig == "" {
			sig = hswebhook.SignV3("hs-secret-for-tests", "POST", f.http.URL+"/webhooks/hubspot", []byte(body), ts)
		}
		req.Header.Set(hswebhook.HeaderSignatureV3, sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("forged"); code != http.StatusUnauthorized {
		t.Fatalf("forged delivery: %d", code)
	}
	if code := post(""); code != 200 {
		t.Fatalf("signed delivery: %d", code)
	}
	f.waitRuns("copy", 1)
}

func TestAPIBadRequests(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", "/api/runs?limit=abc", "", 400},
		{"GET", "/api/runs/abc", "", 400},
		{"GET", "/api/runs/999", "", 404},
		{"GET", "/api/activity?run=-1", "", 400},
		{"GET", "/api/set-aside", "", 400},
		{"POST", "/api/set-aside/retry", `{}`, 400},
		{"POST", "/api/set-aside/retry", `{"pipeline":"copy","bogus":1}`, 400},
		{"POST", "/api/set-aside/retry", `{"pipeline":"nope"}`, 404},
		{"GET", "/api/pipelines/nope", "", 404},
		{"GET", "/api/nothing", "", 404},
	} {
		if got := f.do(c.method, c.path, c.body, nil); got != c.want {
			t.Errorf("%s %s %s: %d, want %d", c.method, c.path, c.body, got, c.want)
		}
	}
}

// TestStreakSurvivesRestart: a server started on the state of one that
// alerted does not alert again for the same streak, and still alerts on
// recovery.
func TestStreakSurvivesRestart(t *testing.T) {
	files := map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}
	first := newFixture(t, files, nil)
	first.do("POST", "/api/pipelines/copy/runs", "", nil)
	first.waitRuns("copy", 1)
	if len(first.sent.list()) != 1 {
		t.Fatalf("first server: %d alerts", len(first.sent.list()))
	}
	second := newFixture(t, files, func(c *Config) { c.Store = first.srv.cfg.Store; c.Dir = first.dir })
	second.do("POST", "/api/pipelines/copy/runs", "", nil)
	second.waitRuns("copy", 2)
	if got := second.sent.list(); len(got) != 0 {
		t.Fatalf("the restarted server alerted again within the streak: %+v", got)
	}
	write(t, first.dir+"/in.ndjson", `{"id":1,"name":"1"}`+"\n")
	second.do("POST", "/api/pipelines/copy/runs", "", nil)
	second.waitRuns("copy", 3)
	if got := second.sent.list(); len(got) != 1 || got[0].Kind != "recovery" {
		t.Fatalf("after the fix: %+v", got)
	}
}
