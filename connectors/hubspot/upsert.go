package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

var _ connectors.BatchUpserter = (*writer)(nil)

// UpsertKey implements connectors.BatchUpserter: HubSpot upserts by a
// property it keeps unique (contact email, a custom property defined with
// hasUniqueValue), never by hs_sku or another plain property, and not by
// the object id, which cannot create.
func (w *writer) UpsertKey(ctx context.Context, field string) (bool, error) {
	prop := propertyOf(field)
	if prop == "hs_object_id" || strings.Contains(prop, ".") {
		return false, nil
	}
	defs, err := w.c.props.of(ctx, w.c.ent)
	if err != nil {
		return false, err
	}
	return defs[prop] != nil && defs.unique(w.c.ent, prop), nil
}

// UpsertBatch implements connectors.BatchUpserter with one batch/upsert
// call per 100 records, matched on the unique property field names;
// records HubSpot refuses get their error (207), the others their id and
// whether they were new. HubSpot compares unique values without regard to
// case, so two records whose keys differ only in case go in separate calls
// rather than make HubSpot refuse the whole batch. An upsert sent twice
// changes nothing the first did not, so a call whose outcome is unknown is
// simply sent again. Associations the records list are made afterwards,
// as for updates.
func (w *writer) UpsertBatch(ctx context.Context, field string, recs []connectors.Record) ([]connectors.UpsertResult, error) {
	e := w.c.ent
	prop := propertyOf(field)
	defs, err := w.c.props.of(ctx, e)
	if err != nil {
		return nil, err
	}
	if defs[prop] == nil || !defs.unique(e, prop) {
		return nil, fmt.Errorf("%s: HubSpot can only upsert by a unique property, and %q is not one in this portal", e.ref(), prop)
	}
	out := make([]connectors.BatchResult, len(recs))
	created := make([]bool, len(recs))
	ins := make([]input, len(recs))
	var rounds [][]int // rounds[n]: the records whose key came n times before
	seen := map[string]int{}
	for i, r := range recs {
		in, err := parseInput(e, defs, r.Raw)
		if err != nil {
			out[i].Err = err
			continue
		}
		key := strings.TrimSpace(in.Props[prop])
		if key == "" {
			out[i].Err = &connectors.RecordError{Field: "properties." + prop, Err: fmt.Errorf("the record has no %s to match it on", prop)}
			continue
		}
		ins[i] = in
		fold := strings.ToLower(key)
		n := seen[fold]
		seen[fold]++
		if n == len(rounds) {
			rounds = append(rounds, nil)
		}
		rounds[n] = append(rounds[n], i)
	}
	for _, round := range rounds {
		for start := 0; start < len(round); start += w.MaxBatch() {
			idx := round[start:min(start+w.MaxBatch(), len(round))]
			if err := w.upsertChunk(ctx, defs, prop, ins, idx, out, created); err != nil {
				return nil, err
			}
		}
	}
	res := make([]connectors.UpsertResult, len(recs))
	for i := range out {
		res[i] = connectors.UpsertResult{BatchResult: out[i], Created: created[i] && out[i].Err == nil}
	}
	return res, nil
}

func (w *writer) upsertChunk(ctx context.Context, defs propDefs, prop string, ins []input, idx []int, out []connectors.BatchResult, created []bool) error {
	e := w.c.ent
	type upsertInput struct {
		IDProperty string            `json:"idProperty"`
		ID         string            `json:"id"`
		Properties map[string]string `json:"properties"`
		TraceID    string            `json:"objectWriteTraceId"`
	}
	req := struct {
		Inputs []upsertInput `json:"inputs"`
	}{}
	byKey := map[string]int{}
	for _, i := range idx {
		key := strings.TrimSpace(ins[i].Props[prop])
		req.Inputs = append(req.Inputs, upsertInput{IDProperty: prop, ID: key, Properties: ins[i].Props, TraceID: strconv.Itoa(i)})
		byKey[strings.ToLower(key)] = i
	}
	body, _ := json.Marshal(req)
	resp, err := w.c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path("batch/upsert"), Body: body, Idempotent: true})
	if err != nil {
		return w.failed(err, "upserting a batch of")
	}
	// A result is known by its trace id, or else by its key: HubSpot's
	// upsert answers are not documented to echo the trace id.
	index := func(o *wireObject) (int, bool) {
		if i, ok := byTraceID(o); ok {
			return i, true
		}
		if v := o.Properties[prop]; v != nil {
			i, ok := byKey[strings.ToLower(strings.TrimSpace(*v))]
			return i, ok
		}
		return 0, false
	}
	names := func(i int) map[string]string {
		return map[string]string{"objectWriteTraceId": strconv.Itoa(i), "ids": strings.TrimSpace(ins[i].Props[prop])}
	}
	err = w.settle(defs, resp.Body, idx, out, index, names, ins, func(i int, o *wireObject) {
		created[i] = o.New != nil && *o.New
		w.c.looks.set(e, prop, ins[i].Props[prop], []connectors.Record{{Raw: out[i].Raw, Origin: e.ref() + "/" + o.ID, Key: o.ID}})
	})
	if err != nil {
		return err
	}
	ids := make([]string, len(out))
	for _, i := range idx {
		ids[i] = out[i].ID
	}
	return w.associate(ctx, ids, ins, idx, out)
}
