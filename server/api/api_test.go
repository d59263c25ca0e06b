package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/catalog"
)

// fakeBackend answers with one of everything, in a zone other than UTC so
// that a lost zone shows.
type fakeBackend struct{}

var amsterdam = time.FixedZone("CET", 3600)

var (
	started = time.Date(2026, 3, 2, 9, 30, 0, 0, amsterdam)
	run     = state.Run{ID: 7, Pipeline: "orders", StartedAt: started, EndedAt: started.Add(time.Minute), Status: "ok", Read: 3, Written: 2, Rejected: 1}
)

func (fakeBackend) Pipelines(ctx context.Context) ([]Pipeline, error) {
	last := NewRun(run)
	return []Pipeline{{Name: "orders", File: "orders.hcl", LoadedAt: started, LastRun: &last,
		Diagnostics: NewDiagnostics([]catalog.Diagnostic{{File: "orders.hcl", Line: 2, Column: 3, Severity: "error", Summary: "bad"}})}}, nil
}
func (b fakeBackend) Pipeline(ctx context.Context, name string) (Pipeline, error) {
	ps, _ := b.Pipelines(ctx)
	return ps[0], nil
}
func (fakeBackend) Files() []catalog.FileStatus {
	return []catalog.FileStatus{{File: "orders.hcl", CheckedAt: started, Pipelines: []string{"orders"},
		Diagnostics: []catalog.Diagnostic{{File: "orders.hcl", Line: 2, Column: 3, Severity: "error", Summary: "bad"}}}}
}
func (fakeBackend) Trigger(ctx context.Context, name, reason string) error { return nil }
func (fakeBackend) Runs(ctx context.Context, q state.RunQuery) ([]state.Run, error) {
	return []state.Run{run, {ID: 8, Pipeline: "orders", StartedAt: started, Status: "running"}}, nil
}
func (fakeBackend) Run(ctx context.Context, id int64) (state.Run, error) { return run, nil }
func (fakeBackend) Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error) {
	return []state.Activity{
		{ID: 1, RunID: 7, Pipeline: "orders", At: started, System: "ndjson", Entity: "order", SourceKey: "SO-1",
			Decision: "create", TargetID: "42", Status: 201, Payload: []byte(`{"total":"12.50"}`),
			Source: []byte(`{"id":"SO-1"}`), Duration: 1500 * time.Microsecond},
		{ID: 2, RunID: 7, Pipeline: "orders", At: started, SourceKey: "SO-2", Decision: "skip"},
	}, nil
}
func (fakeBackend) SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error) {
	return []state.SetAside{{ID: 3, Pipeline: "orders", RunID: 7, SourceKey: "SO-3", Stage: "map",
		Field: "total", Reason: "not a number", Record: []byte(`{"total":"x"}`), At: started}}, nil
}
func (fakeBackend) Retry(ctx context.Context, r RetryRequest) (RetryResult, error) {
	return RetryResult{RunID: 9, Retried: 1, Written: 1, Status: "ok"}, nil
}
func (fakeBackend) Alerts(pipeline string) []alert.Alert {
	return []alert.Alert{{ID: 1, Pipeline: "orders", Kind: "failure", RunID: 7, Status: "failed", Text: "it broke", At: started}}
}
func (fakeBackend) Ready(ctx context.Context) error { return nil }

func get(t *testing.T, h http.Handler, method, path, body string) map[string]any {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	if rec.Code >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: %v in %s", method, path, err, rec.Body)
	}
	return out
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// checkKeys fails on any key, at any depth, that is not snake_case, and on
// any *_at value that is not RFC 3339 with its zone kept. Payloads are
// skipped: their keys are the systems' own.
func checkKeys(t *testing.T, where string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !snake.MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", where, k)
			}
			if k == "payload" || k == "source" || k == "record" {
				continue
			}
			if k == "at" || strings.HasSuffix(k, "_at") {
				s, _ := x.(string)
				at, err := time.Parse(time.RFC3339, s)
				if x != nil && (err != nil || !at.Equal(started) && !at.Equal(started.Add(time.Minute)) || !strings.HasSuffix(s, "+01:00")) {
					t.Errorf("%s: %s = %v, want RFC 3339 in +01:00", where, k, x)
				}
			}
			checkKeys(t, where+"."+k, x)
		}
	case []any:
		for _, x := range v {
			checkKeys(t, where, x)
		}
	}
}

func TestEveryAnswerIsSnakeCase(t *testing.T) {
	h := New(fakeBackend{}, func(h http.Handler) http.Handler { return h })
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/pipelines", ""}, {"GET", "/api/pipelines/orders", ""}, {"GET", "/api/files", ""},
		{"GET", "/api/runs", ""}, {"GET", "/api/runs/7", ""}, {"GET", "/api/activity", ""},
		{"GET", "/api/set-aside?pipeline=orders", ""}, {"GET", "/api/alerts", ""},
		{"POST", "/api/set-aside/retry", `{"pipeline":"orders"}`}, {"POST", "/api/pipelines/orders/runs", ""},
	} {
		checkKeys(t, c.path, get(t, h, c.method, c.path, c.body))
	}
}

func TestRunsActivityAndSetAsideShapes(t *testing.T) {
	h := New(fakeBackend{}, func(h http.Handler) http.Handler { return h })
	runs := get(t, h, "GET", "/api/runs", "")["runs"].([]any)
	first, going := runs[0].(map[string]any), runs[1].(map[string]any)
	if first["id"] != 7.0 || first["started_at"] != "2026-03-02T09:30:00+01:00" || first["ended_at"] != "2026-03-02T09:31:00+01:00" || first["rejected"] != 1.0 {
		t.Errorf("run = %v", first)
	}
	if end, ok := going["ended_at"]; !ok || end != nil {
		t.Errorf("a running run's ended_at = %v (present %v), want null", end, ok)
	}

	acts := get(t, h, "GET", "/api/activity", "")["activity"].([]any)
	a, b := acts[0].(map[string]any), acts[1].(map[string]any)
	if p, ok := a["payload"].(map[string]any); !ok || p["total"] != "12.50" {
		t.Errorf("payload = %#v, want the JSON object sent", a["payload"])
	}
	if s, ok := a["source"].(map[string]any); !ok || s["id"] != "SO-1" {
		t.Errorf("source = %#v, want the JSON object read", a["source"])
	}
	if a["duration_ms"] != 1.5 || a["run_id"] != 7.0 || a["source_key"] != "SO-1" || a["target_id"] != "42" {
		t.Errorf("activity = %v", a)
	}
	for _, k := range []string{"payload", "source"} {
		if v, ok := b[k]; !ok || v != nil {
			t.Errorf("absent %s = %v (present %v), want null", k, v, ok)
		}
	}

	aside := get(t, h, "GET", "/api/set-aside?pipeline=orders", "")
	sa := aside["set_aside"].([]any)[0].(map[string]any)
	if r, ok := sa["record"].(map[string]any); !ok || r["total"] != "x" || sa["reason"] != "not a number" || aside["total"] != 1.0 {
		t.Errorf("set-aside = %v", aside)
	}
}

func TestRawJSONKeepsTextThatIsNotJSON(t *testing.T) {
	if got := string(rawJSON([]byte("a=b"))); got != `"a=b"` {
		t.Errorf("rawJSON(a=b) = %s", got)
	}
	if got := rawJSON(nil); got != nil {
		t.Errorf("rawJSON(nil) = %s", got)
	}
}
