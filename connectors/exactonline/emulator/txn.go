package emulator

import (
	"fmt"
	"strings"
	"time"
)

// txn is one write (or read) against a division, run while the emulator's
// data lock is held. Validation happens before anything is stored, so a
// failed request leaves no trace; events collected on the way are delivered
// as webhooks after the lock is released.
type txn struct {
	e      *Emulator
	d      *division
	now    time.Time
	client string // OAuth client id of the caller ("" while seeding)
	base   string // scheme://host of the request, for links
	events []hookEvent

	seeding bool // seed rows may carry read-only fields and keys
	changed bool
}

// key returns the key field of a table ("ID" for tombstones).
func tableKey(name string) string {
	if s := specByName[name]; s != nil {
		return s.key
	}
	return "ID"
}

// find returns a stored row of entity name by key.
func (tx *txn) find(name, id string) (row, bool) {
	r, ok := tx.d.table(name).get(id)
	if !ok {
		return nil, false
	}
	return r.F, true
}

// put stores rec under id with a fresh row version and keeps the indexes
// and number sequences current.
func (tx *txn) put(s *entitySpec, id string, rec row, created bool) {
	t := tx.d.table(s.Name)
	if old, ok := t.get(id); ok {
		tx.unindex(s, id, old.F)
	}
	t.put(id, rec, tx.d.nextTS())
	tx.index(s, id, rec)
	if s.Name == "ItemWarehouses" {
		tx.refreshItemStock(str(rec["Item"]))
	}
	if s.Seq != "" {
		if n, ok := seqValue(rec[s.Seq]); ok && n > tx.d.seq[s.Name] {
			tx.d.seq[s.Name] = n
		}
	}
	action := "Update"
	if created {
		action = "Create"
	}
	tx.event(s, action, id)
	tx.changed = true
}

// del removes a row and, when the entity reports deletions, writes the
// sync/Deleted tombstone.
func (tx *txn) del(s *entitySpec, id string) {
	t := tx.d.table(s.Name)
	old, ok := t.get(id)
	if !ok {
		return
	}
	tx.unindex(s, id, old.F)
	t.remove(id)
	if s.Name == "ItemWarehouses" {
		tx.refreshItemStock(str(old.F["Item"]))
	}
	if s.DeletedType != 0 {
		tid := newGUID()
		tx.d.table(deletedTable).put(tid, row{
			"ID": tid, "EntityKey": id, "EntityType": intWire(int64(s.DeletedType)),
			"DeletedDate": dateWire(tx.now), "DeletedBy": tx.e.user.ID, "Division": intWire(int64(tx.d.Code)),
		}, tx.d.nextTS())
	}
	tx.event(s, "Delete", id)
	tx.changed = true
}

// linesOf returns the stored lines of a header, ordered by LineNumber.
func (tx *txn) linesOf(s *entitySpec, headerID string) []row {
	ls := s.lineSpec()
	if ls == nil {
		return nil
	}
	t := tx.d.table(ls.Name)
	var out []row
	for id := range tx.d.kids[headerID] {
		if r, ok := t.get(id); ok {
			out = append(out, r.F)
		}
	}
	sortRows(out, "LineNumber")
	return out
}

// stamp sets the audit fields the entity has: Division, Created/Creator on
// create, Modified/Modifier always.
func (tx *txn) stamp(s *entitySpec, rec row, created bool) {
	set := func(name string, v any) {
		if _, ok := s.def.field(name); ok {
			rec[name] = v
		}
	}
	set("Division", intWire(int64(tx.d.Code)))
	if created {
		set("Created", dateWire(tx.now))
		set("Creator", tx.e.user.ID)
		set("CreatorFullName", tx.e.user.FullName)
	}
	set("Modified", dateWire(tx.now))
	set("Modifier", tx.e.user.ID)
	set("ModifierFullName", tx.e.user.FullName)
}

// assignSeq gives rec the next number of its entity's sequence when the
// client left the field empty. String sequences (Account codes) are padded
// to Exact's 18 characters.
func (tx *txn) assignSeq(s *entitySpec, rec row) {
	if s.Seq == "" || rec[s.Seq] != nil {
		return
	}
	n := tx.d.seq[s.Name] + 1
	if f, _ := s.def.field(s.Seq); f.Type == edmString {
		rec[s.Seq] = padCode(fmt.Sprint(n))
		return
	}
	rec[s.Seq] = intWire(n)
}

// seqValue reads a sequence field (number or numeric code).
func seqValue(v any) (int64, bool) {
	r, ok := ratOf(strings.TrimSpace(fmt.Sprint(v)))
	if v == nil || !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// padCode right-aligns a numeric code in 18 characters, as Exact stores
// Account codes; other codes are kept as given.
func padCode(code string) string {
	t := strings.TrimSpace(code)
	if t == "" || strings.Trim(t, "0123456789") != "" || len(t) > 18 {
		return code
	}
	return strings.Repeat(" ", 18-len(t)) + t
}

// copyRow returns a shallow copy (values are immutable wire values).
func copyRow(r row) row {
	out := make(row, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

// event queues a webhook notification for subscribed callbacks.
func (tx *txn) event(s *entitySpec, action, id string) {
	if s.Topic == "" || tx.seeding {
		return
	}
	tx.events = append(tx.events, hookEvent{Topic: s.Topic, Action: action, Key: id,
		Division: tx.d.Code, Endpoint: tx.base + "/api/v1/" + fmt.Sprint(tx.d.Code) + "/" + s.Path +
			"(guid'" + id + "')", At: tx.now})
}
