package emulator

import "strings"

// The steps every write shares: checking the body against the component,
// keeping what the server owns across a PUT, and stamping audit times.

// check validates a request body against an entity's component.
func (tx *txn) check(def *entityDef, in row) (row, []fieldError) {
	k := checker{strict: tx.e.opts.Strict && !tx.seeding, keepReadOnly: tx.seeding}
	r := k.object(def.component(), in, "")
	return r, k.errs
}

// carryReadOnly copies the read-only fields of the stored row that the new
// one lacks, so that a PUT, which replaces the writable data, keeps what
// the server owns.
func carryReadOnly(comp *genComponent, old, r row) {
	for i := range comp.Fields {
		f := &comp.Fields[i]
		if _, has := r[f.Name]; f.readOnly() && !has {
			if v, ok := old[f.Name]; ok {
				r[f.Name] = copyValue(v)
			}
		}
	}
	for k, v := range old {
		if strings.HasPrefix(k, "_") {
			if _, has := r[k]; !has {
				r[k] = copyValue(v)
			}
		}
	}
}

// stamp sets an entity's audit time (a seed row keeps its own) and, where
// the component has one, its creation time.
func (tx *txn) stamp(def *entityDef, r row) {
	now := utcWire(tx.now)
	if _, ok := def.component().field("CreatedUtc"); ok && r["CreatedUtc"] == nil {
		r["CreatedUtc"] = now
		if tx.seeding && def.Stamp != "" && r[def.Stamp] != nil {
			r["CreatedUtc"] = r[def.Stamp] // a seed row was created when it last changed
		}
	}
	if def.Stamp != "" && !(tx.seeding && r[def.Stamp] != nil) {
		r[def.Stamp] = now
	}
}

// touch marks a stored row changed by a side effect (an article's stock)
// with a new audit time.
func (tx *txn) touch(def *entityDef, r row) {
	if def.Stamp != "" && !tx.seeding {
		r[def.Stamp] = utcWire(tx.now)
	}
	tx.changed = true
}
