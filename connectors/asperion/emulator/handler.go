package emulator

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// maxBody caps request bodies (assumed; ASP.NET's default is 30 MB).
const maxBody = 4 << 20

// ServeHTTP counts the request, applies injected faults and routes it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { e.front.ServeHTTP(w, r) }

func (e *Emulator) route(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.EqualFold(p, api.Authorize):
		e.oauth.ServeAuthorize(w, r)
	case strings.EqualFold(p, api.Token):
		e.oauth.ServeToken(w, r)
	default:
		e.serveAPI(w, r)
	}
}

// target is the entity and item id a path names.
type target struct {
	ent *entity
	id  int64
	// hasID is set for item paths.
	hasID bool
}

// resolve maps a path to its entity: the collection path, or the
// collection path and a numeric id.
func resolve(path string) (target, bool) {
	p := strings.ToLower(strings.TrimSuffix(path, "/"))
	if ent := entityByPath[p]; ent != nil {
		return target{ent: ent}, true
	}
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return target{}, false
	}
	ent := entityByPath[p[:i]]
	id, err := strconv.ParseInt(p[i+1:], 10, 64)
	if ent == nil || err != nil {
		return target{}, false
	}
	return target{ent: ent, id: id, hasID: true}, true
}

// serveAPI authenticates, resolves the endpoint and the administration,
// applies the rate limit and dispatches.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	l := language(r)
	tg, ok := resolve(r.URL.Path)
	if !ok {
		writeProblem(w, l, &apiError{Status: http.StatusNotFound, Detail: l.t(mNoRoute, r.URL.Path)})
		return
	}
	client, aerr := e.authenticate(r)
	if aerr != nil {
		writeProblem(w, l, aerr)
		return
	}
	if allow := allowed(tg); !strings.Contains(", "+allow+", ", ", "+r.Method+", ") {
		writeProblem(w, l, &apiError{Status: http.StatusMethodNotAllowed, Allow: allow, Detail: l.t(mMethod, r.Method, allow)})
		return
	}
	adminID, aerr := e.tenant(r, l, tg.ent.Tenant)
	if aerr != nil {
		writeProblem(w, l, aerr)
		return
	}
	if aerr := e.allow(w.Header(), client, adminID, l); aerr != nil {
		writeProblem(w, l, aerr)
		return
	}
	var body map[string]any
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		if body, aerr = readBody(r, l); aerr != nil {
			writeProblem(w, l, aerr)
			return
		}
	}
	status, out, location, aerr := e.dispatch(r, l, tg, adminID, body)
	if aerr != nil {
		writeProblem(w, l, aerr)
		return
	}
	if location != "" {
		w.Header().Set("Location", location)
	}
	writeJSON(w, status, "application/json; charset=utf-8", out)
}

// allowed lists the methods of a path.
func allowed(tg target) string {
	var m []string
	if tg.hasID {
		if tg.ent.has(opGet) {
			m = append(m, http.MethodGet)
		}
		if tg.ent.has(opUpdate) {
			m = append(m, http.MethodPut)
		}
	} else {
		if tg.ent.has(opList) {
			m = append(m, http.MethodGet)
		}
		if tg.ent.has(opCreate) {
			m = append(m, http.MethodPost)
		}
	}
	return strings.Join(m, ", ")
}

// readBody reads a JSON object body; ASP.NET answers 415 to a body that is
// not declared as JSON.
func readBody(r *http.Request, l lang) (map[string]any, *apiError) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return nil, &apiError{Status: http.StatusUnsupportedMediaType, Detail: l.t(mMediaType)}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, invalid("$", l.t(mBadJSON, err.Error()))
	}
	var v any
	if err := emukit.DecodeNumbers(raw, &v); err != nil {
		return nil, invalid("$", l.t(mBadJSON, err.Error()))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("$", l.t(mNotObject))
	}
	return m, nil
}

// dispatch runs the operation under the data lock and returns the status,
// body and Location (of a created record) to write after releasing it.
func (e *Emulator) dispatch(r *http.Request, l lang, tg target, adminID int64, body map[string]any) (int, obj, string, *apiError) {
	e.mu.Lock()
	c := &wctx{d: e.data, adm: e.data.admins[adminID], now: e.clock.Now(), l: l, strict: e.opts.Strict, errs: &fieldErrors{}}
	var (
		out      obj
		aerr     *apiError
		status   = http.StatusOK
		changed  bool
		location string
	)
	q := query{r.URL.Query()}
	switch {
	case c.adm == nil:
		// The administration went away between the tenant check and now
		// (a reseed); answer as the tenant check would have.
		aerr = &apiError{Status: http.StatusForbidden, Detail: l.t(mNoAccess, strconv.FormatInt(adminID, 10))}
	case r.Method == http.MethodGet && tg.hasID:
		out, aerr = c.get(tg.ent, tg.id)
	case r.Method == http.MethodGet && tg.ent.Name == "administration":
		out, aerr = c.administrations(tg.ent, q)
	case r.Method == http.MethodGet:
		out, aerr = c.list(tg.ent, q)
	case r.Method == http.MethodPost:
		var rec record
		if rec, aerr = c.create(tg.ent, body); aerr == nil {
			out, status, changed = render(tg.ent.Fields, rec), http.StatusCreated, true
			location = fmt.Sprintf("%s/%v", tg.ent.Path, rec["id"])
		}
	case r.Method == http.MethodPut:
		var rec record
		if rec, aerr = c.update(tg.ent, tg.id, body); aerr == nil {
			out, changed = render(tg.ent.Fields, rec), true
		}
	}
	e.mu.Unlock()
	if changed {
		e.dirty()
	}
	return status, out, location, aerr
}
