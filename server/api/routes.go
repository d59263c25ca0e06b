package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pipeline-dev/pipeline/engine/state"
)

func (h *handler) ready(w http.ResponseWriter, r *http.Request) {
	if err := h.b.Ready(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (h *handler) pipelines(w http.ResponseWriter, r *http.Request) {
	ps, err := h.b.Pipelines(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"pipelines": nonNil(ps), "files": convert(h.b.Files(), newFileStatus)})
}

func (h *handler) pipeline(w http.ResponseWriter, r *http.Request) {
	p, err := h.b.Pipeline(r.Context(), r.PathValue("name"))
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (h *handler) files(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"files": convert(h.b.Files(), newFileStatus)})
}

func (h *handler) startRun(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if err := h.b.Trigger(r.Context(), name, "api"); err != nil {
		fail(w, err)
		return
	}
	// The run starts now, or after the one going (at most one waits).
	writeJSON(w, http.StatusAccepted, map[string]any{"pipeline": name, "queued": true})
}

func (h *handler) runs(w http.ResponseWriter, r *http.Request) {
	limit, ok := limitParam(w, r, 50)
	if !ok {
		return
	}
	runs, err := h.b.Runs(r.Context(), state.RunQuery{Pipeline: r.URL.Query().Get("pipeline"), Limit: int(limit)})
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": convert(runs, NewRun)})
}

func (h *handler) run(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "a run id is a number")
		return
	}
	run, err := h.b.Run(r.Context(), id)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, NewRun(run))
}

func (h *handler) activity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	run, ok := intParam(w, r, "run", 0)
	if !ok {
		return
	}
	limit, ok := limitParam(w, r, 100)
	if !ok {
		return
	}
	acts, err := h.b.Activity(r.Context(), state.ActivityQuery{Pipeline: q.Get("pipeline"), RunID: run, SourceKey: q.Get("record"), Limit: int(limit)})
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"activity": convert(acts, newActivity)})
}

func (h *handler) setAside(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Query().Get("pipeline")
	if p == "" {
		writeError(w, http.StatusBadRequest, "say which pipeline: ?pipeline=NAME")
		return
	}
	limit, ok := limitParam(w, r, MaxLimit)
	if !ok {
		return
	}
	list, err := h.b.SetAside(r.Context(), p)
	if err != nil {
		fail(w, err)
		return
	}
	// total tells how many there are when the answer shows only the
	// first limit of them (oldest first, the order a retry takes).
	total := len(list)
	list = list[:min(len(list), int(limit))]
	writeJSON(w, http.StatusOK, map[string]any{"set_aside": convert(list, newSetAside), "total": total})
}

func (h *handler) retry(w http.ResponseWriter, r *http.Request) {
	var req RetryRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body: want {\"pipeline\": NAME, \"ids\": [..] or \"keys\": [..]}: "+err.Error())
		return
	}
	if req.Pipeline == "" {
		writeError(w, http.StatusBadRequest, "body: \"pipeline\" is required")
		return
	}
	res, err := h.b.Retry(r.Context(), req)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *handler) alerts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"alerts": convert(h.b.Alerts(r.URL.Query().Get("pipeline")), newAlert)})
}

func intParam(w http.ResponseWriter, r *http.Request, name string, def int64) (int64, bool) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		writeError(w, http.StatusBadRequest, name+" must be a whole number ≥ 0, not "+strconv.Quote(s))
		return 0, false
	}
	return n, true
}

// MaxLimit is the most entries one answer lists: a larger answer would
// hold the state store and the server's memory for one request.
const MaxLimit = 1000

// limitParam reads ?limit=, between 1 and MaxLimit.
func limitParam(w http.ResponseWriter, r *http.Request, def int64) (int64, bool) {
	n, ok := intParam(w, r, "limit", def)
	if ok && (n < 1 || n > MaxLimit) {
		writeError(w, http.StatusBadRequest, "limit must be between 1 and "+strconv.Itoa(MaxLimit)+", not "+strconv.FormatInt(n, 10))
		return 0, false
	}
	return n, ok
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
