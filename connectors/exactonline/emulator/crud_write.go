package emulator

import (
	"fmt"
	"net/http"
)

// create inserts an entity (a header with its nested lines, a line of an
// existing header, or a plain entity) and returns its key.
func (tx *txn) create(s *entitySpec, in map[string]any) (string, error) {
	if s.Parent != "" {
		return tx.createLine(s, in)
	}
	rec, linesIn, err := tx.decodeFields(s, in, "")
	if err != nil {
		return "", err
	}
	id, err := tx.newKey(s, rec)
	if err != nil {
		return "", err
	}
	if err := tx.prepare(s, id, rec, nil, nil, ""); err != nil {
		return "", err
	}
	ls := s.lineSpec()
	lines := make([]row, 0, len(linesIn))
	for i, li := range linesIn {
		where := fmt.Sprintf("%s[%d].", s.Lines, i+1)
		lr, _, err := tx.decodeFields(ls, li, where)
		if err != nil {
			return "", err
		}
		lid, err := tx.newKey(ls, lr)
		if err != nil {
			return "", err
		}
		lr[ls.ParentFK] = id
		if _, ok := ls.def.field("LineNumber"); ok {
			lr["LineNumber"] = intWire(int64(i + 1))
		}
		if err := tx.prepare(ls, lid, lr, nil, rec, where); err != nil {
			return "", err
		}
		lines = append(lines, lr)
	}
	if err := mandatoryLines(s, len(lines)); err != nil {
		return "", err
	}
	if s.aggregate != nil {
		s.aggregate(tx, rec, lines)
	}
	tx.put(s, id, rec, true)
	for _, lr := range lines {
		tx.put(ls, str(lr[ls.key]), lr, true)
	}
	return id, tx.afterHeaderWrite(s, rec, nil, nil, lines)
}

// createLine adds a line to an existing header and refreshes the header.
func (tx *txn) createLine(s *entitySpec, in map[string]any) (string, error) {
	rec, _, err := tx.decodeFields(s, in, "")
	if err != nil {
		return "", err
	}
	ps := specByName[s.Parent]
	pid := str(rec[s.ParentFK])
	if pid == "" {
		return "", badRequest("Mandatory: %s", s.ParentFK)
	}
	parent, ok := tx.find(ps.Name, pid)
	if !ok {
		return "", badRequest("%s: %s %s does not exist in division %d", s.ParentFK, ps.singular(), pid, tx.d.Code)
	}
	id, err := tx.newKey(s, rec)
	if err != nil {
		return "", err
	}
	oldLines := tx.linesOf(ps, pid)
	if _, ok := s.def.field("LineNumber"); ok {
		var max int64
		for _, l := range oldLines {
			if n, ok := seqValue(l["LineNumber"]); ok && n > max {
				max = n
			}
		}
		rec["LineNumber"] = intWire(max + 1)
	}
	if err := tx.prepare(s, id, rec, nil, parent, ""); err != nil {
		return "", err
	}
	tx.put(s, id, rec, true)
	return id, tx.refreshHeader(ps, pid, parent, oldLines)
}

// update merges the fields of in into a stored entity (Exact's PUT only
// changes the properties it is sent).
func (tx *txn) update(s *entitySpec, id string, in map[string]any) error {
	old, ok := tx.find(s.Name, id)
	if !ok {
		return notFound(s, id)
	}
	changes, linesIn, err := tx.decodeFields(s, in, "")
	if err != nil {
		return err
	}
	if linesIn != nil {
		return badRequest("%s cannot be changed through %s; use %s", s.Lines, s.Path, s.lineSpec().Path)
	}
	delete(changes, s.key)
	if s.ParentFK != "" {
		delete(changes, s.ParentFK) // a line cannot move to another header
	}
	rec := copyRow(old)
	for k, v := range changes {
		rec[k] = v
	}
	if s.Parent != "" {
		ps := specByName[s.Parent]
		pid := str(old[s.ParentFK])
		parent, _ := tx.find(ps.Name, pid)
		oldLines := tx.linesOf(ps, pid)
		if err := tx.prepare(s, id, rec, old, parent, ""); err != nil {
			return err
		}
		tx.put(s, id, rec, false)
		return tx.refreshHeader(ps, pid, parent, oldLines)
	}
	if err := tx.prepare(s, id, rec, old, nil, ""); err != nil {
		return err
	}
	lines := tx.linesOf(s, id)
	if s.aggregate != nil {
		s.aggregate(tx, rec, lines)
	}
	tx.put(s, id, rec, false)
	return tx.afterHeaderWrite(s, rec, old, lines, lines)
}

// remove deletes an entity (a header takes its lines along).
func (tx *txn) remove(s *entitySpec, id string) error {
	old, ok := tx.find(s.Name, id)
	if !ok {
		return notFound(s, id)
	}
	if err := tx.checkNotReferenced(s, id); err != nil {
		return err
	}
	if s.Parent != "" {
		ps := specByName[s.Parent]
		pid := str(old[s.ParentFK])
		parent, _ := tx.find(ps.Name, pid)
		oldLines := tx.linesOf(ps, pid)
		tx.del(s, id)
		return tx.refreshHeader(ps, pid, parent, oldLines)
	}
	if s.Name == "StockCounts" && hasStatus(old, stockCountProcessed) {
		return badRequest("StockCount %s is processed and cannot be deleted", id)
	}
	lines := tx.linesOf(s, id)
	if ls := s.lineSpec(); ls != nil {
		for _, l := range lines {
			tx.del(ls, str(l[ls.key]))
		}
	}
	tx.del(s, id)
	tx.applyStock(tx.reservations(s, old, lines), nil)
	if s.removed != nil {
		s.removed(tx, old)
	}
	return nil
}

// refreshHeader recomputes a header after one of its lines changed,
// stores it with a new row version and moves reserved stock.
func (tx *txn) refreshHeader(ps *entitySpec, pid string, parent row, oldLines []row) error {
	rec := copyRow(parent)
	lines := tx.linesOf(ps, pid)
	tx.stamp(ps, rec, false)
	if ps.aggregate != nil {
		ps.aggregate(tx, rec, lines)
	}
	tx.put(ps, pid, rec, false)
	tx.applyStock(tx.reservations(ps, parent, oldLines), tx.reservations(ps, rec, lines))
	return nil
}

// afterHeaderWrite moves reserved stock and runs the entity's applied hook.
func (tx *txn) afterHeaderWrite(s *entitySpec, rec, old row, oldLines, lines []row) error {
	var before []stockDelta
	if old != nil {
		before = tx.reservations(s, old, oldLines)
	}
	tx.applyStock(before, tx.reservations(s, rec, lines))
	if s.applied != nil {
		return s.applied(tx, rec, old, lines)
	}
	return nil
}

// reservations returns what a header holds reserved (nil when the entity
// reserves nothing).
func (tx *txn) reservations(s *entitySpec, header row, lines []row) []stockDelta {
	if s.reserve == nil || header == nil {
		return nil
	}
	return s.reserve(tx, header, lines)
}

// checkNotReferenced refuses to delete a row other rows point to, as Exact
// refuses to delete an account that has orders.
func (tx *txn) checkNotReferenced(s *entitySpec, id string) error {
	for _, other := range entitySpecs {
		for _, rf := range other.Refs {
			if rf.Entity != s.Name {
				continue
			}
			for _, r := range tx.d.table(other.Name).rows {
				if str(r.F[rf.Field]) == id {
					return badRequest("%s %s cannot be deleted: it is used by %s %s (%s)", s.singular(), id,
						other.singular(), str(r.F[other.key]), rf.Field)
				}
			}
		}
	}
	return nil
}

func notFound(s *entitySpec, id string) error {
	return errf(http.StatusNotFound, "%s %s does not exist", s.singular(), id)
}
