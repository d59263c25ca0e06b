package emulator

import (
	"net/http"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Paths, after the base /api/v3. ASP.NET matches them without regard to
// case ([AV-RB] asks for /AccountViewData and /Companies).
const (
	apiBase          = "/api/v3"
	pathToken        = apiBase + "/token"
	pathAuthorize    = apiBase + "/authorize"
	pathCompanies    = apiBase + "/companies"
	pathData         = apiBase + "/accountviewdata"
	pathFields       = apiBase + "/accountviewfields"
	pathBusinessObjs = apiBase + "/accountviewsystembusinessobjects"
	pathSystemData   = apiBase + "/accountviewsystemdata"
)

var knownPaths = []string{pathToken, pathAuthorize, pathCompanies, pathData, pathFields, pathBusinessObjs, pathSystemData}

// endpointRoute normalises a path to its canonical spelling, so that
// counters and fault scopes do not depend on the client's case.
func endpointRoute(path string) string {
	p := strings.TrimSuffix(path, "/")
	for _, k := range knownPaths {
		if strings.EqualFold(p, k) {
			return k
		}
	}
	return path
}

// ServeHTTP counts the request, applies injected faults and routes it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.front.ServeHTTP(w, r) }

func (e *Emulator) route(w http.ResponseWriter, r *http.Request) {
	switch p := endpointRoute(r.URL.Path); p {
	case pathToken:
		e.oauth.ServeToken(w, r)
	case pathAuthorize:
		e.oauth.ServeAuthorize(w, r)
	case pathCompanies, pathData, pathFields, pathBusinessObjs, pathSystemData:
		e.serveAPI(w, r, p)
	default:
		writeError(w, errStatus(http.StatusNotFound, errTypeAV, "No HTTP resource was found that matches the request URI '%s'", r.URL.Path))
	}
}

// serveAPI authenticates, resolves the company, applies the rate limit and
// dispatches one API call.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request, path string) {
	client, err := e.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="accountview.net"`)
		writeError(w, err)
		return
	}
	if path == pathCompanies {
		if r.Method != http.MethodGet {
			methodNotAllowed(w, "GET")
			return
		}
		emukit.WriteJSON(w, http.StatusOK, e.Companies())
		return
	}
	id := r.Header.Get("X-Company")
	if strings.TrimSpace(id) == "" {
		writeError(w, badRequest("the X-Company header is missing; name a company from GET /api/v3/companies"))
		return
	}
	e.mu.Lock()
	known := e.company(id) != nil
	e.mu.Unlock()
	if !known {
		writeError(w, errStatus(http.StatusForbidden, errTypeAV, "company %q does not exist or is not accessible with this token", id))
		return
	}
	if !e.allow(w.Header(), client, strings.ToLower(strings.TrimSpace(id))) {
		writeError(w, errStatus(http.StatusTooManyRequests, errTypeAV, "Too many requests; retry after the time in Retry-After"))
		return
	}
	var status int
	var body []byte
	var aerr *apiError
	switch path {
	case pathData:
		status, body, aerr = e.serveData(r, id, client)
	case pathFields:
		status, body, aerr = e.serveFields(r)
	case pathBusinessObjs:
		status, body, aerr = e.serveBusinessObjects(r)
	case pathSystemData:
		status, body, aerr = e.serveSystemData(r, id)
	}
	if aerr != nil {
		if aerr.Status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", aerr.Message[strings.LastIndex(aerr.Message, " ")+1:])
		}
		writeError(w, aerr)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, notAllowed(allow))
}

// notAllowed is a 405 whose message ends with the allowed methods.
func notAllowed(allow string) *apiError {
	return errStatus(http.StatusMethodNotAllowed, errTypeAV, "The requested resource does not support this HTTP method; use %s", allow)
}
