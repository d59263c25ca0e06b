package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// RelatedChange is a related record a run created or updated, or a plan
// would.
type RelatedChange struct {
	Related string `json:"related"` // the related block
	Action  string `json:"action"`  // "create" or "update"
	Key     string `json:"key"`     // the key looked up
	Entity  string `json:"entity"`
	// ID is the id the system gave the created record or has for the
	// updated one; empty in a plan's create.
	ID string `json:"id,omitempty"`
	// Origin is the source record whose mapping made the change.
	Origin string `json:"origin,omitempty"`
	// Record is what is (or would be) sent: the create map's fields.
	Record json.RawMessage `json:"record"`
	// Changes are the fields an update changes.
	Changes []Change `json:"changes,omitempty"`
	// Planned is true in a dry run: nothing was sent.
	Planned bool `json:"planned,omitempty"`
}

// RelatedWriter takes the related records a run creates or updates in
// place of the systems. When RunOptions.Lookuper implements it (golden
// tests), creates and updates go to it, and it answers later lookups with
// them.
type RelatedWriter interface {
	// CreateRelated keeps rec, which carries a made-up id.
	CreateRelated(ctx context.Context, entity string, rec []byte) error
	// UpdateRelated replaces the record before with after.
	UpdateRelated(ctx context.Context, entity string, before, after []byte) error
}

// create makes the record a key did not find: the create map is
// evaluated, checked against the entity's schema and sent, and the record
// the system stored (with its new id) is what related() gives from then on.
func (rs *runState) create(r *relatedPlan, key any, k string, item any) (*relatedEntry, error) {
	payload, err := rs.build(r, key, item)
	if err != nil {
		return nil, err
	}
	if r.schema != nil {
		if vs := r.schema.Validate(payload); len(vs) > 0 {
			msgs := make([]string, 0, len(vs))
			for _, v := range vs {
				msgs = append(msgs, "create."+pointerToPath(v.Pointer)+": "+v.Message)
			}
			return nil, fmt.Errorf("related %q: the new %s does not match its schema: %s", r.name, r.entity, strings.Join(msgs, "; "))
		}
	}
	ch := RelatedChange{Related: r.name, Action: "create", Key: k, Entity: r.entity, Origin: rs.origin, Record: payload}
	created := payload
	switch {
	case rs.dryRun:
		ch.Planned = true
	case rs.fake != nil:
		rs.fakeIDs++
		ch.ID, created = r.withFakeID(payload, rs.fakeIDs)
		if err := rs.fake.CreateRelated(rs.ctx, r.entity, created); err != nil {
			return nil, r.refused("create", k, err)
		}
	default:
		w := rs.writers[r.name]
		if err := w.Write(rs.ctx, connectors.Record{Raw: payload, Origin: rs.origin, Key: k}); err != nil {
			rs.forgetUnlessRefused(r, k, err)
			return nil, r.refused("create", k, err)
		}
		res := w.(connectors.Creator).Last()
		ch.ID = res.ID
		switch {
		case len(res.Raw) > 0:
			created = append([]byte(nil), res.Raw...)
		case res.ID != "" && r.idField != "":
			created, _ = sjson.SetBytes(append([]byte(nil), payload...), gjsonPath([]string{r.idField}), res.ID)
		}
	}
	rs.changed(ch)
	e := rs.remember(r, k, []connectors.Record{{Raw: created, Key: ch.ID}})
	if ch.Planned {
		e.planned = &ch
	}
	return e, nil
}

// update writes the create map's fields over a found record when any of
// them differs; only those fields are sent.
func (rs *runState) update(r *relatedPlan, key any, k string, e *relatedEntry, item any) (*relatedEntry, error) {
	payload, err := rs.build(r, key, item)
	if err != nil {
		return nil, err
	}
	before := e.recs[0].Raw
	changes := diffFields(before, payload)
	if len(changes) == 0 {
		return e, nil
	}
	id := e.recs[0].Key
	if r.idField != "" {
		if v := gjson.GetBytes(before, gjsonPath([]string{r.idField})); v.Exists() {
			id = v.String()
		}
	}
	if id == "" {
		return nil, fmt.Errorf("related %q: the %s found for %q has no id to update it by", r.name, r.entity, k)
	}
	after := overlay(before, payload)
	ch := RelatedChange{Related: r.name, Action: "update", Key: k, Entity: r.entity, ID: id, Origin: rs.origin, Record: payload, Changes: changes}
	switch {
	case rs.dryRun:
		ch.Planned = true
	case rs.fake != nil:
		if err := rs.fake.UpdateRelated(rs.ctx, r.entity, before, after); err != nil {
			return nil, r.refused("update", k, err)
		}
	default:
		u := rs.writers[r.name].(connectors.Updater)
		if err := u.Update(rs.ctx, id, connectors.Record{Raw: payload, Origin: rs.origin, Key: k}); err != nil {
			rs.forgetUnlessRefused(r, k, err)
			return nil, r.refused("update", k, err)
		}
	}
	rs.changed(ch)
	recs := append([]connectors.Record{{Raw: after, Key: id}}, e.recs[1:]...)
	return rs.remember(r, k, recs), nil
}

// forgetUnlessRefused drops what the run knows of a key after a create or
// update whose outcome is unknown (the connection failed, not the system
// refusing the record): the system may have stored it, so the next record
// with the key looks it up again instead of creating it a second time.
func (rs *runState) forgetUnlessRefused(r *relatedPlan, k string, err error) {
	if _, refused := connectors.AsRecordError(err); refused {
		return
	}
	rs.mu.Lock()
	delete(rs.cache, rs.cacheKey(r, k))
	rs.mu.Unlock()
}

// refused explains a create or update the system turned down, naming the
// block and, when the system said, the field.
func (r *relatedPlan) refused(action, k string, err error) error {
	if re, ok := connectors.AsRecordError(err); ok && re.Field != "" {
		return fmt.Errorf("related %q: the system refused to %s %s %s = %q: create.%s: %v", r.name, action, r.entity, r.by, k, re.Field, re.Err)
	}
	return fmt.Errorf("related %q: the system refused to %s %s %s = %q: %v", r.name, action, r.entity, r.by, k, err)
}

// changed notes a change for the activity log and the caller.
func (rs *runState) changed(ch RelatedChange) {
	rs.changes = append(rs.changes, ch)
	rs.dependsOn(ch)
	if rs.onChange != nil {
		rs.onChange(ch)
	}
}

// overlay writes the top-level fields of patch over doc.
func overlay(doc, patch []byte) []byte {
	out := append([]byte(nil), doc...)
	gjson.ParseBytes(patch).ForEach(func(k, v gjson.Result) bool {
		out, _ = sjson.SetRawBytes(out, gjsonPath([]string{k.Str}), []byte(v.Raw))
		return true
	})
	return out
}

// withFakeID gives a record created in a golden test a made-up id of the
// shape the schema wants (a uuid, digits, a number), so that the target
// record that refers to it still validates and reads the same every run.
func (r *relatedPlan) withFakeID(payload []byte, n int) (string, []byte) {
	id := strconv.Itoa(900000 + n)
	if r.idField == "" {
		return id, payload
	}
	path := gjsonPath([]string{r.idField})
	f, _ := r.schema.Root().Child(r.idField)
	var out []byte
	switch {
	case f != nil && f.Format == "uuid":
		id = fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		out, _ = sjson.SetBytes(append([]byte(nil), payload...), path, id)
	case f != nil && !contains(f.Types, "string") && (contains(f.Types, "integer") || contains(f.Types, "number")):
		out, _ = sjson.SetRawBytes(append([]byte(nil), payload...), path, []byte(id))
	default:
		out, _ = sjson.SetBytes(append([]byte(nil), payload...), path, id)
	}
	return id, out
}
