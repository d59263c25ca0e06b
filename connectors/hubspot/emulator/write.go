package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"sort"
	"strconv"
)

// checkProps validates written property values against the type's
// definitions and returns their stored forms ("" clears a property).
// Unknown and read-only properties are errors, as in HubSpot; a seed may
// set read-only ones.
func (tx *txn) checkProps(t *objectType, in map[string]any) (map[string]string, []propError) {
	set := tx.p.props[t.Name]
	out := map[string]string{}
	var errs []propError
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d := set.get(name)
		switch {
		case d == nil:
			errs = append(errs, propError{name, "PROPERTY_DOESNT_EXIST", fmt.Sprintf("Property %q does not exist", name)})
			continue
		case d.ModificationMetadata.ReadOnlyValue && !tx.seeding:
			errs = append(errs, propError{name, "READ_ONLY_VALUE", fmt.Sprintf("%q is a read only property; its value cannot be set.", name)})
			continue
		}
		v, perr := normalize(t, d, in[name])
		if perr != nil {
			errs = append(errs, *perr)
			continue
		}
		out[name] = v
	}
	return out, errs
}

// merge applies changes to a copy of props, dropping cleared values.
func merge(props, changes map[string]string) map[string]string {
	out := maps.Clone(props)
	if out == nil {
		out = map[string]string{}
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// create validates and stores a new object of type t with its
// associations; nothing is stored when anything is wrong.
func (tx *txn) create(t *objectType, in map[string]any, assocs []assocInput) (*object, error) {
	vals, errs := tx.checkProps(t, in)
	if len(errs) > 0 {
		return nil, validationError(errs)
	}
	props := merge(nil, vals)
	if errs := tx.applyRules(t, nil, props); len(errs) > 0 {
		return nil, validationError(errs)
	}
	if err := tx.checkUnique(t, 0, props); err != nil {
		return nil, err
	}
	links, err := tx.resolveAssocInputs(t, assocs)
	if err != nil {
		return nil, err
	}
	tx.p.seq++
	o := &object{ID: tx.p.seq, Props: props, CreatedAt: tx.now, UpdatedAt: tx.now}
	if tx.seeding {
		// Seeds may date their rows, so incremental reads have history.
		if at, ok := parseInstant(props["createdate"]); ok {
			o.CreatedAt, o.UpdatedAt = at, at
		}
		if at, ok := parseInstant(props[t.Modified]); ok {
			o.UpdatedAt = at
		}
	}
	o.Props["createdate"] = formatTime(o.CreatedAt)
	o.Props[t.Modified] = formatTime(o.UpdatedAt)
	o.Props["hs_object_id"] = o.idText()
	tb := tx.table(t)
	tb.insert(o)
	tb.index(o, tx.p.uniqueProps(t))
	tx.changed = true
	tx.emit(hookEvent{Type: t, Kind: "creation", ObjectID: o.ID})
	for _, name := range sortedKeys(props) {
		tx.emit(hookEvent{Type: t, Kind: "propertyChange", ObjectID: o.ID, Prop: name, Value: props[name]})
	}
	for _, l := range links {
		if err := tx.associate(t, o.ID, l.to, l.toID, l.typeIDs); err != nil {
			return o, err
		}
	}
	return o, nil
}

// update applies property changes to o. Values equal to the stored ones
// change nothing, and an update that changes nothing leaves the
// modification time alone.
func (tx *txn) update(t *objectType, o *object, in map[string]any) error {
	vals, errs := tx.checkProps(t, in)
	if len(errs) > 0 {
		return validationError(errs)
	}
	props := merge(o.Props, vals)
	if errs := tx.applyRules(t, o, props); len(errs) > 0 {
		return validationError(errs)
	}
	if err := tx.checkUnique(t, o.ID, props); err != nil {
		return err
	}
	var changed []string
	for _, k := range sortedKeys(props) {
		if o.Props[k] != props[k] {
			changed = append(changed, k)
		}
	}
	for k := range o.Props {
		if _, kept := props[k]; !kept {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	tb, uniq := tx.table(t), tx.p.uniqueProps(t)
	tb.unindex(o, uniq)
	o.Props = props
	o.UpdatedAt = tx.now
	o.Props[t.Modified] = formatTime(tx.now)
	tb.index(o, uniq)
	tx.changed = true
	sort.Strings(changed)
	for _, k := range changed {
		tx.emit(hookEvent{Type: t, Kind: "propertyChange", ObjectID: o.ID, Prop: k, Value: props[k]})
	}
	return nil
}

// archive moves o to the recycle bin. Archiving a deal archives its line
// items too, as HubSpot deletes a deal's line items with it.
func (tx *txn) archive(t *objectType, o *object) {
	if o.archived() {
		return
	}
	tx.table(t).unindex(o, tx.p.uniqueProps(t))
	o.ArchivedAt = tx.now
	o.UpdatedAt = tx.now
	tx.changed = true
	tx.emit(hookEvent{Type: t, Kind: "deletion", ObjectID: o.ID})
	if t.Name == "deals" {
		li := lookupType("line_items")
		for _, id := range tx.p.assoc.targets(t.Name, o.ID, li.Name) {
			if item := tx.table(li).live(id); item != nil {
				tx.archive(li, item)
			}
		}
	}
}

// checkUnique refuses values of unique properties that another live
// object holds: 409 with the existing id in the message, which HubSpot
// words "Contact already exists. Existing ID: 123" for e-mail addresses.
func (tx *txn) checkUnique(t *objectType, self int64, props map[string]string) error {
	tb := tx.table(t)
	for _, name := range tx.p.uniqueProps(t) {
		v := props[name]
		if v == "" {
			continue
		}
		other := tb.byUnique(name, v)
		if other == nil || other.ID == self {
			continue
		}
		e := errf(http.StatusConflict, catConflict, "%s with %s %q already exists. Existing ID: %d", t.Upper, name, v, other.ID)
		if t.Name == "contacts" && name == "email" {
			e.Message = "Contact already exists. Existing ID: " + strconv.FormatInt(other.ID, 10)
		}
		return e
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
