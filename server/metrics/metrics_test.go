package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine"
)

func TestMetricsExposeRunsAndCalls(t *testing.T) {
	m := New(func() (int, int) { return 3, 1 })
	m.SetSystems(map[string]string{"exact": "exactonline"})
	m.RunEnded("orders", "ok", engine.Stats{Read: 10, Written: 7, Rejected: 2, Duration: 2 * time.Second})
	m.Call(httpx.Call{Connection: "exact", Status: 200})
	m.Call(httpx.Call{Connection: "exact", Status: 429})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`pipeline_records_read_total{pipeline="orders"} 10`,
		`pipeline_records_written_total{pipeline="orders"} 7`,
		`pipeline_records_rejected_total{pipeline="orders"} 2`,
		`pipeline_run_duration_seconds_count{pipeline="orders",status="ok"} 1`,
		`pipeline_api_calls_total{connection="exact",system="exactonline"} 2`,
		`pipeline_api_throttled_total{connection="exact",system="exactonline"} 1`,
		`pipeline_queue_depth 3`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
