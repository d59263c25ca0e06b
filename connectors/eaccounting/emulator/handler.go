package emulator

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// ServeHTTP counts the request, applies injected faults and routes it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.front.ServeHTTP(w, r) }

func (e *Emulator) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.EqualFold(p, "/connect/authorize"):
		e.oauth.ServeAuthorize(w, r)
	case strings.EqualFold(p, "/connect/token"):
		e.serveToken(w, r)
	default:
		rest, ok := cutPrefixFold(p, "/v2/")
		if !ok {
			writeError(w, errf(http.StatusNotFound, codeNotFound, "No resource was found that matches the request URI '%s'", p))
			return
		}
		e.serveAPI(w, r, rest)
	}
}

// call is one API request as a handler sees it.
type call struct {
	r      *http.Request
	op     *genOperation
	params []string // path parameters, in order
	body   row      // the decoded body; nil when the operation takes none
	query  url.Values
}

// response is what a handler produced under the data lock; it is written
// after the lock is released so a slow client holds up no one.
type response struct {
	status int // 0: the operation's documented status
	body   any // nil: an empty body
}

// serveAPI authenticates, routes, applies the rate limit and the scopes,
// and runs the operation's handler under the data lock.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request, rest string) {
	g, err := e.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeError(w, err)
		return
	}
	rt, params := matchRoute(rest)
	if rt == nil {
		writeError(w, errf(http.StatusNotFound, codeNotFound, "No resource was found that matches the request URI '%s'", r.URL.Path))
		return
	}
	op := rt.ops[r.Method]
	if op == nil {
		w.Header().Set("Allow", rt.allow())
		writeError(w, errf(http.StatusMethodNotAllowed, codeValidation, "The requested resource does not support http method '%s'.", r.Method))
		return
	}
	if err := e.allow(g.Client, rt.template); err != nil {
		writeError(w, err)
		return
	}
	if err := authorize(g, op); err != nil {
		writeError(w, err)
		return
	}
	c := &call{r: r, op: op, params: params, query: r.URL.Query()}
	if op.Request != "" {
		if c.body, err = decodeBody(r); err != nil {
			writeError(w, err)
			return
		}
	}
	h := handlers[op.Method+" "+op.Path]
	var resp *response
	err = e.withCompany(func(tx *txn) error {
		return guard(func() error {
			var err error
			resp, err = h(tx, c)
			return err
		})
	})
	if err != nil {
		writeError(w, err)
		return
	}
	status := resp.status
	if status == 0 {
		status = op.Status
	}
	if resp.body == nil {
		w.WriteHeader(status)
		return
	}
	emukit.WriteJSON(w, status, resp.body)
}

// handlerFunc serves one operation under the data lock.
type handlerFunc func(tx *txn, c *call) (*response, error)

// handlers maps "METHOD path" of genOperations to their behaviour; a test
// checks that every generated operation has one.
var handlers = map[string]handlerFunc{}

func handle(key string, h handlerFunc) { handlers[key] = h }
