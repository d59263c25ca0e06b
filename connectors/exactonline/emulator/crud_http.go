package emulator

import (
	"net/http"
)

// serveEntity handles the CRUD endpoints: collections, single entities
// (guid'…') and a header's line collection (guid'…')/Lines.
func (tx *txn) serveEntity(r *http.Request, s *entitySpec, id, nav string) (*response, error) {
	switch {
	case nav != "":
		if r.Method != http.MethodGet {
			return &response{allow: "GET"}, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", r.Method, nav)
		}
		return tx.getNav(r, s, id, nav)
	case r.Method == http.MethodGet && id == "":
		return tx.list(r, s)
	case r.Method == http.MethodGet:
		return tx.getOne(r, s, id)
	case r.Method == http.MethodPost && id == "":
		return tx.post(r, s)
	case r.Method == http.MethodPut && id != "":
		return tx.put204(r, s, id)
	case r.Method == http.MethodDelete && id != "":
		if err := tx.remove(s, id); err != nil {
			return nil, err
		}
		return &response{status: http.StatusNoContent}, nil
	}
	return &response{allow: "GET, POST"}, errf(http.StatusMethodNotAllowed, "%s needs %s", r.Method, map[bool]string{true: "a collection URL", false: "a (guid'…') entity URL"}[r.Method == http.MethodPost])
}

func (tx *txn) queryFor(r *http.Request, s *entitySpec) (*query, error) {
	var lineDef *genEndpoint
	if ls := s.lineSpec(); ls != nil {
		lineDef = ls.def
	}
	return parseQuery(r.URL.Query(), s.def, s.Lines, lineDef)
}

func (tx *txn) list(r *http.Request, s *entitySpec) (*response, error) {
	q, err := tx.queryFor(r, s)
	if err != nil {
		return nil, err
	}
	hits, more, err := tx.page(listReq{t: tx.d.table(s.Name), q: q, pageSize: crudPageSize,
		view: func(_ string, rec *record) row { return rec.F }})
	if err != nil {
		return nil, err
	}
	return tx.listResponse(r, hits, more, entityOpts(s, q), q), nil
}

func (tx *txn) getOne(r *http.Request, s *entitySpec, id string) (*response, error) {
	q, err := tx.queryFor(r, s)
	if err != nil {
		return nil, err
	}
	rec, ok := tx.find(s.Name, id)
	if !ok {
		return nil, notFound(s, id)
	}
	return &response{status: http.StatusOK, body: map[string]any{"d": tx.render(entityOpts(s, q), id, rec)}}, nil
}

// getNav lists a header's lines; other navigation properties (bank
// accounts, charge lines, …) are not emulated and come back empty.
func (tx *txn) getNav(r *http.Request, s *entitySpec, id, nav string) (*response, error) {
	if _, ok := tx.find(s.Name, id); !ok {
		return nil, notFound(s, id)
	}
	f, ok := s.def.field(nav)
	if !ok || f.Type != edmNav {
		return nil, errf(http.StatusNotFound, "Resource not found for the segment '%s'", nav)
	}
	if nav != s.Lines {
		return &response{status: http.StatusOK, body: collection([]*object{}, "")}, nil
	}
	ls := s.lineSpec()
	q, err := parseQuery(r.URL.Query(), ls.def, "", nil)
	if err != nil {
		return nil, err
	}
	var out []*object
	for _, l := range tx.linesOf(s, id) {
		if q.filter == nil || evalFilter(q.filter, l) {
			out = append(out, tx.render(entityOpts(ls, q), str(l[ls.key]), l))
		}
	}
	if out == nil {
		out = []*object{}
	}
	return &response{status: http.StatusOK, body: collection(out, "")}, nil
}

// post creates an entity and answers 201 with the entity, lines expanded.
// Exact returns the entity with or without Prefer: return=representation.
func (tx *txn) post(r *http.Request, s *entitySpec) (*response, error) {
	in, err := decodeBody(r.Body)
	if err != nil {
		return nil, err
	}
	id, err := tx.create(s, in)
	if err != nil {
		return nil, err
	}
	rec, _ := tx.find(s.Name, id)
	q := &query{top: -1, expand: map[string]bool{}}
	if s.Lines != "" {
		q.expand[s.Lines] = true
	}
	return &response{status: http.StatusCreated, location: tx.entityURL(s.Path, id),
		body: map[string]any{"d": tx.render(entityOpts(s, q), id, rec)}}, nil
}

func (tx *txn) put204(r *http.Request, s *entitySpec, id string) (*response, error) {
	in, err := decodeBody(r.Body)
	if err != nil {
		return nil, err
	}
	if err := tx.update(s, id, in); err != nil {
		return nil, err
	}
	return &response{status: http.StatusNoContent}, nil
}
