package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// pageNames are the templates in templates/, each rendered inside
// layout.tmpl.
var pageNames = []string{"pipelines", "pipeline", "run", "record", "setaside", "alerts", "login", "error"}

func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.tmpl").Funcs(funcs).ParseFS(assets, "templates/layout.tmpl")
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(assets, "templates/"+name+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("dashboard: %w", err)
		}
		pages[name] = t
	}
	return pages, nil
}

// view is what every template gets: the page's own data in Data, and
// what the layout needs around it.
type view struct {
	Title    string
	Base     string // the mount path, for links
	CSRF     string // the token every form posts back
	LoggedIn bool   // a logout button makes sense
	Data     any
}

// render writes a page, buffered so that a template error is a clean 500
// rather than half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	v := view{Title: title, Base: h.base, CSRF: h.csrfToken(w, r), LoggedIn: h.o.CheckToken != nil && tokenFrom(r) != "", Data: data}
	var buf bytes.Buffer
	if err := h.pages[page].ExecuteTemplate(&buf, "layout.tmpl", v); err != nil {
		h.o.Logger.Error("dashboard: rendering", "page", page, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var funcs = template.FuncMap{
	"when":     when,
	"duration": runDuration,
	"ms":       func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"pretty":   pretty,
	"path":     url.PathEscape,
	"recordKey": func(a state.Activity) string {
		if a.SourceKey != "" {
			return a.SourceKey
		}
		return a.Origin
	},
	"add": func(a, b int) int { return a + b },
}

// when shows an instant in UTC, to the second, with its zone.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 MST")
}

// runDuration is how long a run took, or has been running.
func runDuration(r state.Run) string {
	end := r.EndedAt
	if end.IsZero() {
		end = time.Now()
	}
	return end.Sub(r.StartedAt).Round(time.Millisecond).String()
}

// pageParam reads the 1-based page number of a paged list.
func pageParam(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	// Pages are read from the newest with a growing limit; far pages are
	// refused rather than read.
	return min(p, 10000)
}

// paged cuts page p (1-based) out of rows read with limit p*size+1.
type paged struct {
	Page, Size int
	Prev, Next int // 0 when there is none
}

func cut[T any](rows []T, p, size int) ([]T, paged) {
	pg := paged{Page: p, Size: size}
	if p > 1 {
		pg.Prev = p - 1
	}
	if len(rows) > p*size {
		pg.Next = p + 1
		rows = rows[:p*size]
	}
	lo := min((p-1)*size, len(rows))
	return rows[lo:], pg
}
