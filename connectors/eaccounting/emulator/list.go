package emulator

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Paging as Visma's clients see it: $page is 1-based, $pagesize defaults to
// 50. Visma does not publish a maximum; the emulator serves at most 500 a
// page (a third-party figure) and clamps larger requests, reporting the
// size it used in Meta.PageSize.
const (
	defaultPageSize = 50
	maxPageSize     = 500
)

// listQuery is a list request's parsed query options.
type listQuery struct {
	page, size int
	filter     fnode // nil: every row
	order      []orderKey
}

type orderKey struct {
	f    fField
	desc bool
}

// parseListQuery reads $page, $pagesize, $filter and $orderby; other
// parameters are ignored, as ASP.NET ignores unbound ones.
func parseListQuery(q url.Values, comp *genComponent) (listQuery, error) {
	lq := listQuery{page: 1, size: defaultPageSize}
	if s := q.Get("$page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return lq, errf(http.StatusBadRequest, codeValidation, "$page must be a whole number from 1 up, not '%s'", s)
		}
		lq.page = n
	}
	if s := q.Get("$pagesize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return lq, errf(http.StatusBadRequest, codeValidation, "$pagesize must be a whole number from 1 up, not '%s'", s)
		}
		lq.size = min(n, maxPageSize)
	}
	if s := q.Get("$filter"); strings.TrimSpace(s) != "" {
		n, err := parseFilter(s, comp)
		if err != nil {
			return lq, err
		}
		lq.filter = n
	}
	if s := q.Get("$orderby"); strings.TrimSpace(s) != "" {
		keys, err := parseOrderBy(s, comp)
		if err != nil {
			return lq, err
		}
		lq.order = keys
	}
	return lq, nil
}

// parseOrderBy reads "Field [asc|desc], …" over scalar properties.
func parseOrderBy(s string, comp *genComponent) ([]orderKey, error) {
	var keys []orderKey
	for _, part := range strings.Split(s, ",") {
		words := strings.Fields(part)
		if len(words) == 0 || len(words) > 2 {
			return nil, errf(http.StatusBadRequest, codeValidation, "$orderby: '%s' is not 'Property [asc|desc]'", strings.TrimSpace(part))
		}
		f, ok := comp.field(words[0])
		if !ok || !f.scalar() {
			return nil, errf(http.StatusBadRequest, codeValidation, "$orderby: '%s' is not a property of %s that can be sorted on", words[0], comp.Name)
		}
		k := orderKey{f: fField{f: f, t: kindVType(f.Kind)}}
		if len(words) == 2 {
			switch strings.ToLower(words[1]) {
			case "asc":
			case "desc":
				k.desc = true
			default:
				return nil, errf(http.StatusBadRequest, codeValidation, "$orderby: '%s' must be asc or desc", words[1])
			}
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// less orders two rows by the keys; nulls sort first ascending, as SQL
// Server sorts them.
func (lq listQuery) less(a, b row) bool {
	for _, k := range lq.order {
		x, y := fieldOperand(k.f, a), fieldOperand(k.f, b)
		c := 0
		switch {
		case x.null && y.null:
		case x.null:
			c = -1
		case y.null:
			c = 1
		case compare("lt", x, y):
			c = -1
		case compare("gt", x, y):
			c = 1
		}
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
	}
	return false
}

// page filters, sorts and cuts rows (in insertion order) into the {Meta,
// Data} envelope, rendering each row with render.
func (tx *txn) page(rows []row, lq listQuery, render func(row) map[string]any) map[string]any {
	var hits []row
	for _, r := range rows {
		if lq.filter == nil || evalFilter(lq.filter, r) {
			hits = append(hits, r)
		}
	}
	if len(lq.order) > 0 {
		sort.SliceStable(hits, func(i, j int) bool { return lq.less(hits[i], hits[j]) })
	}
	total := len(hits)
	pages := (total + lq.size - 1) / lq.size
	data := []any{}
	// The first test keeps a huge $page from overflowing the multiplication.
	if lq.page-1 <= total/lq.size && (lq.page-1)*lq.size < total {
		start := (lq.page - 1) * lq.size
		for _, r := range hits[start:min(start+lq.size, total)] {
			data = append(data, render(r))
		}
	}
	return map[string]any{
		"Meta": map[string]any{
			"CurrentPage": lq.page, "PageSize": lq.size, "TotalNumberOfPages": pages,
			"TotalNumberOfResults": total, "ServerTimeUtc": utcWire(tx.now),
		},
		"Data": data,
	}
}
