package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// List limits of GET /crm/v3/objects/{type}.
const (
	defaultListLimit = 10
	maxListLimit     = 100
)

// decodeBody reads a JSON request body into v, numbers as json.Number.
func decodeBody(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return badRequest("Invalid input JSON: %v", err)
	}
	return nil
}

// objectInput is the body of a create or update.
type objectInput struct {
	Properties   map[string]any `json:"properties"`
	Associations []assocInput   `json:"associations"`
}

// readSelection is the properties a write answers with: the type's
// defaults and whatever was written.
func writeSelection(t *objectType, in map[string]any) selection {
	names := append([]string(nil), t.Defaults...)
	names = append(names, sortedKeys(in)...)
	return selection{props: names}
}

// serveCollection answers GET (list) and POST (create) on
// /crm/v3/objects/{type}.
func (tx *txn) serveCollection(r *http.Request, t *objectType, body []byte) (*response, error) {
	if r.Method == http.MethodGet {
		return tx.list(r, t)
	}
	var in objectInput
	if err := decodeBody(body, &in); err != nil {
		return nil, err
	}
	if in.Properties == nil {
		return nil, badRequest("properties: a properties object is required")
	}
	o, err := tx.create(t, in.Properties, in.Associations)
	if err != nil {
		return nil, err
	}
	return created(tx.view(t, o, writeSelection(t, in.Properties))), nil
}

// findObject resolves the {id} of a single-object path: an object id, or
// with ?idProperty= the value of a unique property.
func (tx *txn) findObject(t *objectType, id string, q url.Values, archivedToo bool) (*object, error) {
	tb := tx.table(t)
	if prop := q.Get("idProperty"); prop != "" && prop != "hs_object_id" {
		d := tx.p.props[t.Name].get(prop)
		if d == nil || !d.unique(t) {
			return nil, badRequest("%s is not a unique property of %s and cannot be used as idProperty", prop, t.Name)
		}
		if o := tb.byUnique(prop, id); o != nil {
			return o, nil
		}
		return nil, notFound("Object not found. No %s has %s %q", t.Singular, prop, id)
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, notFound("Object not found.  objectId are usually numeric.")
	}
	o := tb.rows[n]
	if o == nil || (o.archived() && !archivedToo) {
		return nil, notFound("Object not found. No %s with id %s", t.Singular, id)
	}
	return o, nil
}

// serveObject answers GET, PATCH and DELETE on /crm/v3/objects/{type}/{id}.
func (tx *txn) serveObject(r *http.Request, t *objectType, id string, body []byte) (*response, error) {
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet:
		sel, err := querySelection(q)
		if err != nil {
			return nil, err
		}
		o, err := tx.findObject(t, id, q, q.Get("archived") == "true")
		if err != nil {
			return nil, err
		}
		return ok(tx.view(t, o, sel)), nil
	case http.MethodPatch:
		var in objectInput
		if err := decodeBody(body, &in); err != nil {
			return nil, err
		}
		o, err := tx.findObject(t, id, q, false)
		if err != nil {
			return nil, err
		}
		if err := tx.update(t, o, in.Properties); err != nil {
			return nil, err
		}
		return ok(tx.view(t, o, writeSelection(t, in.Properties))), nil
	case http.MethodDelete:
		// Archiving what is not there answers 204 too: the outcome the
		// caller wanted holds.
		if o, err := tx.findObject(t, id, q, false); err == nil {
			tx.archive(t, o)
		}
		return noContent(), nil
	}
	return nil, methodNotAllowed(r)
}

// list answers GET /crm/v3/objects/{type}: objects by ascending id from
// the cursor, live ones or (archived=true) archived ones only.
func (tx *txn) list(r *http.Request, t *objectType) (*response, error) {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", defaultListLimit, maxListLimit)
	if err != nil {
		return nil, err
	}
	sel, err := querySelection(q)
	if err != nil {
		return nil, err
	}
	var from int64
	if a := q.Get("after"); a != "" {
		if from, err = strconv.ParseInt(a, 10, 64); err != nil {
			return nil, badRequest("after: %q is not a paging cursor from this API", a)
		}
	}
	archived := q.Get("archived") == "true"
	tb := tx.table(t)
	start := sort.Search(len(tb.ids), func(i int) bool { return tb.ids[i] >= from })
	results := []objectView{}
	var pg paging
	for _, id := range tb.ids[start:] {
		o := tb.rows[id]
		if o.archived() != archived {
			continue
		}
		if len(results) == limit {
			next := o.idText()
			pg.Next = &pageNext{After: next, Link: nextLink(tx.base, r.URL.Path, q, next)}
			break
		}
		results = append(results, tx.view(t, o, sel))
	}
	body := map[string]any{"results": results}
	if pg.Next != nil {
		body["paging"] = pg
	}
	return ok(body), nil
}

// intParam reads a positive integer query parameter up to max.
func intParam(q url.Values, name string, def, max int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, badRequest("%s: %q is not a positive whole number", name, s)
	}
	if n > max {
		return 0, badRequest("%s: %d is above the maximum of %d", name, n, max)
	}
	return n, nil
}
