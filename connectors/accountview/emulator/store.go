package emulator

import (
	"fmt"
	"sort"
	"strconv"
)

// row is one stored record: its row id (<TABLE>_Id), for a detail row the
// row id of its header when the table links by row id, and its fields in
// wire form (values.go). System columns are not kept in F.
type row struct {
	ID     int64          `json:"id"`
	Parent int64          `json:"parent,omitempty"`
	F      map[string]any `json:"f"`
}

// sortKey orders rows by the table's key: the row id numerically, other
// keys as text (FoxPro indexes character keys by their bytes).
func (t *table) sortKey(r *row) string {
	if t.def.Key == t.def.idField() {
		return fmt.Sprintf("%020d", r.ID)
	}
	return strOf(r.F[t.def.Key])
}

// table holds one table's rows of a company, ordered by key, with an
// index from link value to detail rows when it is a detail table.
type table struct {
	def  *tableDef
	rows []*row
	byID map[int64]*row
	kids map[string][]*row // link value → rows, detail tables only
}

func newTable(def *tableDef) *table {
	return &table{def: def, byID: map[int64]*row{}, kids: map[string][]*row{}}
}

// insert adds r in key order.
func (t *table) insert(r *row) {
	k := t.sortKey(r)
	i := sort.Search(len(t.rows), func(i int) bool { return t.sortKey(t.rows[i]) > k })
	t.rows = append(t.rows, nil)
	copy(t.rows[i+1:], t.rows[i:])
	t.rows[i] = r
	t.byID[r.ID] = r
	if t.def.Parent != "" {
		lk := t.linkValue(r)
		t.kids[lk] = append(t.kids[lk], r)
	}
}

// remove undoes an insert.
func (t *table) remove(r *row) {
	for i, x := range t.rows {
		if x == r {
			t.rows = append(t.rows[:i], t.rows[i+1:]...)
			break
		}
	}
	delete(t.byID, r.ID)
	if t.def.Parent != "" {
		lk := t.linkValue(r)
		list := t.kids[lk]
		for i, x := range list {
			if x == r {
				t.kids[lk] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(t.kids[lk]) == 0 {
			delete(t.kids, lk)
		}
	}
}

// linkValue is the value that ties a detail row to its header.
func (t *table) linkValue(r *row) string {
	if t.def.linksByID() {
		return strconv.FormatInt(r.Parent, 10)
	}
	return strOf(r.F[t.def.Link])
}

// headerLink is the link value detail rows of header h carry.
func headerLink(detail *tableDef, h *row) string {
	if detail.linksByID() {
		return strconv.FormatInt(h.ID, 10)
	}
	return strOf(h.F[detail.Link])
}

// find returns the first row whose field equals value exactly.
func (t *table) find(field, value string) *row {
	if field == t.def.Key && field != t.def.idField() {
		i := sort.Search(len(t.rows), func(i int) bool { return t.sortKey(t.rows[i]) >= value })
		if i < len(t.rows) && t.sortKey(t.rows[i]) == value {
			return t.rows[i]
		}
		return nil
	}
	for _, r := range t.rows {
		if strOf(r.F[field]) == value {
			return r
		}
	}
	return nil
}

// company is one administration: its tables, number sequences and
// journals. The emulator's lock guards it.
type company struct {
	ID, Code, Description string
	Journals              []journal
	tables                map[string]*table
	seq                   map[string]int64
}

// journal is a daybook (DAILY table) pages are posted in. Type decides the
// page rules: "memorial" pages must balance, "sales" and "purchase" pages
// name a debtor or creditor; other types have no extra rule.
type journal struct {
	Code string `json:"DJ_CODE"`
	Name string `json:"DJ_NAME"`
	Type string `json:"DJ_TYPE"`
}

func newCompany(id, code, desc string, journals []journal) *company {
	c := &company{ID: id, Code: code, Description: desc, Journals: journals,
		tables: map[string]*table{}, seq: map[string]int64{}}
	for name, def := range tables {
		c.tables[name] = newTable(def)
	}
	return c
}

func (c *company) journal(code string) (journal, bool) {
	for _, j := range c.Journals {
		if j.Code == code {
			return j, true
		}
	}
	return journal{}, false
}

// next returns the next number of a sequence.
func (c *company) next(name string) int64 {
	c.seq[name]++
	return c.seq[name]
}

// children returns the detail rows of header h in detail table name, in
// key order.
func (c *company) children(name string, h *row) []*row {
	t := c.tables[name]
	return t.kids[headerLink(t.def, h)]
}
