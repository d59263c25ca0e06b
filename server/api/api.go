package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/server/alert"
	"github.com/pipeline-dev/pipeline/server/catalog"
)

// Pipeline is a loaded pipeline as the API shows it.
type Pipeline struct {
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	File        string       `json:"file"`
	Source      string       `json:"source"`
	Target      string       `json:"target"`
	Schedule    string       `json:"schedule,omitempty"`
	NextRun     *time.Time   `json:"next_run,omitempty"`
	Triggers    []Trigger    `json:"triggers,omitempty"`
	LoadedAt    time.Time    `json:"loaded_at"`
	Running     bool         `json:"running"`
	Failing     bool         `json:"failing"`
	LastRun     *Run         `json:"last_run,omitempty"`
	Valid       bool         `json:"valid"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// Enabled is false for a pipeline its settings switch off (enabled =
	// var.order_type == "journal_entry"): it is neither scheduled nor
	// triggered. DisabledBy is that condition as written.
	Enabled    bool   `json:"enabled"`
	DisabledBy string `json:"disabled_by,omitempty"`
}

// Trigger is a webhook that starts a pipeline.
type Trigger struct {
	System string   `json:"system"`
	Events []string `json:"events,omitempty"`
}

// RetryRequest is the body of POST /api/set-aside/retry: the pipeline and,
// optionally, which of its set-aside records (by id or by source key);
// none means all of them.
type RetryRequest struct {
	Pipeline string   `json:"pipeline"`
	IDs      []int64  `json:"ids,omitempty"`
	Keys     []string `json:"keys,omitempty"`
}

// RetryResult is what a retry did.
type RetryResult struct {
	RunID   int64  `json:"run_id,omitempty"`
	Retried int    `json:"retried"`
	Written int    `json:"written"`
	Again   int    `json:"set_aside_again"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
}

// Backend answers the API. ErrNotFound (wrapped) makes a 404.
type Backend interface {
	Pipelines(ctx context.Context) ([]Pipeline, error)
	Pipeline(ctx context.Context, name string) (Pipeline, error)
	// Files are the pipeline files with their diagnostics, also those
	// that define no pipeline that runs.
	Files() []catalog.FileStatus
	Trigger(ctx context.Context, name, reason string) error
	Runs(ctx context.Context, q state.RunQuery) ([]state.Run, error)
	Run(ctx context.Context, id int64) (state.Run, error)
	Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error)
	SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error)
	Retry(ctx context.Context, r RetryRequest) (RetryResult, error)
	Alerts(pipeline string) []alert.Alert
	// Ready returns nil when the server takes runs (pipelines loaded,
	// state store reachable, not shutting down).
	Ready(ctx context.Context) error
}

// ErrNotFound is wrapped by Backend errors for missing things.
var ErrNotFound = state.ErrNotFound

// ErrShuttingDown makes a 503: the server takes no new work while it
// shuts down (another server of the cluster may).
var ErrShuttingDown = errors.New("the server is shutting down; try again (another server, if there are several)")

// BadRequestError makes a 400 with its message.
type BadRequestError struct{ Msg string }

func (e *BadRequestError) Error() string { return e.Msg }

// New returns the API's handler; auth guards every route but /healthz.
func New(b Backend, auth func(http.Handler) http.Handler) http.Handler {
	h := &handler{b: b}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	guarded := http.NewServeMux()
	guarded.HandleFunc("GET /readyz", h.ready)
	guarded.HandleFunc("GET /api/pipelines", h.pipelines)
	guarded.HandleFunc("GET /api/pipelines/{name}", h.pipeline)
	guarded.HandleFunc("POST /api/pipelines/{name}/runs", h.startRun)
	guarded.HandleFunc("GET /api/files", h.files)
	guarded.HandleFunc("GET /api/runs", h.runs)
	guarded.HandleFunc("GET /api/runs/{id}", h.run)
	guarded.HandleFunc("GET /api/activity", h.activity)
	guarded.HandleFunc("GET /api/set-aside", h.setAside)
	guarded.HandleFunc("POST /api/set-aside/retry", h.retry)
	guarded.HandleFunc("GET /api/alerts", h.alerts)
	guarded.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
	g := auth(guarded)
	mux.Handle("/readyz", g)
	mux.Handle("/api/", g)
	return mux
}

type handler struct{ b Backend }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fail maps a backend error to its status.
func fail(w http.ResponseWriter, err error) {
	var bad *BadRequestError
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, ErrShuttingDown):
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, err.Error())
	default:
		writeError(w, http.StatusInternalServerError, err.Error())
	}
}
