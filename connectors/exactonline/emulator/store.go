package emulator

import (
	"sort"
)

// row is one stored entity in wire form (see values.go).
type row = map[string]any

// record is a stored row with its sync row version.
type record struct {
	TS int64 `json:"ts"`
	F  row   `json:"f"`
}

// tsEntry is one write in a table's version log.
type tsEntry struct {
	TS int64
	ID string
}

// table holds one entity's rows in a division. ids is kept sorted because
// Exact pages by key ($skiptoken=guid'<last id>'), and log lists writes in
// Timestamp order so that sync queries do not sort. An updated row leaves a
// stale log entry behind (its TS no longer matches the row's); entries are
// compacted away once they outnumber the live rows.
type table struct {
	rows map[string]*record
	ids  []string
	log  []tsEntry
}

func newTable() *table { return &table{rows: map[string]*record{}} }

func (t *table) get(id string) (*record, bool) {
	r, ok := t.rows[id]
	return r, ok
}

// put inserts or replaces the row under id with row version ts.
func (t *table) put(id string, f row, ts int64) {
	if _, ok := t.rows[id]; !ok {
		i := sort.SearchStrings(t.ids, id)
		t.ids = append(t.ids, "")
		copy(t.ids[i+1:], t.ids[i:])
		t.ids[i] = id
	}
	t.rows[id] = &record{TS: ts, F: f}
	t.log = append(t.log, tsEntry{ts, id})
	if len(t.log) > 2*len(t.rows)+64 {
		t.compact()
	}
}

// replace swaps the fields of a stored row without a new row version, for
// derived values (an item's Stock) that Exact does not report as changes.
func (t *table) replace(id string, f row) {
	if r, ok := t.rows[id]; ok {
		r.F = f
	}
}

// remove deletes the row under id.
func (t *table) remove(id string) {
	if _, ok := t.rows[id]; !ok {
		return
	}
	delete(t.rows, id)
	i := sort.SearchStrings(t.ids, id)
	t.ids = append(t.ids[:i], t.ids[i+1:]...)
}

func (t *table) compact() {
	live := t.log[:0]
	for _, e := range t.log {
		if r, ok := t.rows[e.ID]; ok && r.TS == e.TS {
			live = append(live, e)
		}
	}
	t.log = live
}

// afterID calls fn for the rows whose key sorts after id ("" for all), in
// key order, until fn returns false.
func (t *table) afterID(id string, fn func(string, *record) bool) {
	i := 0
	if id != "" {
		i = sort.SearchStrings(t.ids, id)
		if i < len(t.ids) && t.ids[i] == id {
			i++
		}
	}
	for ; i < len(t.ids); i++ {
		if !fn(t.ids[i], t.rows[t.ids[i]]) {
			return
		}
	}
}

// afterTS calls fn for the live rows written after ts, in Timestamp order,
// until fn returns false.
func (t *table) afterTS(ts int64, fn func(string, *record) bool) {
	i := sort.Search(len(t.log), func(i int) bool { return t.log[i].TS > ts })
	for ; i < len(t.log); i++ {
		e := t.log[i]
		if r, ok := t.rows[e.ID]; ok && r.TS == e.TS {
			if !fn(e.ID, r) {
				return
			}
		}
	}
}

// all returns every row in key order.
func (t *table) all() []*record {
	out := make([]*record, 0, len(t.ids))
	for _, id := range t.ids {
		out = append(out, t.rows[id])
	}
	return out
}

// division is one Exact administration: its tables, number sequences and
// row-version counter. deletedTable holds the sync/Deleted tombstones.
type division struct {
	Code        int
	Description string
	tables      map[string]*table
	seq         map[string]int64
	ts          int64

	// cursorTS remembers, for sync pages, the row version of the row a
	// $skiptoken names at the moment the page was served: if that row is
	// written again before the next page is fetched, paging must continue
	// from where it was, not from the row's new position.
	cursorTS map[string]int64

	// kids maps a header key to the keys of its lines; uniq maps
	// entity → unique value → key. Both are rebuilt from the tables on load.
	kids map[string]map[string]bool
	uniq map[string]map[string]string
}

const deletedTable = "__Deleted"

// firstTimestamp is where row versions start, so that they look like the
// large numbers Exact hands out and a client treating 0 as "no cursor"
// still sees every row.
const firstTimestamp = 1_000_000

func newDivision(code int, desc string) *division {
	return &division{Code: code, Description: desc, tables: map[string]*table{},
		seq: map[string]int64{}, ts: firstTimestamp, cursorTS: map[string]int64{},
		kids: map[string]map[string]bool{}, uniq: map[string]map[string]string{}}
}

// table returns the named table, creating it empty.
func (d *division) table(name string) *table {
	t, ok := d.tables[name]
	if !ok {
		t = newTable()
		d.tables[name] = t
	}
	return t
}

// nextTS returns a new, strictly larger row version.
func (d *division) nextTS() int64 {
	d.ts++
	return d.ts
}

// rememberCursor records the row version behind a sync $skiptoken, keeping
// the map bounded.
func (d *division) rememberCursor(id string, ts int64) {
	if len(d.cursorTS) > 10000 {
		d.cursorTS = map[string]int64{}
	}
	d.cursorTS[id] = ts
}
