package emulator

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// record is one stored entity keyed by logical field names. Values are
// string (text, dates, timestamps), json.Number (integers, ids, decimals),
// bool, nil, record (nested objects) and []any of record (lines), so that
// a state file round trip changes nothing.
type record = map[string]any

// table holds the records of one entity in one administration.
type table struct {
	rows map[int64]record
}

func newTable() *table { return &table{rows: map[int64]record{}} }

// ids returns the record ids in ascending order.
func (t *table) ids() []int64 {
	out := make([]int64, 0, len(t.rows))
	for id := range t.rows {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// administration is one tenant: its own fields, its tables and its number
// sequences (the last number handed out per entity).
type administration struct {
	ID     int64
	Info   record
	tables map[string]*table
	seq    map[string]int64
}

func newAdministration(id int64, info record) *administration {
	return &administration{ID: id, Info: info, tables: map[string]*table{}, seq: map[string]int64{}}
}

// table returns the table of entity name, creating it empty.
func (a *administration) table(name string) *table {
	t, ok := a.tables[name]
	if !ok {
		t = newTable()
		a.tables[name] = t
	}
	return t
}

// lookup returns the record of entity name with id.
func (a *administration) lookup(name string, id int64) (record, bool) {
	r, ok := a.table(name).rows[id]
	return r, ok
}

// data is everything behind the emulator's lock: the administrations (the
// user's default first) and the last id handed out per entity. Ids are
// global across administrations, like database identities, so an id from
// one administration is not found in another.
type data struct {
	admins map[int64]*administration
	order  []int64
	ids    map[string]int64
}

func newData() *data {
	return &data{admins: map[int64]*administration{}, ids: map[string]int64{}}
}

// nextID hands out a new id for entity name.
func (d *data) nextID(name string) int64 {
	d.ids[name]++
	return d.ids[name]
}

// sawID keeps the id sequence of name above an id given by a seed.
func (d *data) sawID(name string, id int64) {
	if id > d.ids[name] {
		d.ids[name] = id
	}
}

// idTaken reports whether any administration holds a record of entity
// name with id (seeds may bring their own ids).
func (d *data) idTaken(name string, id int64) bool {
	for _, a := range d.admins {
		if _, ok := a.lookup(name, id); ok {
			return true
		}
	}
	return false
}

// defaultAdmin is the administration chosen when no tenant header is sent.
func (d *data) defaultAdmin() *administration {
	if len(d.order) == 0 {
		return nil
	}
	return d.admins[d.order[0]]
}

// Value helpers.

func num(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// intOf reads an integer value (json.Number or int64).
func intOf(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	return 0, false
}

// text reads a string value ("" for anything else).
func text(v any) string {
	s, _ := v.(string)
	return s
}

// equalValue compares a stored value with a filter or uniqueness value:
// text ignoring case (Asperion runs on SQL Server, whose default collation
// ignores case — assumed), numbers exactly.
func equalValue(stored any, want string) bool {
	switch x := stored.(type) {
	case string:
		return strings.EqualFold(x, want)
	case json.Number:
		return string(x) == want
	case bool:
		return strconv.FormatBool(x) == strings.ToLower(want)
	}
	return false
}
