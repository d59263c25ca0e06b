package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must resolve on hosts without a zoneinfo database.
)

// amsterdam is the zone of the dates the server fills in ("today").
var amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// wctx is one write against an administration, run under the data lock.
// Everything is checked before anything is stored, so a rejected write
// leaves no trace.
type wctx struct {
	d       *data
	adm     *administration
	now     time.Time
	l       lang
	strict  bool
	seeding bool
	errs    *fieldErrors
}

// today is the current date in the Netherlands.
func (c *wctx) today() time.Time {
	y, m, d := c.now.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// create decodes in as a new record of ent, checks it, stores it and
// applies its side effects (stock).
func (c *wctx) create(ent *entity, in map[string]any) (record, *apiError) {
	dc := decoder{l: c.l, strict: c.strict && !c.seeding, seeding: c.seeding, errs: c.errs}
	rec := dc.object(ent.Fields, in, "")
	c.checkRefs(ent.Fields, rec, "")
	if h := hooks[ent.Name]; h.prepare != nil {
		h.prepare(c, ent, rec, nil)
	}
	id, given := intOf(rec["id"])
	if given {
		if c.d.idTaken(ent.Name, id) || id <= 0 {
			c.errs.add(ent.field("id").Wire, c.l.t(mDuplicate, ent.label(), "id", strconv.FormatInt(id, 10)))
		}
	}
	c.checkUnique(ent, rec, id)
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	if given {
		c.d.sawID(ent.Name, id)
	} else {
		id = c.d.nextID(ent.Name)
	}
	rec["id"] = num(id)
	c.assignNumber(ent, rec)
	if ent.Incremental {
		if rec["createdAt"] == nil {
			rec["createdAt"] = stamp(c.now)
		}
		if rec[api.ModifiedField] == nil {
			rec[api.ModifiedField] = rec["createdAt"]
		}
	}
	c.adm.table(ent.Name).rows[id] = rec
	if h := hooks[ent.Name]; h.apply != nil {
		h.apply(c, ent, rec)
	}
	return rec, nil
}

// update replaces the record of ent with id by in (PUT is a full
// replacement, assumed): fields left out are cleared or set to their
// defaults, except server-owned ones, which keep their values.
func (c *wctx) update(ent *entity, id int64, in map[string]any) (record, *apiError) {
	old, ok := c.adm.lookup(ent.Name, id)
	if !ok {
		return nil, notFound(c.l, ent, id)
	}
	dc := decoder{l: c.l, strict: c.strict, errs: c.errs}
	rec := dc.object(ent.Fields, in, "")
	for i := range ent.Fields {
		f := &ent.Fields[i]
		if f.is(fReadOnly) || (f.is(fAssigned) && rec[f.Name] == nil) {
			if v, ok := old[f.Name]; ok {
				rec[f.Name] = v
			}
		}
	}
	c.checkRefs(ent.Fields, rec, "")
	if h := hooks[ent.Name]; h.prepare != nil {
		h.prepare(c, ent, rec, old)
	}
	c.checkUnique(ent, rec, id)
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	c.assignNumber(ent, rec)
	if ent.Incremental {
		rec[api.ModifiedField] = stamp(c.now)
	}
	c.adm.table(ent.Name).rows[id] = rec
	return rec, nil
}

// assignNumber gives a record without a number the next one of its
// administration, and keeps the sequence above numbers given by clients
// and seeds.
func (c *wctx) assignNumber(ent *entity, rec record) {
	if ent.NumberStart == 0 {
		return
	}
	last := max(c.adm.seq[ent.Name], ent.NumberStart-1)
	if n, ok := intOf(rec["number"]); ok {
		c.adm.seq[ent.Name] = max(last, n)
		return
	}
	c.adm.seq[ent.Name] = last + 1
	rec["number"] = num(last + 1)
}

// checkRefs reports ids that do not name a record of the administration.
func (c *wctx) checkRefs(fields []field, rec record, path string) {
	for i := range fields {
		f := &fields[i]
		v, ok := rec[f.Name]
		if !ok || v == nil {
			continue
		}
		switch f.Kind {
		case kRef:
			id, _ := intOf(v)
			if _, found := c.adm.lookup(f.Ref, id); !found {
				c.errs.add(path+f.Wire, c.l.t(mNotExists, c.l.entityLabel(entityByName[f.Ref]), fmt.Sprint(v)))
			}
		case kObject:
			if m, ok := v.(record); ok {
				c.checkRefs(f.Fields, m, path+f.Wire+".")
			}
		case kLines:
			list, _ := v.([]any)
			for j, item := range list {
				if m, ok := item.(record); ok {
					c.checkRefs(f.Fields, m, fmt.Sprintf("%s%s[%d].", path, f.Wire, j))
				}
			}
		}
	}
}

// checkUnique reports values of ent.Unique fields that another record of
// the administration already has.
func (c *wctx) checkUnique(ent *entity, rec record, self int64) {
	for _, name := range ent.Unique {
		v := rec[name]
		if v == nil {
			continue
		}
		want := fmt.Sprint(v)
		for id, other := range c.adm.table(ent.Name).rows {
			if id != self && equalValue(other[name], want) {
				f := ent.field(name)
				c.errs.add(f.Wire, c.l.t(mDuplicate, strings.ToLower(c.l.entityLabel(ent)), f.Wire, want))
				break
			}
		}
	}
}

// notFound is the 404 of an unknown id.
func notFound(l lang, ent *entity, id int64) *apiError {
	return &apiError{Status: http.StatusNotFound, Detail: l.t(mNotFound, l.entityLabel(ent), strconv.FormatInt(id, 10))}
}
