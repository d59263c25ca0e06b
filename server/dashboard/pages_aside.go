package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// setAsidePage lists a pipeline's records waiting for a retry, with a
// retry button per record and one for all, and the result of the last
// retry when the browser comes back from one.
func (h *handler) setAsidePage(w http.ResponseWriter, r *http.Request) {
	h.showSetAside(w, r, http.StatusOK, retryOutcome(r.URL.Query()), "")
}

func (h *handler) showSetAside(w http.ResponseWriter, r *http.Request, status int, result *RetryResult, retryErr string) {
	name := r.PathValue("name")
	aside, err := h.o.Source.SetAside(r.Context(), name)
	if err != nil {
		h.failed(w, r, err)
		return
	}
	h.render(w, r, status, "setaside", "Set aside: "+name, map[string]any{
		"Pipeline": name, "Records": aside, "CanRetry": h.canRetry(), "Result": result, "RetryError": retryErr})
}

// retryOutcome reads the result a retry redirected with: counts only, so
// a crafted link can show nothing but numbers.
func retryOutcome(q url.Values) *RetryResult {
	if !q.Has("retried") {
		return nil
	}
	n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return max(v, 0) }
	return &RetryResult{Retried: n("retried"), Written: n("written"), Again: n("again")}
}

// retry runs the chosen set-aside records again. The form carries the
// CSRF token; after the retry the browser is sent back to the list
// (post/redirect/get), so a reload does not retry twice.
func (h *handler) retry(w http.ResponseWriter, r *http.Request) {
	if !h.checkCSRF(r) {
		h.render(w, r, http.StatusForbidden, "error", "Retry", map[string]any{"Message": "The form has expired or did not come from this dashboard; reload the page and try again."})
		return
	}
	name := r.PathValue("name")
	var ids []int64
	for _, s := range r.PostForm["id"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			h.render(w, r, http.StatusBadRequest, "error", "Retry", map[string]any{"Message": fmt.Sprintf("%q is not a set-aside record id", s)})
			return
		}
		ids = append(ids, id)
	}
	res, err := h.o.Source.Retry(r.Context(), name, ids)
	switch {
	case errors.Is(err, ErrNoRetry):
		h.showSetAside(w, r, http.StatusNotImplemented, nil, err.Error())
		return
	case err != nil:
		h.o.Logger.Error("dashboard: retry", "pipeline", name, "err", err)
		h.showSetAside(w, r, http.StatusBadGateway, nil, err.Error())
		return
	}
	q := url.Values{}
	q.Set("retried", strconv.Itoa(res.Retried))
	q.Set("written", strconv.Itoa(res.Written))
	q.Set("again", strconv.Itoa(res.Again))
	http.Redirect(w, r, h.base+"pipelines/"+url.PathEscape(name)+"/set-aside?"+q.Encode(), http.StatusSeeOther)
}

// alertsPage lists the alerts sent, newest first.
func (h *handler) alertsPage(w http.ResponseWriter, r *http.Request) {
	alerts, err := h.o.Source.Alerts(r.Context())
	if err != nil {
		h.failed(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "alerts", "Alerts", map[string]any{"Alerts": alerts})
}
