package emulator

import (
	"math/big"
	"net/http"
	"sort"
	"strings"
)

// Page sizes as Exact documents them.
const (
	crudPageSize = 60
	bulkPageSize = 1000
)

// listReq describes one page of a collection.
type listReq struct {
	t        *table
	q        *query
	pageSize int
	byTS     bool // sync: Timestamp order, continue after the cursor's version
	// view turns a stored record into the row that is filtered, ordered
	// and rendered.
	view func(id string, rec *record) row
}

// hit is one row of a page.
type hit struct {
	id string
	r  row
}

// page returns the rows of one page and whether more follow.
func (tx *txn) page(lr listReq) ([]hit, bool, error) {
	limit := lr.pageSize
	topLimited := lr.q.top >= 0 && lr.q.top <= limit
	if topLimited {
		limit = lr.q.top
	}
	match := func(id string, rec *record) (row, bool) {
		r := lr.view(id, rec)
		return r, lr.q.filter == nil || evalFilter(lr.q.filter, r)
	}
	var hits []hit
	collect := func(id string, rec *record) bool {
		if r, ok := match(id, rec); ok {
			hits = append(hits, hit{id, r})
		}
		return len(hits) <= limit
	}
	switch {
	case len(lr.q.orderBy) > 0:
		lr.t.afterID("", func(id string, rec *record) bool {
			if r, ok := match(id, rec); ok {
				hits = append(hits, hit{id, r})
			}
			return true
		})
		sortHits(hits, lr.q.orderBy)
		if tok := lr.q.skiptoken; tok != "" {
			i := indexHit(hits, tok)
			if i < 0 {
				return nil, false, badRequest("$skiptoken: guid'%s' is not in this result any more; restart the query", tok)
			}
			hits = hits[i+1:]
		}
	case lr.byTS:
		from := tsFloor(lr.q.filter)
		if tok := lr.q.skiptoken; tok != "" {
			ts, ok := tx.d.cursorTS[tok]
			if !ok {
				rec, found := lr.t.get(tok)
				if !found {
					return nil, false, badRequest("$skiptoken: guid'%s' is unknown; restart from your last Timestamp", tok)
				}
				ts = rec.TS
			}
			from = max(from, ts)
		}
		lr.t.afterTS(from, collect)
	default:
		lr.t.afterID(lr.q.skiptoken, collect)
	}
	more := len(hits) > limit
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if topLimited {
		more = false
	}
	if more && lr.byTS {
		last := hits[len(hits)-1].id
		rec, _ := lr.t.get(last)
		tx.d.rememberCursor(last, rec.TS)
	}
	return hits, more, nil
}

func sortHits(hits []hit, keys []orderKey) {
	sort.SliceStable(hits, func(i, j int) bool {
		for _, k := range keys {
			a, b := fieldOperand(k.t, hits[i].r[k.field]), fieldOperand(k.t, hits[j].r[k.field])
			c := cmpOperands(a, b)
			if c != 0 {
				return (c < 0) != k.desc
			}
		}
		return hits[i].id < hits[j].id
	})
}

// cmpOperands orders two operands of one type; nulls sort first.
func cmpOperands(a, b operand) int {
	switch {
	case a.null && b.null:
		return 0
	case a.null:
		return -1
	case b.null:
		return 1
	}
	switch a.t {
	case tString:
		return strings.Compare(collate(a.s), collate(b.s))
	case tGuid:
		return strings.Compare(a.s, b.s)
	case tNumber:
		return a.n.Cmp(b.n)
	case tTime:
		return cmpInt(a.ms, b.ms)
	case tBool:
		switch {
		case a.b == b.b:
			return 0
		case b.b:
			return -1
		}
		return 1
	}
	return 0
}

func indexHit(hits []hit, id string) int {
	for i, h := range hits {
		if h.id == id {
			return i
		}
	}
	return -1
}

// tsFloor returns a row version below which no row can match the filter
// (Timestamp gt N, ge N, eq N, combined with and/or), so sync pages start
// in the version log instead of scanning the table.
func tsFloor(n fnode) int64 {
	switch x := n.(type) {
	case fLogic:
		l, r := tsFloor(x.l), tsFloor(x.r)
		if x.op == "and" {
			return max(l, r)
		}
		return min(l, r)
	case fCompare:
		f, fok := x.l.(fField)
		lit, lok := x.r.(fLit)
		op := x.op
		if !fok || !lok {
			f, fok = x.r.(fField)
			lit, lok = x.l.(fLit)
			op = map[string]string{"lt": "gt", "le": "ge", "eq": "eq"}[op]
		}
		if !fok || !lok || f.name != "Timestamp" || lit.v.t != tNumber {
			return 0
		}
		n := floorRat(lit.v.n)
		switch op {
		case "gt":
			return n
		case "ge", "eq":
			return n - 1
		}
	}
	return 0
}

func floorRat(r *big.Rat) int64 {
	q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floors for positive denominators
	if !q.IsInt64() {
		if q.Sign() > 0 {
			return 1<<63 - 1
		}
		return 0
	}
	return q.Int64()
}

// listResponse renders a page and its __next link.
func (tx *txn) listResponse(r *http.Request, hits []hit, more bool, o renderOpts, q *query) *response {
	out := make([]*object, 0, len(hits))
	for _, h := range hits {
		out = append(out, tx.render(o, h.id, h.r))
	}
	next := ""
	if more {
		next = nextLink(tx.base, r.URL.Path, q.raw, hits[len(hits)-1].id, len(hits))
	}
	return &response{status: http.StatusOK, body: collection(out, next)}
}
