package emulator

import (
	"strings"
	"time"
)

// record is a stored row with its insertion number, which is the order a
// list has without $orderby.
type record struct {
	Seq int64 `json:"seq"`
	F   row   `json:"f"`
}

// table holds one entity's rows by Id, with the Ids in insertion order.
type table struct {
	rows map[string]*record
	ids  []string
}

func newTable() *table { return &table{rows: map[string]*record{}} }

func (t *table) get(id string) (row, bool) {
	r, ok := t.rows[id]
	if !ok {
		return nil, false
	}
	return r.F, true
}

// put inserts the row under id with insertion number seq, or replaces the
// stored one, which keeps its place.
func (t *table) put(id string, f row, seq int64) {
	if r, ok := t.rows[id]; ok {
		r.F = f
		return
	}
	t.rows[id] = &record{Seq: seq, F: f}
	t.ids = append(t.ids, id)
}

func (t *table) remove(id string) {
	if _, ok := t.rows[id]; !ok {
		return
	}
	delete(t.rows, id)
	for i, x := range t.ids {
		if x == id {
			t.ids = append(t.ids[:i], t.ids[i+1:]...)
			break
		}
	}
}

// all returns the rows in insertion order.
func (t *table) all() []row {
	out := make([]row, 0, len(t.ids))
	for _, id := range t.ids {
		out = append(out, t.rows[id].F)
	}
	return out
}

// records returns the records in insertion order, for the state file.
func (t *table) records() []*record {
	out := make([]*record, 0, len(t.ids))
	for _, id := range t.ids {
		out = append(out, t.rows[id])
	}
	return out
}

// company is the one eAccounting company every token of the emulator
// belongs to: its settings, tables and number series.
type company struct {
	settings companySettings
	tables   map[string]*table
	// seq holds the last number handed out per series: "customer",
	// "order", "invoice", "voucher:<series>", and "serial" for insertion.
	seq map[string]int64
	// uniq maps table → field → folded value → Id for the fields that
	// must be unique; rebuilt from the tables on load.
	uniq map[string]map[string]map[string]string
}

// companySettings are the seed's "company" member.
type companySettings struct {
	Name         string `json:"Name"`
	CountryCode  string `json:"CountryCode"`
	CurrencyCode string `json:"CurrencyCode"`
	// ReceivablesAccount and VatAccount are booked by invoice vouchers,
	// besides the revenue account of each row's article coding.
	ReceivablesAccount int64 `json:"ReceivablesAccount"`
	VatAccount         int64 `json:"VatAccount"`
	// Accounts is the chart of accounts voucher rows are checked against;
	// empty accepts any account number.
	Accounts []account `json:"Accounts"`
}

type account struct {
	Number int64  `json:"Number"`
	Name   string `json:"Name"`
}

func newCompany(s companySettings) *company {
	if s.CurrencyCode == "" {
		s.CurrencyCode = "EUR"
	}
	if s.CountryCode == "" {
		s.CountryCode = "NL"
	}
	return &company{settings: s, tables: map[string]*table{}, seq: map[string]int64{},
		uniq: map[string]map[string]map[string]string{}}
}

func (c *company) table(name string) *table {
	t, ok := c.tables[name]
	if !ok {
		t = newTable()
		c.tables[name] = t
	}
	return t
}

// next returns the next number of a series.
func (c *company) next(series string) int64 {
	c.seq[series]++
	return c.seq[series]
}

// saw raises a series to n when a stored row carries a larger number, so
// that numbers a seed or a client chose are never handed out again.
func (c *company) saw(series string, n int64) {
	if n > c.seq[series] {
		c.seq[series] = n
	}
}

// accountName returns the name of an account of the chart; ok is true
// when the chart is empty (any number goes) or has the account.
func (c *company) accountName(n int64) (string, bool) {
	if len(c.settings.Accounts) == 0 {
		return "", true
	}
	for _, a := range c.settings.Accounts {
		if a.Number == n {
			return a.Name, true
		}
	}
	return "", false
}

// fold is how unique values compare: SQL Server's default collation
// ignores case and trailing spaces.
func fold(s string) string { return strings.ToLower(strings.TrimRight(s, " ")) }

// lookupUnique returns the Id of the row of table whose field equals val.
func (c *company) lookupUnique(table, field, val string) (string, bool) {
	id, ok := c.uniq[table][field][fold(val)]
	return id, ok
}

// index records the unique values of a stored row; unindex forgets them.
func (c *company) index(def *entityDef, id string, r row) {
	for _, f := range def.Unique {
		v := str(r[f])
		if v == "" {
			continue
		}
		if c.uniq[def.Table] == nil {
			c.uniq[def.Table] = map[string]map[string]string{}
		}
		if c.uniq[def.Table][f] == nil {
			c.uniq[def.Table][f] = map[string]string{}
		}
		c.uniq[def.Table][f][fold(v)] = id
	}
}

func (c *company) unindex(def *entityDef, id string, r row) {
	for _, f := range def.Unique {
		if m := c.uniq[def.Table][f]; m != nil && m[fold(str(r[f]))] == id {
			delete(m, fold(str(r[f])))
		}
	}
}

// txn is one request's work on the company, run while the emulator's data
// lock is held. Checks come before any change, so a refused request leaves
// no trace.
type txn struct {
	e       *Emulator
	c       *company
	now     time.Time
	seeding bool // seed rows may carry their own Id and read-only fields
	changed bool
}

// find returns a stored row.
func (tx *txn) find(table, id string) (row, bool) { return tx.c.table(table).get(id) }

// store puts a row into its table, keeping the unique index current.
func (tx *txn) store(def *entityDef, r row) {
	id := str(r["Id"])
	t := tx.c.table(def.Table)
	if old, ok := t.get(id); ok {
		tx.c.unindex(def, id, old)
	}
	t.put(id, r, tx.c.next("serial"))
	tx.c.index(def, id, r)
	tx.changed = true
}

// drop removes a row.
func (tx *txn) drop(def *entityDef, id string) {
	t := tx.c.table(def.Table)
	if old, ok := t.get(id); ok {
		tx.c.unindex(def, id, old)
		t.remove(id)
		tx.changed = true
	}
}
