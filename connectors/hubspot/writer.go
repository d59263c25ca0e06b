package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// writer creates and updates objects of one type: one at a time through
// Write and Update, or 100 a call through CreateBatch and UpdateBatch.
type writer struct {
	c      *conn
	last   connectors.WriteResult
	closed bool
}

var (
	_ connectors.Creator       = (*writer)(nil)
	_ connectors.Updater       = (*writer)(nil)
	_ connectors.BatchWriter   = (*writer)(nil)
	_ connectors.BatchLookuper = (*writer)(nil)
)

// Write creates rec, or with match_by updates (or leaves alone) the object
// that has its key. Data errors HubSpot reports reject the record only.
func (w *writer) Write(ctx context.Context, rec connectors.Record) error {
	if w.closed {
		return errors.New("hubspot: Write after Close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e := w.c.ent
	defs, err := w.c.props.of(ctx, e)
	if err != nil {
		return err
	}
	in, err := parseInput(e, defs, rec.Raw)
	if err != nil {
		return err
	}
	if key := w.c.cfg.MatchBy; key != "" && in.Props[key] != "" {
		found, err := w.c.LookupMany(ctx, e.ref(), key, []string{in.Props[key]})
		if err != nil {
			return err
		}
		if recs := found[in.Props[key]]; len(recs) > 0 {
			return w.updateMatched(ctx, defs, recs[0], in)
		}
	}
	res, err := w.create(ctx, defs, in)
	if err != nil {
		return err
	}
	w.last = res
	return nil
}

// updateMatched updates the object match_by found, unless it already has
// every value and association the record asks for.
func (w *writer) updateMatched(ctx context.Context, defs propDefs, found connectors.Record, in input) error {
	var have struct {
		Properties   map[string]json.RawMessage `json:"properties"`
		Associations map[string][]string        `json:"associations"`
	}
	if err := json.Unmarshal(found.Raw, &have); err != nil {
		return err
	}
	current, _ := wireProps(nil, have.Properties)
	changed := map[string]string{}
	for k, v := range in.Props {
		if !sameValue(defs[k], current[k], v) {
			changed[k] = v
		}
	}
	if len(changed) == 0 && len(in.Assoc) == 0 {
		w.last = connectors.WriteResult{ID: found.Key, Raw: found.Raw}
		return nil
	}
	res, err := w.UpdateBatch(ctx, []string{found.Key}, []connectors.Record{{Raw: mustRecord(changed, in.Assoc)}})
	if err != nil {
		return err
	}
	if res[0].Err != nil {
		return res[0].Err
	}
	w.last = res[0].WriteResult
	return nil
}

// mustRecord builds a record from wire properties (already valid).
func mustRecord(props map[string]string, assoc map[string][]string) []byte {
	b, _ := json.Marshal(map[string]any{"properties": props, "associations": assoc})
	return b
}

// create sends one POST. A create whose outcome is unknown is checked by
// the entity's natural key and only sent again when HubSpot has no object
// with it; without a key value the run stops rather than risk a duplicate.
func (w *writer) create(ctx context.Context, defs propDefs, in input) (connectors.WriteResult, error) {
	e := w.c.ent
	body, err := json.Marshal(createBody(e, in))
	if err != nil {
		return connectors.WriteResult{}, err
	}
	var found []connectors.Record
	verify := w.verifier(ctx, []input{in}, func(recs [][]connectors.Record) bool {
		found = recs[0]
		return len(found) > 0
	})
	resp, err := w.c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path(""), Body: body, Verify: verify})
	if err != nil {
		return connectors.WriteResult{}, w.failed(err, "creating")
	}
	if resp.ConfirmedByLookup {
		w.c.looks.remember(e, found[0], in.Props)
		return connectors.WriteResult{ID: found[0].Key, Raw: found[0].Raw, Confirmed: true}, nil
	}
	var o wireObject
	if err := json.Unmarshal(resp.Body, &o); err != nil || o.ID == "" {
		return connectors.WriteResult{}, fmt.Errorf("creating %s: the answer is not an object", e.ref())
	}
	rec, err := w.c.record(e, defs, &o)
	if err != nil {
		return connectors.WriteResult{}, err
	}
	w.c.looks.remember(e, rec, in.Props)
	return connectors.WriteResult{ID: rec.Key, Raw: rec.Raw}, nil
}

// Update implements connectors.Updater: PATCH the properties, then make
// the associations the record lists.
func (w *writer) Update(ctx context.Context, id string, rec connectors.Record) error {
	res, err := w.UpdateBatch(ctx, []string{id}, []connectors.Record{rec})
	if err != nil {
		return err
	}
	if res[0].Err != nil {
		return res[0].Err
	}
	w.last = res[0].WriteResult
	return nil
}

// verifier returns the check of a create (or batch create) whose outcome
// is unknown: every input is looked up by its natural key, bypassing the
// cache. done receives, per input, what was found and says whether the
// create counts as done. nil when some input has no key value.
func (w *writer) verifier(ctx context.Context, ins []input, done func([][]connectors.Record) bool) httpx.VerifyFunc {
	e := w.c.ent
	key := ""
	for _, k := range append([]string{w.c.cfg.MatchBy}, e.NaturalKeys...) {
		if k != "" {
			key = k
			break
		}
	}
	if key == "" {
		return nil
	}
	values := make([]string, len(ins))
	for i, in := range ins {
		if values[i] = in.Props[key]; values[i] == "" {
			return nil
		}
	}
	return func(ctx context.Context) (bool, error) {
		for _, v := range values {
			w.c.looks.forget(e, key, v)
		}
		got, err := w.c.LookupMany(ctx, e.ref(), key, values)
		if err != nil {
			return false, err
		}
		per := make([][]connectors.Record, len(values))
		for i, v := range values {
			per[i] = got[v]
		}
		return done(per), nil
	}
}

// failed turns HubSpot's answer to a write into the error the engine
// needs: a data problem rejects the record, naming the property.
func (w *writer) failed(err error, doing string) error {
	e := w.c.ent
	if ae, ok := isRecordProblem(err); ok {
		return recordError(e, ae.Status, ae.Message, ae.Field)
	}
	var uo *httpx.UnknownOutcomeError
	if errors.As(err, &uo) {
		return fmt.Errorf("%s %s: %w; the record has no natural key to look it up by, so the run stops rather than risk creating it twice", doing, e.ref(), err)
	}
	return fmt.Errorf("%s %s: %w", doing, e.ref(), err)
}

// recordError is HubSpot's refusal of one record.
func recordError(e *entity, status int, msg, prop string) *connectors.RecordError {
	if msg == "" {
		msg = http.StatusText(status)
	}
	field := ""
	if prop != "" {
		field = "properties." + prop
	}
	return &connectors.RecordError{Field: field, Err: fmt.Errorf("HubSpot refused the %s (HTTP %d): %s", e.Name, status, msg)}
}

// Last implements connectors.Creator.
func (w *writer) Last() connectors.WriteResult { return w.last }

// MaxBatch implements connectors.BatchWriter: HubSpot's batch endpoints
// take 100 inputs.
func (w *writer) MaxBatch() int { return 100 }

func (w *writer) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return w.c.Lookup(ctx, q)
}

func (w *writer) LookupMany(ctx context.Context, entity, field string, values []string) (map[string][]connectors.Record, error) {
	return w.c.LookupMany(ctx, entity, field, values)
}

// Close ends the writer; nothing is buffered.
func (w *writer) Close() error {
	w.closed = true
	return nil
}
