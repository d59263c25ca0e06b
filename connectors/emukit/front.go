package emukit

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// AdminPrefix starts the paths of the emulator's own endpoints, which are
// neither counted, faulted, authenticated nor rate limited.
const AdminPrefix = "/__emulator/"

// Methods maps HTTP methods to the handlers of one admin endpoint.
type Methods map[string]http.HandlerFunc

// FrontConfig is what a system emulator plugs into its Front.
type FrontConfig struct {
	// Route normalises a request path to the route that counters and
	// fault scopes use, e.g. "/api/v1/123/crm/Accounts(guid'…')" to
	// "/api/v1/{division}/crm/Accounts". nil keeps the path as it is.
	Route func(path string) string

	// WriteError writes an error in the system's body format; it answers
	// admin mistakes and the injected 429, 500 and 503 failures. nil
	// writes {"error": msg}.
	WriteError func(w http.ResponseWriter, status int, msg string)

	// FaultHeaders, when set, adds headers to the answer of an injected
	// failure before WriteError writes it, e.g. the system's rate-limit
	// headers on an injected 429.
	FaultHeaders func(h http.Header, kind FaultKind)

	// Admin adds endpoints by full path ("/__emulator/seed"); the paths
	// /__emulator/counts and /__emulator/faults are the Front's own.
	Admin map[string]Methods
}

// Front is the system-independent front door of an emulator. It answers
// the admin endpoints:
//
//	GET    /__emulator/counts   request counters as JSON
//	DELETE /__emulator/counts   reset them
//	GET    /__emulator/faults   pending faults
//	POST   /__emulator/faults   add a fault (a Fault object or an array)
//	DELETE /__emulator/faults   clear faults
//
// plus those of FrontConfig.Admin; every other request is counted under
// "METHOD route", delayed or failed by the faults it matches, and
// otherwise passed to the system's handler.
type Front struct {
	Counters Counters
	Faults   Faults

	cfg  FrontConfig
	next http.Handler
}

// NewFront returns a Front that passes requests on to next.
func NewFront(next http.Handler, cfg FrontConfig) *Front {
	if cfg.Route == nil {
		cfg.Route = func(p string) string { return p }
	}
	if cfg.WriteError == nil {
		cfg.WriteError = func(w http.ResponseWriter, status int, msg string) {
			WriteJSON(w, status, map[string]string{"error": msg})
		}
	}
	f := &Front{cfg: cfg, next: next}
	return f
}

// ServeHTTP routes admin requests, counts the others and applies faults.
func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		f.serveAdmin(w, r)
		return
	}
	route := f.cfg.Route(r.URL.Path)
	f.Counters.Add(r.Method + " " + route)
	latency, fault := f.Faults.Take(r.Method, r.URL.Path, route)
	if latency > 0 && !f.Faults.Sleep(r.Context(), latency) {
		return
	}
	if fault == nil {
		f.next.ServeHTTP(w, r)
		return
	}
	var status int
	var msg string
	switch fault.Kind {
	case FaultRateLimit:
		status, msg = http.StatusTooManyRequests, "Too many requests (injected fault)"
	case FaultServerError:
		status, msg = http.StatusInternalServerError, "Internal server error (injected fault)"
	case FaultUnavailable:
		status, msg = http.StatusServiceUnavailable, "Service unavailable (injected fault)"
	case FaultTimeout:
		f.Faults.Hang(r.Context())
		return
	case FaultCreatedButError:
		// The system applies the request as usual; only its answer is
		// replaced, so the client sees a failure for a change that stuck.
		f.next.ServeHTTP(discardWriter{h: http.Header{}}, r)
		status, msg = http.StatusInternalServerError, "Internal server error (injected fault after the change was applied)"
	default:
		f.next.ServeHTTP(w, r)
		return
	}
	if f.cfg.FaultHeaders != nil {
		f.cfg.FaultHeaders(w.Header(), fault.Kind)
	}
	f.cfg.WriteError(w, status, msg)
}

func (f *Front) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	var methods Methods
	switch path {
	case AdminPrefix + "counts":
		methods = Methods{
			http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
				WriteJSON(w, http.StatusOK, f.Counters.Snapshot())
			},
			http.MethodDelete: func(w http.ResponseWriter, r *http.Request) {
				f.Counters.Reset()
				w.WriteHeader(http.StatusNoContent)
			},
		}
	case AdminPrefix + "faults":
		methods = Methods{
			http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
				WriteJSON(w, http.StatusOK, f.Faults.List())
			},
			http.MethodPost: f.postFaults,
			http.MethodDelete: func(w http.ResponseWriter, r *http.Request) {
				f.Faults.Clear()
				w.WriteHeader(http.StatusNoContent)
			},
		}
	default:
		methods = f.cfg.Admin[path]
	}
	if methods == nil {
		f.cfg.WriteError(w, http.StatusNotFound, fmt.Sprintf("unknown emulator endpoint %s", r.URL.Path))
		return
	}
	h := methods[r.Method]
	if h == nil {
		allow := allowList(methods)
		w.Header().Set("Allow", allow)
		f.cfg.WriteError(w, http.StatusMethodNotAllowed, "use "+allow)
		return
	}
	h(w, r)
}

func (f *Front) postFaults(w http.ResponseWriter, r *http.Request) {
	faults, err := DecodeFaults(r.Body)
	if err != nil {
		f.cfg.WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	for _, x := range faults {
		f.Faults.Inject(x)
	}
	WriteJSON(w, http.StatusCreated, f.Faults.List())
}

// allowList lists the methods in the usual order (GET, HEAD, POST, PUT,
// PATCH, DELETE, then any others alphabetically), so Allow headers are
// stable.
func allowList(m Methods) string {
	order := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	var out, rest []string
	for _, name := range order {
		if m[name] != nil {
			out = append(out, name)
		}
	}
	for name := range m {
		if !contains(order, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	return strings.Join(append(out, rest...), ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
