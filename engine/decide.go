package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// Decision is what a run does, or a plan would do, with one record.
type Decision struct {
	Origin     string   `json:"origin"`
	Decision   string   `json:"decision"` // create, update, skip, unchanged, reject
	SourceKey  string   `json:"source_key,omitempty"`
	NaturalKey string   `json:"natural_key,omitempty"`
	TargetID   string   `json:"target_id,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	Changes    []Change `json:"changes,omitempty"`
	// Calls is the number of calls to the target system the decision made
	// (lookups) plus the write it makes or would make.
	Calls int `json:"calls"`

	// Related are the related records a plan would create or update
	// while mapping this record (dry runs only).
	Related []RelatedChange `json:"related,omitempty"`

	// Payload is what is (or would be) sent. BeforeHash fingerprints the
	// target's record when the decision was taken, XRefHash the cross-
	// reference's payload hash, so that applying a saved plan can refuse
	// records that changed in between.
	Payload    json.RawMessage `json:"payload,omitempty"`
	BeforeHash string          `json:"before_hash,omitempty"`
	XRefHash   string          `json:"xref_hash,omitempty"`

	payload []byte
	before  []byte
	hash    string
	intent  *state.Intent // an unfinished create this decision settles
	// sourceHash fingerprints the source record and the plan, kept with
	// the cross-reference ("" when the short cut is off, unchanged.go).
	sourceHash string

	// confirm: the cross-reference knows the record but another payload,
	// so the target is asked whether it holds this one already (settle).
	confirm bool
}

// fingerprint hashes a JSON document.
func fingerprint(doc []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, doc) == nil {
		doc = b.Bytes()
	}
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:16])
}

// Change is one field an update changes.
type Change struct {
	Field  string          `json:"field"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// syncer applies a target's write semantics during one run.
type syncer struct {
	plan    *Plan
	wp      *writePlan
	store   state.Store // nil: no cross-references, decisions from lookups only
	runID   int64
	lookup  connectors.Lookuper
	writer  connectors.Writer
	updater connectors.Updater

	// inFlight are the creates a crashed run announced and never recorded,
	// by source key; only kept for targets without natural-key lookups.
	inFlight map[string]state.Intent

	// asideAt and retryStart are set by a retry: when the record it
	// retries was set aside, and when the retry began. A cross-reference
	// written in between means a newer version of the record got through
	// since: the one waiting is stale and must not overwrite it.
	asideAt, retryStart time.Time

	// shortcut: records are decided unchanged before mapping when their
	// source fingerprint matches (unchanged.go); keyProg finds their
	// source key then, keyOK says whether it can without the mapping.
	shortcut bool
	keyProg  *program
	keyOK    bool
}

func newSyncer(p *Plan, store state.Store, runID int64, w connectors.Writer, override connectors.Lookuper) (*syncer, error) {
	s := &syncer{plan: p, wp: p.write, store: store, runID: runID, writer: w}
	s.lookup, _ = w.(connectors.Lookuper)
	if override != nil {
		s.lookup = override
	}
	s.updater, _ = w.(connectors.Updater)
	s.shortcut = store != nil && p.fingerprint != "" && !s.wp.compare && p.forEach == nil
	s.keyProg, s.keyOK = s.wp.keyBeforeMapping(p.out)
	if store != nil && s.lookup == nil {
		intents, err := store.Intents(context.Background(), p.Name)
		if err != nil {
			return nil, fmt.Errorf("reading unfinished creates: %w", err)
		}
		s.inFlight = map[string]state.Intent{}
		for _, in := range intents {
			if in.Entity != s.wp.xrefEntity {
				continue // another target entity or scope: not this run's to finish
			}
			s.inFlight[in.SourceKey] = in
		}
	}
	_, batches := w.(connectors.BatchWriter)
	if s.wp.onExists == "update" && s.updater == nil && !batches {
		return nil, fmt.Errorf("the target connector %q cannot update records, so on_exists = \"update\" cannot be honoured", p.target.spec.Name)
	}
	return s, nil
}

// decide finds out whether the target has the record already and what to
// do about it. It sends nothing but lookups.
func (s *syncer) decide(ctx context.Context, r *runner, rec connectors.Record, out []byte) (Decision, error) {
	d, err := s.identify(r, rec, out)
	if err != nil {
		return d, err
	}
	if done, err := s.known(ctx, &d); done || err != nil {
		return d, err
	}
	if s.lookup != nil && d.NaturalKey != "" {
		d.Calls++
		recs, err := s.lookup.Lookup(ctx, connectors.LookupQuery{Entity: s.wp.entity, Field: s.wp.keyField, Value: d.NaturalKey})
		if err != nil {
			return d, err
		}
		return s.settle(ctx, d, recs)
	}
	return s.settle(ctx, d, nil)
}

// identify computes a record's keys and payload hash while its values are
// loaded in the runner.
func (s *syncer) identify(r *runner, rec connectors.Record, out []byte) (Decision, error) {
	d := Decision{Origin: rec.Origin, payload: out}
	d.NaturalKey = gjson.GetBytes(out, s.wp.keyPath).String()
	d.SourceKey = rec.Key
	if s.wp.sourceKey != nil {
		v, err := r.eval(s.wp.sourceKey)
		if err != nil {
			return d, &fieldError{stage: StageMap, field: "source_key", prog: s.wp.sourceKey, err: err}
		}
		d.SourceKey = lookupKey(v)
	}
	if d.SourceKey == "" {
		d.SourceKey = d.NaturalKey
	}
	if s.store != nil {
		// The engine writes compact JSON: hash the bytes as they are, less
		// the create_only fields when records are updated: an update never
		// sends them, so a change in them alone changes nothing to send.
		hashed := out
		if s.wp.onExists == "update" {
			hashed = s.stripCreateOnly(out)
		}
		sum := sha256.Sum256(hashed)
		d.hash = hex.EncodeToString(sum[:16])
		d.sourceHash = s.sourceHash(rec.Raw)
	}
	return d, nil
}

// known decides from the state alone, without asking the target: a
// cross-reference, or an unfinished create. done reports a decision.
func (s *syncer) known(ctx context.Context, d *Decision) (bool, error) {
	if s.store != nil {
		x, err := s.store.XRef(ctx, s.plan.Name, s.wp.xrefEntity, d.SourceKey)
		switch {
		case err == nil:
			d.TargetID, d.XRefHash = x.TargetID, x.PayloadHash
			if x.UpdatedAt.After(s.asideAt) && x.UpdatedAt.Before(s.retryStart) {
				// The cross-reference is kept as it is.
				d.hash, d.sourceHash = x.PayloadHash, x.SourceHash
				d.Decision, d.Reason = state.DecisionSkip, "a newer version of the record was written after this one was set aside"
				return true, nil
			}
			if x.PayloadHash == d.hash {
				d.Decision, d.Reason = state.DecisionUnchanged, "the same payload was written before"
				return true, nil
			}
			if s.wp.compare && s.wp.onExists == "update" && s.lookup != nil && d.NaturalKey != "" {
				// Another payload was written, but the target may hold this
				// one already: in a two-way flow the other direction just
				// wrote these values. One lookup (a group's, for batch
				// targets) saves writing them back. One-way flows skip the
				// lookup: their target changes only by their own writes.
				d.confirm = true
				return false, nil
			}
			*d, err = s.exists(ctx, *d, nil)
			return true, err
		case !errors.Is(err, state.ErrNotFound):
			return true, err
		}
	}
	if in, ok := s.inFlight[d.SourceKey]; ok {
		d.Decision = state.DecisionReject
		d.Reason = fmt.Sprintf("a create of this record was sent at %s by a run that stopped before recording the answer, and the target cannot be searched to see whether it arrived; check the target, then `pipeline retry`", in.CreatedAt.Format(time.RFC3339))
		d.intent = &in
		return true, nil
	}
	return false, nil
}

// settle decides from what a natural-key lookup found (nil: nothing, or
// no lookup possible).
func (s *syncer) settle(ctx context.Context, d Decision, found []connectors.Record) (Decision, error) {
	if d.confirm {
		// Known by its cross-reference: compare with the record it names;
		// none found (its natural key changed) sends the update blind.
		return s.exists(ctx, d, s.xrefRecord(d, found))
	}
	if len(found) > 0 {
		if s.wp.idField != "" {
			d.TargetID = gjson.GetBytes(found[0].Raw, gjsonPath([]string{s.wp.idField})).String()
		}
		return s.exists(ctx, d, found[0].Raw)
	}
	d.Decision = state.DecisionCreate
	d.Calls++
	return d, nil
}

// xrefRecord is the record among found that the cross-reference's target
// id names, or nil.
func (s *syncer) xrefRecord(d Decision, found []connectors.Record) []byte {
	for _, f := range found {
		if s.wp.idField == "" || gjson.GetBytes(f.Raw, gjsonPath([]string{s.wp.idField})).String() == d.TargetID {
			return f.Raw
		}
	}
	return nil
}

// exists applies on_exists to a record the target has.
func (s *syncer) exists(_ context.Context, d Decision, before []byte) (Decision, error) {
	d.before = before
	if before != nil {
		d.BeforeHash = fingerprint(before)
	}
	switch s.wp.onExists {
	case "error":
		d.Decision, d.Reason = state.DecisionReject, fmt.Sprintf("the target already has a record with %s = %q", s.wp.keyField, d.NaturalKey)
	case "update":
		d.payload = s.stripCreateOnly(d.payload)
		if before != nil {
			d.Changes = diffFields(before, d.payload)
			if len(d.Changes) == 0 {
				d.Decision, d.Reason = state.DecisionUnchanged, "the target's record already has these values"
				return d, nil
			}
		}
		d.Decision = state.DecisionUpdate
		d.Calls++
	default:
		d.Decision, d.Reason = state.DecisionSkip, fmt.Sprintf("the target already has a record with %s = %q", s.wp.keyField, d.NaturalKey)
	}
	return d, nil
}

func (s *syncer) stripCreateOnly(payload []byte) []byte {
	if len(s.wp.createOnly) == 0 {
		return payload
	}
	out := append([]byte(nil), payload...)
	for _, path := range s.wp.createOnly {
		out, _ = sjson.DeleteBytes(out, path)
	}
	return out
}

// diffFields lists the fields of after whose value differs in before,
// descending into objects: only the fields the pipeline sends count, so a
// target that returns more (ids, timestamps, properties nobody maps) is not
// "changed" by them. Values are compared as normalised JSON, numbers by
// value.
func diffFields(before, after []byte) []Change {
	var changes []Change
	diffObject(gjson.ParseBytes(before), gjson.ParseBytes(after), "", &changes)
	sort.Slice(changes, func(i, j int) bool { return changes[i].Field < changes[j].Field })
	return changes
}

func diffObject(before, after gjson.Result, prefix string, changes *[]Change) {
	after.ForEach(func(k, v gjson.Result) bool {
		name := k.Str
		if prefix != "" {
			name = prefix + "." + k.Str
		}
		old := before.Get(gjsonPath([]string{k.Str}))
		if v.IsObject() && old.IsObject() {
			diffObject(old, v, name, changes)
			return true
		}
		if !sameJSON(old, v) {
			b := json.RawMessage("null")
			if old.Exists() {
				b = json.RawMessage(old.Raw)
			}
			*changes = append(*changes, Change{Field: name, Before: b, After: json.RawMessage(v.Raw)})
		}
		return true
	})
}

func sameJSON(a, b gjson.Result) bool {
	if a.Type == gjson.Number && b.Type == gjson.Number {
		x, errX := exprNumber(a.Raw)
		y, errY := exprNumber(b.Raw)
		if errX == nil && errY == nil {
			return x.Cmp(y) == 0
		}
	}
	var ab, bb bytes.Buffer
	if json.Compact(&ab, []byte(a.Raw)) != nil || json.Compact(&bb, []byte(b.Raw)) != nil {
		return a.Raw == b.Raw
	}
	return bytes.Equal(ab.Bytes(), bb.Bytes())
}
