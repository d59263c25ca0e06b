package emulator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// read answers a GET /accountviewdata query on company c: the page of
// header rows that match the filters, then the detail rows of those
// headers, each table under its name.
func (c *company) read(q *query, single bool) ([]byte, *apiError) {
	t := c.tables[q.bo.Table]
	start := 0
	if q.hasLastKey {
		after, err := t.lastKeySort(q.lastKey)
		if err != nil {
			return nil, err
		}
		start = sort.Search(len(t.rows), func(i int) bool { return t.sortKey(t.rows[i]) > after })
	}
	skip := (q.pageNumber - 1) * q.pageSize
	var matched []*row
	for _, r := range t.rows[start:] {
		if !c.matches(q, r) {
			continue
		}
		matched = append(matched, r)
		// In key order the page is known as soon as it is full.
		if q.sort == nil && len(matched) >= skip+q.pageSize {
			break
		}
	}
	if q.sort != nil {
		sortRows(t.def, matched, q.sort, q.desc)
	}
	var page []*row
	if skip < len(matched) {
		page = matched[skip:min(len(matched), skip+q.pageSize)]
	}
	parts := []tableRows{{def: t.def, rows: page, fields: q.fieldsOf(t.def)}}
	for _, name := range q.bo.Details {
		d := tables[name]
		if q.fields != nil && q.fields[name] == nil {
			continue // Fields named no field of this table
		}
		var kids []*row
		for _, h := range page {
			kids = append(kids, c.children(name, h)...)
		}
		parts = append(parts, tableRows{def: d, rows: kids, fields: q.fieldsOf(d)})
	}
	return renderTables(parts, single), nil
}

func (q *query) fieldsOf(t *tableDef) []*fieldDef {
	if q.fields == nil {
		return nil
	}
	return q.fields[t.Name]
}

func (c *company) matches(q *query, r *row) bool {
	for _, p := range q.filters {
		if !p(c, r) {
			return false
		}
	}
	return true
}

// lastKeySort turns a lastKey value into the table's sort-key form.
func (t *table) lastKeySort(s string) (string, *apiError) {
	if t.def.Key == t.def.idField() {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return "", badRequest("lastKey %q is not a %s (a whole number)", s, t.def.Key)
		}
		return fmt.Sprintf("%020d", n), nil
	}
	return strings.TrimRight(s, " "), nil
}

// sortRows orders rows by the given fields, then by key (stable).
func sortRows(t *tableDef, rows []*row, by []*fieldDef, desc bool) {
	sort.SliceStable(rows, func(i, j int) bool {
		for _, f := range by {
			c := compareValues(f, valueOf(t, rows[i], f), valueOf(t, rows[j], f))
			if c != 0 {
				if desc {
					return c > 0
				}
				return c < 0
			}
		}
		return false
	})
}

// compareValues orders two wire values of field f.
func compareValues(f *fieldDef, a, b any) int {
	switch family(f.Type) {
	case 'N':
		return decOf(a).Cmp(decOf(b))
	case 'L':
		ab, _ := a.(bool)
		bb, _ := b.(bool)
		switch {
		case ab == bb:
			return 0
		case !ab:
			return -1
		}
		return 1
	case 'C':
		return strings.Compare(normText(strOf(a)), normText(strOf(b)))
	}
	return strings.Compare(strOf(a), strOf(b))
}
