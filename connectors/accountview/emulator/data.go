package emulator

import (
	"net/http"
	"strings"
)

const dataMethods = "GET,POST,PUT"

// serveData answers /accountviewdata: GET reads a business object, POST
// inserts rows, PUT updates them (our assumption; see doc.go).
func (e *Emulator) serveData(r *http.Request, companyID, client string) (int, []byte, *apiError) {
	p, err := newParams(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	switch r.Method {
	case http.MethodGet:
		return e.readData(p, companyID)
	case http.MethodPost, http.MethodPut:
		if ct := r.Header.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "json") {
			return 0, nil, errStatus(http.StatusUnsupportedMediaType, errTypeAV,
				"the request's media type %q is not supported; send application/json", ct)
		}
		code, _ := p.get("BusinessObject")
		bo, rows, err := parseWrite(r.Body, code, e.loc)
		if bo != nil {
			e.countBO(r.Method, bo)
		}
		if err != nil {
			return 0, nil, err
		}
		return e.writeData(r.Method == http.MethodPut, bo, rows, companyID, client)
	}
	return 0, nil, notAllowed(dataMethods)
}

// countBO counts a data call per business object too, beside the count per
// path the front door keeps: "GET /api/v3/accountviewdata?BusinessObject=AR1".
func (e *Emulator) countBO(method string, bo *boDef) {
	e.front.Counters.Add(method + " " + pathData + "?BusinessObject=" + bo.Code)
}

func (e *Emulator) readData(p params, companyID string) (int, []byte, *apiError) {
	code, ok := p.get("BusinessObject")
	if !ok || strings.TrimSpace(code) == "" {
		return 0, nil, badRequest("the BusinessObject parameter is missing")
	}
	bo, ok := lookupBO(code)
	if !ok {
		return 0, nil, badRequest("unknown BusinessObject %q", code)
	}
	e.countBO(http.MethodGet, bo)
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.company(companyID)
	if c == nil { // reseeded since the request was let in
		return 0, nil, errStatus(http.StatusForbidden, errTypeAV, "company %q does not exist", companyID)
	}
	q, err := parseQuery(p, bo, e)
	if err != nil {
		return 0, nil, err
	}
	body, err := c.read(q, e.opts.SingleRowAsObject)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, body, nil
}

// writeData applies a write atomically and answers the stored rows, keyed
// by table as a read would return them ([AV-PHP] reads the new REC_ID from
// the answer).
func (e *Emulator) writeData(update bool, bo *boDef, rows []*rowIn, companyID, client string) (int, []byte, *apiError) {
	switch {
	case !update && !bo.Insert:
		return 0, nil, badRequest("business object %s does not allow inserts", bo.Code)
	case update && !bo.Update:
		return 0, nil, badRequest("business object %s does not allow updates", bo.Code)
	}
	if update {
		for _, h := range rows {
			if len(h.kids) > 0 {
				return 0, nil, badRequest("%s: an update cannot carry detail rows; write them with their own business object", h.label)
			}
		}
	}
	e.mu.Lock()
	c := e.company(companyID)
	if c == nil {
		e.mu.Unlock()
		return 0, nil, errStatus(http.StatusForbidden, errTypeAV, "company %q does not exist", companyID)
	}
	tx := newTxn(c, e.clock.Now(), e.loc, writeUser(client))
	var stored []*row
	for _, h := range rows {
		var r *row
		var err *apiError
		if update {
			r, err = tx.update(bo, h)
		} else {
			r, err = tx.insert(bo, h)
		}
		if err != nil {
			tx.rollback()
			e.mu.Unlock()
			return 0, nil, err
		}
		stored = append(stored, r)
	}
	parts := []tableRows{{def: tables[bo.Table], rows: stored}}
	for _, name := range bo.Details {
		var kids []*row
		for _, h := range stored {
			kids = append(kids, c.children(name, h)...)
		}
		parts = append(parts, tableRows{def: tables[name], rows: kids})
	}
	body := renderTables(parts, e.opts.SingleRowAsObject)
	changed := tx.changed
	e.mu.Unlock()
	if changed {
		e.dirty()
	}
	return http.StatusOK, body, nil
}

// writeUser is the CNG_USR / INP_USR of a client's writes (C20, upper case).
func writeUser(client string) string {
	u := strings.ToUpper(client)
	if len(u) > 20 {
		u = u[:20]
	}
	return u
}
