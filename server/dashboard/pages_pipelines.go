package dashboard

import (
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// pipelinesPage lists the pipelines with their last runs.
func (h *handler) pipelinesPage(w http.ResponseWriter, r *http.Request) {
	ps, err := h.o.Source.Pipelines(r.Context())
	if err != nil {
		h.failed(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "pipelines", "Pipelines", map[string]any{"Pipelines": ps})
}

// pipelinePage shows one pipeline and its runs, newest first, paged.
func (h *handler) pipelinePage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, err := h.pipeline(r, name)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	page, size := pageParam(r), h.o.PageSize
	runs, err := h.o.Source.Runs(r.Context(), name, page*size+1)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	runs, pg := cut(runs, page, size)
	h.render(w, r, http.StatusOK, "pipeline", name, map[string]any{"Pipeline": p, "Runs": runs, "Paging": pg})
}

// pipeline finds one pipeline by name.
func (h *handler) pipeline(r *http.Request, name string) (Pipeline, error) {
	ps, err := h.o.Source.Pipelines(r.Context())
	if err != nil {
		return Pipeline{}, err
	}
	for _, p := range ps {
		if p.Name == name {
			return p, nil
		}
	}
	return Pipeline{}, fmt.Errorf("pipeline %q: %w", name, state.ErrNotFound)
}
