package metrics

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/engine"
)

// Metrics are the server's collectors.
type Metrics struct {
	reg       *prometheus.Registry
	read      *prometheus.CounterVec
	written   *prometheus.CounterVec
	rejected  *prometheus.CounterVec
	runs      *prometheus.CounterVec
	durations *prometheus.HistogramVec
	calls     *prometheus.CounterVec
	throttled *prometheus.CounterVec
	invalid   prometheus.Gauge

	mu      sync.RWMutex
	systems map[string]string // connection name → connector
}

// New registers the collectors; queue reports the runs waiting and
// running when scraped.
func New(queue func() (waiting, running int)) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), systems: map[string]string{}}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "pipeline", Name: name, Help: help}, labels)
		m.reg.MustRegister(c)
		return c
	}
	m.read = counter("records_read_total", "Records read from the source.", "pipeline")
	m.written = counter("records_written_total", "Records written to the target (created or updated).", "pipeline")
	m.rejected = counter("records_rejected_total", "Records set aside.", "pipeline")
	m.runs = counter("runs_total", "Runs ended, by status.", "pipeline", "status")
	m.calls = counter("api_calls_total", "HTTP calls to systems' APIs (every attempt).", "system", "connection")
	m.throttled = counter("api_throttled_total", "Calls a system answered with 429 Too Many Requests.", "system", "connection")
	m.durations = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "pipeline", Name: "run_duration_seconds",
		Help:    "How long runs took, by status.",
		Buckets: []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600}}, []string{"pipeline", "status"})
	m.reg.MustRegister(m.durations)
	m.invalid = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "pipeline", Name: "files_invalid",
		Help: "Pipeline files that do not validate (their last good version keeps running)."})
	m.reg.MustRegister(m.invalid)
	if queue != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "pipeline", Name: "queue_depth",
			Help: "Runs waiting for a run of the same pipeline to end."}, func() float64 { w, _ := queue(); return float64(w) }))
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "pipeline", Name: "runs_running",
			Help: "Runs going now."}, func() float64 { _, r := queue(); return float64(r) }))
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// RunEnded counts a finished run.
func (m *Metrics) RunEnded(pipeline, status string, s engine.Stats) {
	m.read.WithLabelValues(pipeline).Add(float64(s.Read))
	m.written.WithLabelValues(pipeline).Add(float64(s.Written))
	m.rejected.WithLabelValues(pipeline).Add(float64(s.Rejected))
	m.runs.WithLabelValues(pipeline, status).Inc()
	m.durations.WithLabelValues(pipeline, status).Observe(s.Duration.Seconds())
}

// SetSystems tells which connector each connection name belongs to.
func (m *Metrics) SetSystems(bySystem map[string]string) {
	m.mu.Lock()
	m.systems = bySystem
	m.mu.Unlock()
}

// SetInvalidFiles sets the count of files that do not validate.
func (m *Metrics) SetInvalidFiles(n int) { m.invalid.Set(float64(n)) }

// Call counts one API call; install it with httpx.SetCallHook.
func (m *Metrics) Call(c httpx.Call) {
	m.mu.RLock()
	sys := m.systems[c.Connection]
	m.mu.RUnlock()
	if sys == "" {
		sys = "unknown"
	}
	m.calls.WithLabelValues(sys, c.Connection).Inc()
	if c.Status == http.StatusTooManyRequests {
		m.throttled.WithLabelValues(sys, c.Connection).Inc()
	}
}
