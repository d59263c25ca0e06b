package emulator

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// query reads query parameters ignoring the case of their names, as
// ASP.NET model binding does. Unknown parameters are ignored, as ASP.NET
// ignores them.
type query struct{ v url.Values }

func (q query) get(name string) (string, bool) {
	for k, vs := range q.v {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0], true
		}
	}
	return "", false
}

// page is a list request's page.
type page struct{ number, size int }

// readPage reads page and pageSize: 1-based, pageSize between 1 and the
// maximum (assumed values in api).
func readPage(q query, l lang) (page, *apiError) {
	p := page{number: 1, size: api.DefaultPageSize}
	fe := &fieldErrors{}
	if s, ok := q.get(api.PageParam); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			fe.add(api.PageParam, l.t(mInvalidValue, s, api.PageParam))
		}
		p.number = n
	}
	if s, ok := q.get(api.PageSizeParam); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > api.MaxPageSize {
			fe.add(api.PageSizeParam, l.t(mRange, api.PageSizeParam, 1, api.MaxPageSize))
		}
		p.size = n
	}
	return p, fe.err()
}

// list answers GET on a collection: the records matching the filters, in
// id order (modifiedAt, then id, when modifiedSince is given), one page of
// them in the paging envelope.
func (c *wctx) list(ent *entity, q query) (obj, *apiError) {
	p, perr := readPage(q, c.l)
	if perr != nil {
		return nil, perr
	}
	type cond struct {
		field string
		value string
	}
	var conds []cond
	for _, f := range ent.Filters {
		v, ok := q.get(f.Param)
		if !ok {
			v = f.Default
		}
		if v == "" || (f.All != "" && strings.EqualFold(v, f.All)) {
			continue
		}
		if fld := ent.field(f.Field); fld.Enum != nil && !validEnum(fld.Enum, v) {
			allowed := append(append([]string(nil), fld.Enum...), f.All)
			c.errs.add(f.Param, c.l.t(mEnum, f.Param, strings.Join(allowed, ", ")))
			continue
		}
		conds = append(conds, cond{f.Field, v})
	}
	var since time.Time
	if s, ok := q.get(api.ModifiedSinceParam); ok && ent.Incremental {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			c.errs.add(api.ModifiedSinceParam, c.l.t(mNoTimeZone, s, api.ModifiedSinceParam))
		}
		since = t
	}
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	t := c.adm.table(ent.Name)
	var hits []record
	for _, id := range t.ids() {
		r := t.rows[id]
		ok := true
		for _, cd := range conds {
			if !equalValue(r[cd.field], cd.value) {
				ok = false
				break
			}
		}
		if ok && !since.IsZero() {
			m, _ := time.Parse(time.RFC3339Nano, text(r[api.ModifiedField]))
			ok = !m.Before(since)
		}
		if ok {
			hits = append(hits, r)
		}
	}
	if !since.IsZero() {
		// Stamps share one format, so they sort as text; ids break ties.
		sort.SliceStable(hits, func(i, j int) bool { return text(hits[i][api.ModifiedField]) < text(hits[j][api.ModifiedField]) })
	}
	return c.envelope(ent, hits, p), nil
}

func validEnum(enum []string, v string) bool {
	for _, e := range enum {
		if strings.EqualFold(e, v) {
			return true
		}
	}
	return false
}

// envelope cuts page p out of hits.
func (c *wctx) envelope(ent *entity, hits []record, p page) obj {
	from := min((p.number-1)*p.size, len(hits))
	to := min(from+p.size, len(hits))
	items := make([]any, 0, to-from)
	for _, r := range hits[from:to] {
		items = append(items, render(ent.Fields, r))
	}
	pages := (len(hits) + p.size - 1) / p.size
	return obj{
		{api.ItemsMember, items},
		{api.PageMember, p.number},
		{api.PageSizeMember, p.size},
		{api.TotalMember, len(hits)},
		{api.PagesMember, pages},
	}
}

// administrations lists the administrations of the user, the default one
// first (the administrations endpoint is not per tenant).
func (c *wctx) administrations(ent *entity, q query) (obj, *apiError) {
	p, err := readPage(q, c.l)
	if err != nil {
		return nil, err
	}
	var hits []record
	for _, id := range c.d.order {
		hits = append(hits, c.d.admins[id].Info)
	}
	return c.envelope(ent, hits, p), nil
}

// get answers GET on an item.
func (c *wctx) get(ent *entity, id int64) (obj, *apiError) {
	if ent.Name == "administration" {
		if a, ok := c.d.admins[id]; ok {
			return render(ent.Fields, a.Info), nil
		}
		return nil, &apiError{Status: http.StatusNotFound, Detail: c.l.t(mNotFound, c.l.entityLabel(ent), strconv.FormatInt(id, 10))}
	}
	r, ok := c.adm.lookup(ent.Name, id)
	if !ok {
		return nil, notFound(c.l, ent, id)
	}
	return render(ent.Fields, r), nil
}
