package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

// ServeHTTP counts the request, applies injected faults and routes it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.front.ServeHTTP(w, r) }

func (e *Emulator) route(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/api/oauth2/auth":
		e.oauth.ServeAuthorize(w, r)
	case p == "/api/oauth2/token":
		e.oauth.ServeToken(w, r)
	case strings.HasPrefix(p, "/api/v1/"):
		e.serveAPI(w, r)
	default:
		writeError(w, errf(http.StatusNotFound, "Resource not found for the segment '%s'", p))
	}
}

// serveAPI authenticates, resolves the division, applies the rate limit
// and dispatches an /api/v1 request.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	client, err := e.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="Exact Online"`)
		writeError(w, err)
		return
	}
	seg, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/api/v1/"), "/")
	me := strings.EqualFold(seg, "current") && strings.EqualFold(rest, "Me")
	var div int
	if me {
		div = e.currentDivision()
	} else if div, err = strconv.Atoi(seg); err != nil {
		writeError(w, errf(http.StatusNotFound, "Resource not found for the segment '%s'", seg))
		return
	}
	if !e.hasDivision(div) {
		writeError(w, errf(http.StatusForbidden, "Forbidden: division %d is not accessible to this user", div))
		return
	}
	if !e.allow(w.Header(), client, div) {
		writeError(w, errf(http.StatusTooManyRequests, "Too many requests"))
		return
	}
	if !acceptsJSON(r) {
		writeError(w, errf(http.StatusNotAcceptable, "The emulator answers in JSON only; send 'Accept: application/json' (Exact answers XML otherwise)"))
		return
	}
	var resp *response
	err = e.withDivision(div, client, baseURL(r), func(tx *txn) error {
		var err error
		if me {
			resp, err = tx.serveMe(r)
		} else {
			resp, err = tx.dispatch(r, rest)
		}
		return err
	})
	if err != nil {
		if ae, ok := err.(*apiError); ok && ae.Status == http.StatusMethodNotAllowed && resp != nil {
			w.Header().Set("Allow", resp.allow)
		}
		writeError(w, err)
		return
	}
	resp.write(w)
}

// response is what a handler produced under the data lock; it is written
// after the lock is released so a slow client holds up no one.
type response struct {
	status   int
	body     any // nil: no body
	location string
	allow    string
}

func (p *response) write(w http.ResponseWriter) {
	if p.location != "" {
		w.Header().Set("Location", p.location)
	}
	if p.body == nil {
		w.WriteHeader(p.status)
		return
	}
	writeJSON(w, p.status, p.body)
}

// dispatch picks the endpoint for the path after the division.
func (tx *txn) dispatch(r *http.Request, rest string) (*response, error) {
	lower := strings.ToLower(rest)
	if lower == "read/logistics/stockposition" {
		return tx.serveStockPosition(r)
	}
	if v := viewByPath[lower]; v != nil {
		if r.Method != http.MethodGet {
			return &response{allow: "GET"}, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", r.Method, v.Path)
		}
		return tx.serveView(r, v)
	}
	path, id, nav, err := splitEntityPath(rest)
	if err != nil {
		return nil, err
	}
	s := specByPath[strings.ToLower(path)]
	if s == nil {
		return nil, errf(http.StatusNotFound, "Resource not found for the segment '%s'", rest)
	}
	if !s.def.allows(r.Method) {
		return &response{allow: strings.ReplaceAll(s.def.Methods, " ", ", ")},
			errf(http.StatusMethodNotAllowed, "%s is not supported on %s", r.Method, s.Path)
	}
	return tx.serveEntity(r, s, id, nav)
}

// splitEntityPath splits "crm/Accounts(guid'…')/Nav" into its parts.
func splitEntityPath(rest string) (path, id, nav string, err error) {
	open := strings.IndexByte(rest, '(')
	if open < 0 {
		return rest, "", "", nil
	}
	end := strings.IndexByte(rest[open:], ')')
	if end < 0 {
		return "", "", "", badRequest("Bad request: unbalanced parentheses in '%s'", rest)
	}
	keyText := rest[open+1 : open+end]
	g, ok := parseSkipToken(keyText)
	if !ok {
		return "", "", "", badRequest("Bad request: key '%s' is not of the form guid'…'", keyText)
	}
	after := strings.TrimPrefix(rest[open+end+1:], "/")
	return rest[:open], g, after, nil
}

// acceptsJSON reports whether the client asked for JSON.
func acceptsJSON(r *http.Request) bool {
	return strings.Contains(strings.ToLower(r.Header.Get("Accept")), "application/json")
}

// baseURL is scheme://host of the request, for absolute links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (e *Emulator) currentDivision() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.divOrder) == 0 {
		return 0
	}
	return e.divOrder[0]
}

func (e *Emulator) hasDivision(code int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.divs[code]
	return ok
}
