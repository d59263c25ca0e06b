package emulator

import (
	"net/url"
	"strconv"
	"strings"
)

// Paging limits. AccountView documents neither; [AV-RB] asks for 200 and
// 1000 rows a page, so 1000 is taken as the maximum and 100 as the default.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// params is a query string with names matched without regard to case, as
// ASP.NET binds them ([AV-RB] sends lastKey, [AV-PHP] PageNumber).
type params map[string]string

func newParams(q url.Values) (params, *apiError) {
	p := params{}
	for k, v := range q {
		lk := strings.ToLower(k)
		if _, dup := p[lk]; dup || len(v) > 1 {
			return nil, badRequest("query parameter %s is given more than once", k)
		}
		p[lk] = v[0]
	}
	return p, nil
}

func (p params) get(name string) (string, bool) {
	v, ok := p[strings.ToLower(name)]
	return v, ok
}

// query is a parsed GET /accountviewdata request.
type query struct {
	bo         *boDef
	pageSize   int
	pageNumber int // 1-based
	lastKey    string
	hasLastKey bool
	// fields lists, per table, the fields to return; nil returns all.
	fields  map[string][]*fieldDef
	sort    []*fieldDef
	desc    bool
	filters []predicate
}

func parseQuery(p params, bo *boDef, e *Emulator) (*query, *apiError) {
	q := &query{bo: bo, pageSize: defaultPageSize, pageNumber: 1}
	if s, ok := p.get("PageSize"); ok && s != "" && s != "0" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return nil, badRequest("PageSize %q must be a whole number from 1 to %d", s, maxPageSize)
		}
		q.pageSize = n
	}
	if s, ok := p.get("PageNumber"); ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, badRequest("PageNumber %q must be a whole number from 1", s)
		}
		q.pageNumber = n
	}
	if s, ok := p.get("lastKey"); ok {
		q.lastKey, q.hasLastKey = s, true
		if q.pageNumber > 1 {
			return nil, badRequest("lastKey and PageNumber cannot be combined; page by one of them")
		}
	}
	if s, ok := p.get("Fields"); ok {
		fields, err := parseFields(s, bo)
		if err != nil {
			return nil, err
		}
		q.fields = fields
	}
	if s, ok := p.get("SortFields"); ok && strings.TrimSpace(s) != "" {
		if q.hasLastKey {
			return nil, badRequest("lastKey pages in key order and cannot be combined with SortFields")
		}
		for _, name := range strings.Split(s, ",") {
			t, f, err := resolveField(strings.TrimSpace(name), bo)
			if err != nil {
				return nil, badRequest("SortFields: %s", err.Message)
			}
			if t.Name != bo.Table {
				return nil, badRequest("SortFields: %s is a field of detail table %s; sort by fields of %s", f.Name, t.Name, bo.Table)
			}
			q.sort = append(q.sort, f)
		}
	}
	if s, ok := p.get("SortOrder"); ok && s != "" {
		switch strings.ToUpper(s) {
		case "ASC", "ASCENDING":
		case "DESC", "DESCENDING":
			q.desc = true
		default:
			return nil, badRequest("SortOrder %q must be Ascending or Descending", s)
		}
	}
	if s, ok := p.get("BookDate"); ok && s != "" {
		if _, _, ok := parseISO(s, e.loc); !ok {
			return nil, badRequest("BookDate %q is not a date", s)
		}
	}
	groups, err := parseFilterGroups(p, bo, e.loc)
	if err != nil {
		return nil, err
	}
	q.filters = append(q.filters, groups...)
	if s, ok := p.get("Filter"); ok && strings.TrimSpace(s) != "" {
		pred, err := parseFilterExpr(s, bo, e.loc)
		if err != nil {
			return nil, err
		}
		q.filters = append(q.filters, pred)
	}
	return q, nil
}

// resolveField finds "FIELD" or "table.FIELD" among the business object's
// tables, without regard to case; a bare name is looked up in the header
// table first.
func resolveField(name string, bo *boDef) (*tableDef, *fieldDef, *apiError) {
	tname, fname, qualified := strings.Cut(strings.ToUpper(name), ".")
	if !qualified {
		fname, tname = tname, ""
	}
	for _, t := range bo.tablesOf() {
		if qualified && !strings.EqualFold(t.Name, tname) {
			continue
		}
		if f, ok := t.field(strings.TrimSpace(fname)); ok {
			return t, f, nil
		}
	}
	if qualified {
		for _, t := range bo.tablesOf() {
			if strings.EqualFold(t.Name, tname) {
				return nil, nil, filterError(errNrUnknownName, "field %s is not found in table %s", fname, t.Name)
			}
		}
		return nil, nil, filterError(errNrUnknownName, "table %s is not part of business object %s", tname, bo.Code)
	}
	return nil, nil, filterError(errNrUnknownName, "field %s is not found in business object %s", fname, bo.Code)
}

// parseFields reads Fields=contact.sub_nr, contact.acct_name ("*" is all).
// The key, row id and header link of each table are always returned, so
// that paging and nesting keep working.
func parseFields(s string, bo *boDef) (map[string][]*fieldDef, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return nil, nil
	}
	want := map[string]map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if tn, star, ok := strings.Cut(name, "."); ok && star == "*" {
			found := false
			for _, t := range bo.tablesOf() {
				if strings.EqualFold(t.Name, tn) {
					want[t.Name] = map[string]bool{"*": true}
					found = true
				}
			}
			if !found {
				return nil, badRequest("Fields: table %s is not part of business object %s", tn, bo.Code)
			}
			continue
		}
		t, f, err := resolveField(name, bo)
		if err != nil {
			return nil, badRequest("Fields: %s", err.Message)
		}
		if want[t.Name] == nil {
			want[t.Name] = map[string]bool{}
		}
		want[t.Name][f.Name] = true
	}
	out := map[string][]*fieldDef{}
	for _, t := range bo.tablesOf() {
		w := want[t.Name]
		if w == nil {
			continue
		}
		for i := range t.Fields {
			f := &t.Fields[i]
			if w["*"] || w[f.Name] || f.Name == t.Key || f.has(fSystem) || f.Name == t.Link {
				out[t.Name] = append(out[t.Name], f)
			}
		}
	}
	return out, nil
}
