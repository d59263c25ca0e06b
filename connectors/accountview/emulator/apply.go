package emulator

import (
	"fmt"
	"strconv"
	"strings"
)

// tableRules are a table's server-side rules on write (rules_*.go).
type tableRules struct {
	// prepare fills defaults and assigned numbers and checks references of
	// one row before it is stored. old is the stored row on update (nil on
	// insert); parent is the header row of a detail row written with it.
	prepare func(tx *txn, in *rowIn, old *row, parent *rowIn) *apiError
	// unique lists fields, or groups of fields, whose values no two rows
	// may share.
	unique [][]string
	// identity lists the fields that name the row to change in an update,
	// tried in order.
	identity []string
	// minDetails is the least number of rows of each detail table an
	// insert needs.
	minDetails int
}

// writeRules holds the rules per table; tables without rules only get the
// generic checks.
var writeRules = map[string]tableRules{}

// finishers run after a business object's rows are stored, for values
// that depend on all of them (totals, stock, balance).
var finishers = map[string]func(tx *txn, h *row, kids map[string][]*row) *apiError{}

// insert stores one header row with its detail rows.
func (tx *txn) insert(bo *boDef, h *rowIn) (*row, *apiError) {
	if err := tx.writable(h); err != nil {
		return nil, err
	}
	rules := writeRules[bo.Table]
	for _, name := range bo.Details {
		if n := len(h.kids[name]); n < rules.minDetails {
			return nil, rowError(errNrMandatory, "%s: a %s needs at least %d %s row(s), got %d", h.label, bo.Table, rules.minDetails, name, n)
		}
		for _, k := range h.kids[name] {
			if err := tx.writable(k); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.prepare(h, nil, nil); err != nil {
		return nil, err
	}
	for _, name := range bo.Details {
		for _, k := range h.kids[name] {
			if err := inherit(k, h); err != nil {
				return nil, err
			}
			if err := tx.prepare(k, nil, h); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.checkUnique(h, nil); err != nil {
		return nil, err
	}
	hr := tx.store(bo.Table, h.vals, nil)
	kids := map[string][]*row{}
	for _, name := range bo.Details {
		for _, k := range h.kids[name] {
			if err := tx.checkUnique(k, nil); err != nil {
				return nil, err
			}
			kids[name] = append(kids[name], tx.store(name, k.vals, hr))
		}
	}
	if fin := finishers[bo.Code]; fin != nil {
		if err := fin(tx, hr, kids); err != nil {
			return nil, err
		}
	}
	return hr, nil
}

// update changes the stored row a header row names (PUT, our assumption
// of how AccountView updates): the fields given are set, the others kept.
func (tx *txn) update(bo *boDef, h *rowIn) (*row, *apiError) {
	t := tx.c.tables[bo.Table]
	rules := writeRules[bo.Table]
	var old *row
	for _, f := range rules.identity {
		if v := h.str(f); v != "" {
			if old = t.find(f, v); old == nil {
				return nil, rowError(errNrNotFound, "%s: no %s with %s %q", h.label, t.def.Name, f, v)
			}
			break
		}
	}
	if old == nil {
		return nil, rowError(errNrNotFound, "%s: an update must name the record by %s", h.label, strings.Join(rules.identity, " or "))
	}
	if err := tx.writable(h, rules.identity...); err != nil {
		return nil, err
	}
	for _, f := range append(append([]string{}, rules.identity...), t.def.Link) {
		if f != "" && h.has(f) && h.str(f) != strOf(old.F[f]) {
			return nil, rowError(errNrUnchangeable, "%s: %s identifies the record and cannot change (%q, stored %q)", h.label, f, h.str(f), strOf(old.F[f]))
		}
	}
	merged := &rowIn{table: h.table, label: h.label, vals: map[string]any{}, names: h.names}
	for k, v := range old.F {
		merged.vals[k] = v
	}
	for k, v := range h.vals {
		// An empty read-only field in an update changes nothing; a value
		// was refused by writable.
		if f, _ := t.def.field(k); f.has(fReadOnly) && !contains(rules.identity, k) {
			continue
		}
		merged.vals[k] = v
	}
	if err := tx.prepare(merged, old, nil); err != nil {
		return nil, err
	}
	if err := tx.checkUnique(merged, old); err != nil {
		return nil, err
	}
	tx.change(bo.Table, old, merged.vals)
	return old, nil
}

// writable refuses fields the server maintains, except in seed rows and
// the fields that name the record of an update (REC_ID).
func (tx *txn) writable(in *rowIn, identity ...string) *apiError {
	if tx.seeding {
		return nil
	}
	for _, name := range in.names {
		f, _ := in.table.field(name)
		if f.has(fReadOnly) && in.vals[name] != nil && !contains(identity, name) {
			return rowError(errNrReadOnly, "%s: field %s is maintained by AccountView and cannot be written", in.label, name)
		}
	}
	return nil
}

// prepare runs the table's rules, assigns a REC_ID and checks mandatory
// fields.
func (tx *txn) prepare(in *rowIn, old *row, parent *rowIn) *apiError {
	if f, ok := in.table.field("REC_ID"); ok && f.has(fAssigned) && old == nil {
		if err := tx.assign(in, "REC_ID", "REC_ID:"+in.table.Name, 1, "%010d"); err != nil {
			return err
		}
	}
	if r := writeRules[in.table.Name]; r.prepare != nil {
		if err := r.prepare(tx, in, old, parent); err != nil {
			return err
		}
	}
	for i := range in.table.Fields {
		f := &in.table.Fields[i]
		if !f.has(fMandatory) || f.has(fSystem) {
			continue
		}
		v := in.vals[f.Name]
		if v == nil || (family(f.Type) != 'N' && isEmpty(v)) {
			return rowError(errNrMandatory, "%s: field %s (%s) is mandatory", in.label, f.Name, f.Desc)
		}
	}
	return nil
}

// inherit copies the fields a detail row takes from its header.
func inherit(k, h *rowIn) *apiError {
	for i := range k.table.Fields {
		f := &k.table.Fields[i]
		if !f.has(fInherited) || f.has(fSystem) {
			continue
		}
		hv := h.vals[f.Name]
		if kv := k.vals[f.Name]; kv != nil && strOf(kv) != strOf(hv) {
			return rowError(errNrUnchangeable, "%s: %s %q differs from its header's %q", k.label, f.Name, strOf(kv), strOf(hv))
		}
		k.vals[f.Name] = hv
	}
	return nil
}

// checkUnique refuses a row whose unique fields repeat another row's.
func (tx *txn) checkUnique(in *rowIn, self *row) *apiError {
	t := tx.c.tables[in.table.Name]
	for _, group := range writeRules[in.table.Name].unique {
		want := make([]string, len(group))
		for i, f := range group {
			want[i] = in.str(f)
		}
		if strings.Join(want, "") == "" {
			continue
		}
		var found *row
		if len(group) == 1 {
			found = t.find(group[0], want[0])
		} else {
			for _, r := range t.rows {
				same := true
				for i, f := range group {
					if strOf(r.F[f]) != want[i] {
						same = false
						break
					}
				}
				if same {
					found = r
					break
				}
			}
		}
		if found != nil && found != self {
			return rowError(errNrDuplicate, "%s: %s %s already exists", in.label, strings.Join(group, "+"), strings.Join(want, "/"))
		}
	}
	return nil
}

// assign gives field a number from sequence seq when the row leaves it
// empty, skipping numbers in use; a number the client chose raises the
// sequence instead.
func (tx *txn) assign(in *rowIn, field, seq string, start int64, format string) *apiError {
	t := tx.c.tables[in.table.Name]
	if v := in.str(field); v != "" {
		if n, err := strconv.ParseInt(strings.TrimLeft(v, "0"), 10, 64); err == nil {
			tx.bump(seq, n)
		}
		return nil
	}
	tx.bump(seq, start-1)
	for {
		v := fmt.Sprintf(format, tx.next(seq))
		if t.find(field, v) == nil {
			in.vals[field] = v
			return nil
		}
	}
}

// mustExist checks that a reference names a stored row.
func (tx *txn) mustExist(in *rowIn, field, table, target, what string) (*row, *apiError) {
	v := in.str(field)
	if v == "" {
		return nil, nil
	}
	r := tx.c.tables[table].find(target, v)
	if r == nil {
		return nil, rowError(errNrReference, "%s: %s %q does not exist (%s)", in.label, what, v, field)
	}
	return r, nil
}
