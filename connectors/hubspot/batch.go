package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// assocInput is an association in a create body.
type assocInput struct {
	To struct {
		ID string `json:"id"`
	} `json:"to"`
	Types []assocSpec `json:"types"`
}

type assocSpec struct {
	Category string `json:"associationCategory"`
	TypeID   int    `json:"associationTypeId"`
}

// objectInput is one create or update input.
type objectInput struct {
	ID           string            `json:"id,omitempty"`
	Properties   map[string]string `json:"properties"`
	Associations []assocInput      `json:"associations,omitempty"`
	TraceID      string            `json:"objectWriteTraceId,omitempty"`
}

// createBody is the body of a create: the properties and, inline, the
// associations with HubSpot's default type for each pair.
func createBody(e *entity, in input) objectInput {
	out := objectInput{Properties: in.Props}
	for _, typ := range sortedKeys(in.Assoc) {
		for _, id := range in.Assoc[typ] {
			a := assocInput{Types: []assocSpec{{Category: "HUBSPOT_DEFINED", TypeID: e.Assoc[typ]}}}
			a.To.ID = id
			out.Associations = append(out.Associations, a)
		}
	}
	return out
}

// batchAnswer is a batch create or update answer (201/200, or 207 with
// errors naming the failed inputs).
type batchAnswer struct {
	Results []*wireObject `json:"results"`
	Errors  []struct {
		Category string              `json:"category"`
		Message  string              `json:"message"`
		Context  map[string][]string `json:"context"`
		Errors   []struct {
			Message string              `json:"message"`
			Context map[string][]string `json:"context"`
		} `json:"errors"`
	} `json:"errors"`
}

// CreateBatch implements connectors.BatchWriter with one batch/create
// call per 100 records. Each input carries its index as
// objectWriteTraceId, so results and failures map back to exactly their
// records. A call whose outcome is unknown is checked by natural key:
// found records count as created, the rest are sent again.
func (w *writer) CreateBatch(ctx context.Context, recs []connectors.Record) ([]connectors.BatchResult, error) {
	e := w.c.ent
	defs, err := w.c.props.of(ctx, e)
	if err != nil {
		return nil, err
	}
	out := make([]connectors.BatchResult, len(recs))
	ins := make([]input, len(recs))
	var todo []int
	for i, r := range recs {
		in, err := parseInput(e, defs, r.Raw)
		if err != nil {
			out[i].Err = err
			continue
		}
		ins[i] = in
		todo = append(todo, i)
	}
	for start := 0; start < len(todo); start += w.MaxBatch() {
		if err := w.createChunk(ctx, defs, ins, todo[start:min(start+w.MaxBatch(), len(todo))], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *writer) createChunk(ctx context.Context, defs propDefs, ins []input, idx []int, out []connectors.BatchResult) error {
	e := w.c.ent
	req := struct {
		Inputs []objectInput `json:"inputs"`
	}{}
	chunk := make([]input, len(idx))
	for j, i := range idx {
		oi := createBody(e, ins[i])
		oi.TraceID = strconv.Itoa(i)
		req.Inputs = append(req.Inputs, oi)
		chunk[j] = ins[i]
	}
	body, _ := json.Marshal(req)
	var found [][]connectors.Record
	verify := w.verifier(ctx, chunk, func(per [][]connectors.Record) bool {
		found = per
		for _, f := range per {
			if len(f) > 0 {
				return true
			}
		}
		return false
	})
	resp, err := w.c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path("batch/create"), Body: body, Verify: verify})
	if err != nil {
		return w.failed(err, "creating a batch of")
	}
	if resp.ConfirmedByLookup {
		var again []int
		for j, i := range idx {
			if len(found[j]) > 0 {
				w.c.looks.remember(e, found[j][0], ins[i].Props)
				out[i].WriteResult = connectors.WriteResult{ID: found[j][0].Key, Raw: found[j][0].Raw, Confirmed: true}
			} else {
				again = append(again, i)
			}
		}
		if len(again) > 0 {
			return w.createChunk(ctx, defs, ins, again, out)
		}
		return nil
	}
	return w.settle(defs, resp.Body, idx, out, byTraceID, traceName, ins, nil)
}

// settle maps a batch answer onto out: results by index (nil when a
// result names no input), failures by the context naming their inputs
// (names(i) is how input i can be named: by "ids", by
// "objectWriteTraceId"); an input with neither is an error too. got, when
// set, sees each result with its input.
func (w *writer) settle(defs propDefs, body []byte, idx []int, out []connectors.BatchResult, index func(*wireObject) (int, bool), names func(i int) map[string]string, ins []input, got func(i int, o *wireObject)) error {
	e := w.c.ent
	var ans batchAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return fmt.Errorf("decoding a batch answer of %s: %w", e.Type, err)
	}
	settled := map[int]bool{}
	for _, o := range ans.Results {
		i, ok := index(o)
		if !ok || settled[i] {
			continue
		}
		rec, err := w.c.record(e, defs, o)
		if err != nil {
			return err
		}
		w.c.looks.remember(e, rec, ins[i].Props)
		out[i].WriteResult = connectors.WriteResult{ID: rec.Key, Raw: rec.Raw}
		settled[i] = true
		if got != nil {
			got(i, o)
		}
	}
	for _, be := range ans.Errors {
		prop := ""
		for _, d := range be.Errors {
			if p := d.Context["propertyName"]; len(p) > 0 {
				prop = p[0]
			}
		}
		if prop == "" {
			if p := be.Context["propertyName"]; len(p) > 0 {
				prop = p[0]
			}
		}
		for _, i := range idx {
			if settled[i] {
				continue
			}
			for key, name := range names(i) {
				if contains(be.Context[key], name) {
					out[i].Err = recordError(e, http.StatusBadRequest, be.Message, prop)
					settled[i] = true
					break
				}
			}
		}
	}
	for _, i := range idx {
		if !settled[i] {
			out[i].Err = &connectors.RecordError{Err: fmt.Errorf("HubSpot's batch answer says nothing of this %s", e.Name)}
		}
	}
	return nil
}

// byTraceID names inputs by the objectWriteTraceId they were sent with
// (their index).
func byTraceID(o *wireObject) (int, bool) {
	i, err := strconv.Atoi(o.TraceID)
	return i, err == nil && o.TraceID != ""
}

func traceName(i int) map[string]string {
	return map[string]string{"objectWriteTraceId": strconv.Itoa(i)}
}

// UpdateBatch implements connectors.BatchWriter with one batch/update
// call per 100 records, then one v4 association batch per associated
// type. Updates are idempotent, so an unknown outcome is simply retried.
func (w *writer) UpdateBatch(ctx context.Context, ids []string, recs []connectors.Record) ([]connectors.BatchResult, error) {
	e := w.c.ent
	if len(ids) != len(recs) {
		return nil, fmt.Errorf("UpdateBatch: %d ids for %d records", len(ids), len(recs))
	}
	defs, err := w.c.props.of(ctx, e)
	if err != nil {
		return nil, err
	}
	out := make([]connectors.BatchResult, len(recs))
	ins := make([]input, len(recs))
	seen := map[string]bool{}
	var todo []int
	for i, r := range recs {
		in, err := parseInput(e, defs, r.Raw)
		switch {
		case err != nil:
			out[i].Err = err
		case seen[ids[i]]:
			out[i].Err = &connectors.RecordError{Field: "id", Err: fmt.Errorf("%s %s is updated twice in one batch", e.Name, ids[i])}
		default:
			seen[ids[i]] = true
			ins[i] = in
			out[i].ID = ids[i]
			todo = append(todo, i)
		}
	}
	for start := 0; start < len(todo); start += w.MaxBatch() {
		idx := todo[start:min(start+w.MaxBatch(), len(todo))]
		if err := w.updateChunk(ctx, defs, ids, ins, idx, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *writer) updateChunk(ctx context.Context, defs propDefs, ids []string, ins []input, idx []int, out []connectors.BatchResult) error {
	e := w.c.ent
	req := struct {
		Inputs []objectInput `json:"inputs"`
	}{}
	byID := map[string]int{}
	for _, i := range idx {
		req.Inputs = append(req.Inputs, objectInput{ID: ids[i], Properties: ins[i].Props})
		byID[ids[i]] = i
	}
	body, _ := json.Marshal(req)
	resp, err := w.c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path("batch/update"), Body: body, Idempotent: true})
	if err != nil {
		return w.failed(err, "updating a batch of")
	}
	if err := w.settle(defs, resp.Body, idx, out, func(o *wireObject) (int, bool) {
		i, ok := byID[o.ID]
		return i, ok
	}, func(i int) map[string]string { return map[string]string{"ids": ids[i]} }, ins, nil); err != nil {
		return err
	}
	return w.associate(ctx, ids, ins, idx, out)
}

func sortStrings(s []string) { sort.Strings(s) }

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
