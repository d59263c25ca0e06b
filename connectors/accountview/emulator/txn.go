package emulator

import (
	"strconv"
	"time"
)

// txn is one write under the emulator's lock. Every change registers how
// to undo it, so that a request whose later row fails leaves no trace:
// AccountView saves a write completely or not at all.
type txn struct {
	c       *company
	now     string // local wall clock in wire form
	user    string // CNG_USR / INP_USR
	seeding bool   // seed rows may set read-only fields
	undo    []func()
	changed bool
}

func newTxn(c *company, now time.Time, loc *time.Location, user string) *txn {
	return &txn{c: c, now: now.In(loc).Format(wireLayout), user: user}
}

func (tx *txn) rollback() {
	for i := len(tx.undo) - 1; i >= 0; i-- {
		tx.undo[i]()
	}
	tx.undo = nil
	tx.changed = false
}

// next returns the next number of a sequence; undone with the write.
func (tx *txn) next(name string) int64 {
	old := tx.c.seq[name]
	tx.undo = append(tx.undo, func() { tx.c.seq[name] = old })
	return tx.c.next(name)
}

// bump raises a sequence to at least n, so that numbers a client chose are
// not handed out again.
func (tx *txn) bump(name string, n int64) {
	if tx.c.seq[name] >= n {
		return
	}
	old := tx.c.seq[name]
	tx.undo = append(tx.undo, func() { tx.c.seq[name] = old })
	tx.c.seq[name] = n
}

// store inserts a new row built from vals into table name, with the
// change-tracking fields set.
func (tx *txn) store(name string, vals map[string]any, parent *row) *row {
	t := tx.c.tables[name]
	r := &row{ID: tx.next("ID:" + name), F: map[string]any{}}
	for k, v := range vals {
		if v != nil {
			r.F[k] = v
		}
	}
	if parent != nil && t.def.linksByID() {
		r.Parent = parent.ID
	}
	if !tx.seeding || r.F["INP_DATE"] == nil {
		tx.setTracked(t.def, r.F, "INP_DATE", tx.now)
		tx.setTracked(t.def, r.F, "INP_USR", tx.user)
	}
	if !tx.seeding || r.F["CNG_DATE"] == nil {
		tx.setTracked(t.def, r.F, "CNG_DATE", tx.now)
		tx.setTracked(t.def, r.F, "CNG_USR", tx.user)
		tx.setTracked(t.def, r.F, "CNG_NR", intWire(1))
	}
	t.insert(r)
	tx.undo = append(tx.undo, func() { t.remove(r) })
	tx.changed = true
	return r
}

// change replaces fields of a stored row and stamps the change.
func (tx *txn) change(name string, r *row, vals map[string]any) {
	t := tx.c.tables[name]
	old := r.F
	f := make(map[string]any, len(old)+len(vals))
	for k, v := range old {
		f[k] = v
	}
	for k, v := range vals {
		if v == nil {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	tx.setTracked(t.def, f, "CNG_DATE", tx.now)
	tx.setTracked(t.def, f, "CNG_USR", tx.user)
	n, _ := strconv.ParseInt(strOf(old["CNG_NR"]), 10, 64)
	tx.setTracked(t.def, f, "CNG_NR", intWire(n+1))
	r.F = f
	tx.undo = append(tx.undo, func() { r.F = old })
	tx.changed = true
}

// set replaces fields of a row just stored in this write, without
// stamping a change (derived values such as totals).
func (tx *txn) set(r *row, vals map[string]any) {
	old := r.F
	f := make(map[string]any, len(old)+len(vals))
	for k, v := range old {
		f[k] = v
	}
	for k, v := range vals {
		f[k] = v
	}
	r.F = f
	tx.undo = append(tx.undo, func() { r.F = old })
}

func (tx *txn) setTracked(t *tableDef, f map[string]any, name string, v any) {
	if _, ok := t.field(name); ok {
		f[name] = v
	}
}
