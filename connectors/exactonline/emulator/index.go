package emulator

import (
	"sort"
	"strings"
)

// index adds a stored row to the division's line and uniqueness indexes.
func (tx *txn) index(s *entitySpec, id string, rec row) {
	d := tx.d
	if s.Parent != "" {
		p := str(rec[s.ParentFK])
		if d.kids[p] == nil {
			d.kids[p] = map[string]bool{}
		}
		d.kids[p][id] = true
	}
	if k, ok := uniqueKey(s, rec); ok {
		if d.uniq[s.Name] == nil {
			d.uniq[s.Name] = map[string]string{}
		}
		d.uniq[s.Name][k] = id
	}
}

// unindex removes a row from the indexes.
func (tx *txn) unindex(s *entitySpec, id string, rec row) {
	d := tx.d
	if s.Parent != "" {
		p := str(rec[s.ParentFK])
		delete(d.kids[p], id)
		if len(d.kids[p]) == 0 {
			delete(d.kids, p)
		}
	}
	if k, ok := uniqueKey(s, rec); ok && d.uniq[s.Name][k] == id {
		delete(d.uniq[s.Name], k)
	}
}

// uniqueKey is the collated, combined value of s's unique fields; false
// when the entity has none or one of them is empty.
func uniqueKey(s *entitySpec, rec row) (string, bool) {
	if len(s.Unique) == 0 {
		return "", false
	}
	parts := make([]string, len(s.Unique))
	for i, f := range s.Unique {
		v := rec[f]
		if v == nil || v == "" {
			return "", false
		}
		parts[i] = collate(strings.TrimSpace(str(v) + numText(v)))
	}
	return strings.Join(parts, "\x00"), true
}

// numText renders a numeric wire value for keys; "" for other values.
func numText(v any) string {
	if r, ok := ratOf(v); ok {
		if _, isStr := v.(string); !isStr {
			return r.RatString()
		}
	}
	return ""
}

// lookupUnique returns the key of the row of s whose unique fields equal vals.
func (tx *txn) lookupUnique(s *entitySpec, vals ...any) (string, bool) {
	rec := row{}
	for i, f := range s.Unique {
		rec[f] = vals[i]
	}
	k, ok := uniqueKey(s, rec)
	if !ok {
		return "", false
	}
	id, ok := tx.d.uniq[s.Name][k]
	return id, ok
}

// rebuildIndexes recomputes every index of d from its tables, after a
// state file was loaded.
func rebuildIndexes(e *Emulator, d *division) {
	d.kids = map[string]map[string]bool{}
	d.uniq = map[string]map[string]string{}
	tx := &txn{e: e, d: d}
	for _, s := range entitySpecs {
		t := d.table(s.Name)
		for _, id := range t.ids {
			tx.index(s, id, t.rows[id].F)
		}
	}
}

// sortRows orders rows by a numeric field, keeping the order of equals.
func sortRows(rows []row, field string) {
	sort.SliceStable(rows, func(i, j int) bool {
		return ratOr(rows[i][field]).Cmp(ratOr(rows[j][field])) < 0
	})
}
