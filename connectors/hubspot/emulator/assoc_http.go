package emulator

import (
	"net/http"
	"sort"
	"strconv"
)

// Paging of GET /crm/v4/objects/{from}/{id}/associations/{to}.
const (
	defaultAssocLimit = 500
	maxAssocLimit     = 500
)

// liveObject resolves an id path segment to a live object of type t.
func (tx *txn) liveObject(t *objectType, id string) (*object, error) {
	n, err := parseID(id)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	o := tx.table(t).live(n)
	if o == nil {
		return nil, notFound("Object not found. No %s with id %s", t.Singular, id)
	}
	return o, nil
}

// serveObjectAssoc answers the v4 single-object endpoints:
//
//	GET    /crm/v4/objects/{from}/{id}/associations/{to}
//	PUT    /crm/v4/objects/{from}/{id}/associations/{to}/{toId}        body [{associationCategory, associationTypeId}]
//	DELETE /crm/v4/objects/{from}/{id}/associations/{to}/{toId}
//	PUT    /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}
func (tx *txn) serveObjectAssoc(r *http.Request, from *objectType, id string, to *objectType, toID string, dflt bool, body []byte) (*response, error) {
	src, err := tx.liveObject(from, id)
	if err != nil {
		return nil, err
	}
	if toID == "" {
		if r.Method != http.MethodGet {
			return nil, methodNotAllowed(r)
		}
		return tx.listAssoc(r, from, src, to)
	}
	if r.Method == http.MethodDelete && !dflt {
		if n, err := parseID(toID); err == nil {
			tx.dissociate(from, src.ID, to, n)
		}
		return noContent(), nil
	}
	if r.Method != http.MethodPut {
		return nil, methodNotAllowed(r)
	}
	dst, err := tx.liveObject(to, toID)
	if err != nil {
		return nil, err
	}
	if dflt {
		at := defaultAssocType(from.Name, to.Name)
		if at == nil {
			return nil, badRequest("No default association type exists from %s to %s", from.Name, to.Name)
		}
		if err := tx.associate(from, src.ID, to, dst.ID, []int{at.ID}); err != nil {
			return nil, err
		}
		return ok(map[string]any{"status": "COMPLETE", "startedAt": formatTime(tx.now), "completedAt": formatTime(tx.now),
			"results": []any{defaultResult(from, src.ID, to, dst.ID, at), defaultResult(to, dst.ID, from, src.ID, assocTypes[at.Inverse])}}), nil
	}
	var specs []assocSpec
	if err := decodeBody(body, &specs); err != nil {
		return nil, err
	}
	ids, err := checkSpecs(from, to, specs)
	if err != nil {
		return nil, err
	}
	if err := tx.associate(from, src.ID, to, dst.ID, ids); err != nil {
		return nil, err
	}
	return created(labelledResult(tx, from, src.ID, to, dst.ID)), nil
}

// checkSpecs checks association types given for a pair of object types.
func checkSpecs(from, to *objectType, specs []assocSpec) ([]int, error) {
	if len(specs) == 0 {
		return nil, badRequest("at least one association type is required")
	}
	var ids []int
	for _, s := range specs {
		at := assocTypes[s.TypeID]
		if at == nil || at.From != from.Name || at.To != to.Name || at.category != s.Category {
			return nil, badRequest("%s association type %d is not valid from %s to %s", s.Category, s.TypeID, from.Name, to.Name)
		}
		ids = append(ids, at.ID)
	}
	return ids, nil
}

func defaultResult(from *objectType, fromID int64, to *objectType, toID int64, at *assocType) map[string]any {
	return map[string]any{"from": map[string]string{"id": strconv.FormatInt(fromID, 10)},
		"to":              map[string]string{"id": strconv.FormatInt(toID, 10)},
		"associationSpec": map[string]any{"associationCategory": at.category, "associationTypeId": at.ID}}
}

// labelledResult is the v4 answer to a labelled create: the pair and the
// labels now in place between them.
func labelledResult(tx *txn, from *objectType, fromID int64, to *objectType, toID int64) map[string]any {
	labels := []string{}
	for _, id := range tx.p.assoc.types(node{from.Name, fromID}, node{to.Name, toID}) {
		if l := assocTypes[id].Label; l != "" {
			labels = append(labels, l)
		}
	}
	return map[string]any{"fromObjectTypeId": from.TypeID, "fromObjectId": fromID, "toObjectTypeId": to.TypeID,
		"toObjectId": toID, "labels": labels}
}

// assocTargets renders the associations of src with live objects of type
// to, as v4 reads list them.
func (tx *txn) assocTargets(from *objectType, src *object, to *objectType) []map[string]any {
	out := []map[string]any{}
	for _, tid := range tx.p.assoc.targets(from.Name, src.ID, to.Name) {
		if tx.table(to).live(tid) == nil {
			continue
		}
		types := tx.p.assoc.types(node{from.Name, src.ID}, node{to.Name, tid})
		out = append(out, map[string]any{"toObjectId": tid, "associationTypes": typeViews(types)})
	}
	return out
}

// listAssoc pages through src's associations with type to by target id.
func (tx *txn) listAssoc(r *http.Request, from *objectType, src *object, to *objectType) (*response, error) {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", defaultAssocLimit, maxAssocLimit)
	if err != nil {
		return nil, err
	}
	all := tx.assocTargets(from, src, to)
	start := 0
	if a := q.Get("after"); a != "" {
		after, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return nil, badRequest("after: %q is not a paging cursor from this API", a)
		}
		start = sort.Search(len(all), func(i int) bool { return all[i]["toObjectId"].(int64) >= after })
	}
	page := all[start:]
	body := map[string]any{}
	if len(page) > limit {
		next := strconv.FormatInt(page[limit]["toObjectId"].(int64), 10)
		body["paging"] = paging{Next: &pageNext{After: next, Link: nextLink(tx.base, r.URL.Path, q, next)}}
		page = page[:limit]
	}
	body["results"] = page
	return ok(body), nil
}

// serveAssocLabels answers GET /crm/v4/associations/{from}/{to}/labels.
func (tx *txn) serveAssocLabels(from, to *objectType) *response {
	out := []map[string]any{}
	for _, at := range pairTypes(from.Name, to.Name) {
		var label any
		if at.Label != "" {
			label = at.Label
		}
		out = append(out, map[string]any{"category": at.category, "typeId": at.ID, "label": label})
	}
	return ok(map[string]any{"results": out})
}
