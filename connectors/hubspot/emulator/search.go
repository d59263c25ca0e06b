package emulator

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Search limits: HubSpot pages at most 200 results per call and 10,000
// per query, and allows five filter groups of ten filters, 25 in all
// (its 2024 limits; our facts quote an older maximum of six groups).
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 200
	maxSearchResults   = 10000
	maxFilterGroups    = 5
	maxGroupFilters    = 10
	maxFilters         = 25
)

// searchRequest is the body of POST /crm/v3/objects/{type}/search.
type searchRequest struct {
	FilterGroups []struct {
		Filters []filter `json:"filters"`
	} `json:"filterGroups"`
	Sorts      []json.RawMessage `json:"sorts"`
	Query      string            `json:"query"`
	Properties []string          `json:"properties"`
	Limit      any               `json:"limit"`
	After      any               `json:"after"`
}

// sortKey is one parsed sort: a property and a direction.
type sortKey struct {
	def  *propDef
	desc bool
}

// serveSearch runs a search: filter groups ORed, filters within a group
// ANDed, an optional free-text query, one sort (default: ascending id),
// offset paging with after.
func (tx *txn) serveSearch(t *objectType, body []byte) (*response, error) {
	var req searchRequest
	if err := decodeBody(body, &req); err != nil {
		return nil, err
	}
	limit, err := numberMember(req.Limit, "limit", defaultSearchLimit)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > maxSearchLimit {
		return nil, badRequest("limit: %d is outside 1..%d", limit, maxSearchLimit)
	}
	after, err := numberMember(req.After, "after", 0)
	if err != nil || after < 0 {
		return nil, badRequest("after: %v is not a paging cursor from this API", req.After)
	}
	if after >= maxSearchResults {
		return nil, badRequest("The search API returns at most %d results for a query: after %d is past the end. Narrow the query (for example by a %s range) instead of paging further.",
			maxSearchResults, after, t.Modified)
	}
	groups, err := tx.compileGroups(t, req)
	if err != nil {
		return nil, err
	}
	key, err := tx.compileSort(t, req.Sorts)
	if err != nil {
		return nil, err
	}
	query := strings.ToLower(strings.TrimSpace(req.Query))
	tb := tx.table(t)
	var hits []*object
	for _, id := range tb.ids {
		o := tb.rows[id]
		if o.archived() || !matchGroups(groups, o) || (query != "" && !matchQuery(t, o, query)) {
			continue
		}
		hits = append(hits, o)
	}
	if key != nil {
		sortHits(hits, *key)
	}
	total := len(hits)
	end := min(after+limit, total, maxSearchResults)
	results := []objectView{}
	sel := selection{props: req.Properties}
	for _, o := range hits[min(after, total):max(end, min(after, total))] {
		results = append(results, tx.view(t, o, sel))
	}
	out := map[string]any{"total": total, "results": results}
	if end < total {
		// HubSpot hands out a cursor at 10,000 too; following it fails.
		out["paging"] = paging{Next: &pageNext{After: strconv.Itoa(end)}}
	}
	return ok(out), nil
}

// numberMember reads a JSON member that may be a number or a string of
// digits (HubSpot's clients send after both ways).
func numberMember(v any, name string, def int) (int, error) {
	s, _ := rawText(v)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest("%s: %q is not a whole number", name, s)
	}
	return n, nil
}

// compileSort reads sorts: objects {propertyName, direction} or strings
// ("name", "-name" for descending). HubSpot applies one sort rule only.
func (tx *txn) compileSort(t *objectType, raw []json.RawMessage) (*sortKey, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) > 1 {
		return nil, badRequest("sorts: only one sort rule can be applied to a search, got %d", len(raw))
	}
	var name, dir string
	var obj struct {
		PropertyName string `json:"propertyName"`
		Direction    string `json:"direction"`
	}
	if err := json.Unmarshal(raw[0], &name); err == nil {
		if n, ok := strings.CutPrefix(name, "-"); ok {
			name, dir = n, "DESCENDING"
		}
	} else if err := json.Unmarshal(raw[0], &obj); err == nil {
		name, dir = obj.PropertyName, strings.ToUpper(obj.Direction)
	} else {
		return nil, badRequest("sorts[0]: expected {propertyName, direction} or a property name")
	}
	d := tx.p.props[t.Name].get(name)
	if d == nil {
		return nil, badRequest("sorts[0]: property %q does not exist on %s", name, t.Name)
	}
	if dir != "" && dir != "ASCENDING" && dir != "DESCENDING" {
		return nil, badRequest("sorts[0].direction: %q is not ASCENDING or DESCENDING", dir)
	}
	return &sortKey{def: d, desc: dir == "DESCENDING"}, nil
}

// sortHits orders by the sort property; objects without a value come
// last either way, and ties keep id order. Each value is typed once, not
// per comparison: searches over many thousand objects sort on every page.
func sortHits(hits []*object, k sortKey) {
	type keyed struct {
		o   *object
		v   value
		has bool
	}
	ks := make([]keyed, len(hits))
	for i, o := range hits {
		s, ok := o.Props[k.def.Name]
		ks[i] = keyed{o: o, has: ok}
		if ok {
			ks[i].v, _ = typed(k.def, s)
		}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if !ks[i].has || !ks[j].has {
			return ks[i].has && !ks[j].has
		}
		c := compare(ks[i].v, ks[j].v)
		if k.desc {
			c = -c
		}
		return c < 0
	})
	for i := range ks {
		hits[i] = ks[i].o
	}
}

// matchQuery is the free-text search: some word of a searchable property
// starts with the query, or the whole value does.
func matchQuery(t *objectType, o *object, query string) bool {
	for _, name := range t.Searchable {
		v := strings.ToLower(o.Props[name])
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, query) {
			return true
		}
		words := strings.FieldsFunc(v, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
		})
		for _, w := range words {
			if strings.HasPrefix(w, query) {
				return true
			}
		}
	}
	return false
}
