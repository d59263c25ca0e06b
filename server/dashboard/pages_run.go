package dashboard

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// runPage shows a run's summary and its records with the decision taken
// for each, newest first, paged.
func (h *handler) runPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.failed(w, r, fmt.Errorf("run %q: %w", r.PathValue("id"), state.ErrNotFound))
		return
	}
	run, err := h.o.Source.Run(r.Context(), id)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	page, size := pageParam(r), h.o.PageSize
	acts, err := h.o.Source.Activity(r.Context(), state.ActivityQuery{Pipeline: run.Pipeline, RunID: id, Limit: page*size + 1})
	if err != nil {
		h.failed(w, r, err)
		return
	}
	acts, pg := cut(acts, page, size)
	h.render(w, r, http.StatusOK, "run", fmt.Sprintf("Run %d of %s", id, run.Pipeline),
		map[string]any{"Run": run, "Records": acts, "Paging": pg})
}

// historyLimit bounds the entries one record's page shows.
const historyLimit = 200

// recordEntry is one activity entry of a record, with its payload ready
// to show.
type recordEntry struct {
	state.Activity
	Selected bool
	Sent     string // the payload sent, as the activity log keeps it (masked)
	Read     string // the source record, as the activity log keeps it (masked)
}

// recordPage shows what happened to one record over its runs: where it
// came from, what was sent for it and the decision taken, and the source
// record itself when it waits for a retry (masked by its source schema).
func (h *handler) recordPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pipeline, key := q.Get("pipeline"), q.Get("key")
	if pipeline == "" || key == "" {
		h.render(w, r, http.StatusBadRequest, "error", "Record", map[string]any{"Message": "Name a pipeline and a record key (source key, target id or origin)."})
		return
	}
	selected, _ := strconv.ParseInt(q.Get("entry"), 10, 64)
	acts, err := h.o.Source.Activity(r.Context(), state.ActivityQuery{Pipeline: pipeline, SourceKey: key, Limit: historyLimit})
	if err != nil {
		h.failed(w, r, err)
		return
	}
	entries := make([]recordEntry, len(acts))
	for i, a := range acts {
		entries[i] = recordEntry{Activity: a, Selected: a.ID == selected, Sent: pretty(a.Payload), Read: pretty(a.Source)}
	}
	waiting, err := h.waitingSource(r, pipeline, key, acts)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	if len(entries) == 0 && len(waiting) == 0 {
		h.failed(w, r, fmt.Errorf("record %q of %s: %w", key, pipeline, state.ErrNotFound))
		return
	}
	h.render(w, r, http.StatusOK, "record", "Record "+key, map[string]any{
		"Pipeline": pipeline, "Key": key, "Entries": entries, "Waiting": waiting, "CanRetry": h.canRetry()})
}

// waitingRecord is a set-aside entry of the record with the source data
// kept for its retry, masked.
type waitingRecord struct {
	state.SetAside
	Source   string // masked and indented; "" when withheld
	Withheld string // why the source data is not shown
}

// waitingSource finds the record's set-aside entries. The source record is
// masked by the source schema of the record's activity (personal fields
// replaced); one that cannot be masked is withheld, never shown raw.
func (h *handler) waitingSource(r *http.Request, pipeline, key string, acts []state.Activity) ([]waitingRecord, error) {
	aside, err := h.o.Source.SetAside(r.Context(), pipeline)
	if err != nil {
		return nil, err
	}
	entity := ""
	for _, a := range acts {
		if a.Entity != "" {
			entity = a.Entity
			break
		}
	}
	var out []waitingRecord
	for _, sa := range aside {
		if sa.SourceKey != key && sa.Origin != key {
			continue
		}
		wr := waitingRecord{SetAside: sa}
		wr.Source, wr.Withheld = h.maskedSource(entity, sa.Record)
		out = append(out, wr)
	}
	return out, nil
}
