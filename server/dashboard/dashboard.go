package dashboard

import (
	"crypto/rand"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/schemas"
)

//go:embed templates/*.tmpl templates/style.css
var assets embed.FS

// Options configure the dashboard.
type Options struct {
	Source Source

	// BasePath is the path the handler is mounted at, e.g. "/dashboard/"
	// (default "/"); the handler strips it and builds its links under it.
	BasePath string

	// CheckToken, when set, puts every page behind a login: the token is
	// asked once and kept in an HttpOnly cookie, or sent as a bearer token.
	// The server compares against its configured tokens (TokenChecker).
	CheckToken func(token string) bool

	// Schemas mask the personal data in the source records kept for a
	// retry; nil loads the built-in schemas on first use.
	Schemas *schemas.Set

	// PageSize is how many rows a page shows (default 50).
	PageSize int

	// Logger receives the errors pages could not show in full; nil
	// discards them.
	Logger *slog.Logger
}

// handler serves the pages.
type handler struct {
	o       Options
	base    string
	mux     *http.ServeMux
	pages   map[string]*template.Template
	csrfKey []byte

	schemasOnce sync.Once
	schemasErr  error
}

// New returns the dashboard's handler.
func New(o Options) (http.Handler, error) {
	if o.Source == nil {
		return nil, errors.New("dashboard: no source")
	}
	if o.PageSize <= 0 {
		o.PageSize = 50
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{o: o, base: cleanBase(o.BasePath), mux: http.NewServeMux(), csrfKey: make([]byte, 32)}
	// A fresh key per process: forms served before a restart are refused
	// once, and a reload fixes that.
	rand.Read(h.csrfKey)
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	h.pages = pages
	h.routes()
	return h, nil
}

// cleanBase makes the mount path start and end with a slash.
func cleanBase(p string) string {
	p = "/" + strings.Trim(p, "/") + "/"
	if p == "//" {
		return "/"
	}
	return p
}

func (h *handler) routes() {
	auth := h.requireLogin
	if h.o.CheckToken == nil {
		auth = func(next http.HandlerFunc) http.HandlerFunc { return next }
		h.mux.HandleFunc("GET /login", h.redirect(""))
	} else {
		h.mux.HandleFunc("GET /login", h.loginPage)
		h.mux.HandleFunc("POST /login", h.login)
		h.mux.HandleFunc("POST /logout", h.logout)
	}
	h.mux.HandleFunc("GET /style.css", h.style)
	h.mux.HandleFunc("GET /{$}", auth(h.pipelinesPage))
	h.mux.HandleFunc("GET /pipelines/{name}", auth(h.pipelinePage))
	h.mux.HandleFunc("GET /pipelines/{name}/set-aside", auth(h.setAsidePage))
	h.mux.HandleFunc("POST /pipelines/{name}/set-aside/retry", auth(h.retry))
	h.mux.HandleFunc("GET /runs/{id}", auth(h.runPage))
	h.mux.HandleFunc("GET /record", auth(h.recordPage))
	h.mux.HandleFunc("GET /alerts", auth(h.alertsPage))
}

// ServeHTTP strips the mount path and sets the headers every answer
// carries: nothing but this origin's style sheet may load, and no other
// site may frame the pages.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	rest, ok := strings.CutPrefix(r.URL.Path, h.base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + rest
	r2.URL.RawPath = ""
	h.mux.ServeHTTP(w, r2)
}

func (h *handler) style(w http.ResponseWriter, r *http.Request) {
	css, _ := assets.ReadFile("templates/style.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write(css)
}

// redirect sends the browser to a page of the dashboard.
func (h *handler) redirect(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, h.base+page, http.StatusSeeOther)
	}
}

// canRetry reports whether the source can retry, when it says.
func (h *handler) canRetry() bool {
	if c, ok := h.o.Source.(interface{ CanRetry() bool }); ok {
		return c.CanRetry()
	}
	return true
}

// schemaSet returns the schemas the source records are masked by.
func (h *handler) schemaSet() (*schemas.Set, error) {
	h.schemasOnce.Do(func() {
		if h.o.Schemas == nil {
			h.o.Schemas, h.schemasErr = schemas.Default()
		}
	})
	return h.o.Schemas, h.schemasErr
}

// failed shows an error page: not found for a missing entry, else the
// error logged and a short message shown.
func (h *handler) failed(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "The dashboard could not read the sync state: "+err.Error()
	if errors.Is(err, state.ErrNotFound) {
		status, msg = http.StatusNotFound, "Not found: "+err.Error()
	} else {
		h.o.Logger.Error("dashboard", "path", r.URL.Path, "err", err)
	}
	h.render(w, r, status, "error", "Error", map[string]any{"Message": msg})
}
