package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// associate makes the associations updated records list (creates carry
// theirs inline): one v4 batch/associate/default call per associated
// type and 100 pairs, with HubSpot's default type. Associating is
// idempotent, so a pair that exists already is no change. A pair HubSpot
// refuses (an unknown id) rejects its record.
func (w *writer) associate(ctx context.Context, ids []string, ins []input, idx []int, out []connectors.BatchResult) error {
	e := w.c.ent
	type pair struct {
		rec    int
		from   string
		target string
	}
	byType := map[string][]pair{}
	for _, i := range idx {
		if out[i].Err != nil {
			continue
		}
		for typ, targets := range ins[i].Assoc {
			for _, t := range targets {
				byType[typ] = append(byType[typ], pair{i, ids[i], t})
			}
		}
	}
	for _, typ := range sortedPairKeys(byType) {
		pairs := byType[typ]
		for start := 0; start < len(pairs); start += 100 {
			chunk := pairs[start:min(start+100, len(pairs))]
			type ref struct {
				ID string `json:"id"`
			}
			var req struct {
				Inputs []struct {
					From ref `json:"from"`
					To   ref `json:"to"`
				} `json:"inputs"`
			}
			for _, p := range chunk {
				req.Inputs = append(req.Inputs, struct {
					From ref `json:"from"`
					To   ref `json:"to"`
				}{ref{p.from}, ref{p.target}})
			}
			body, _ := json.Marshal(req)
			resp, err := w.c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Idempotent: true,
				Path: "crm/v4/associations/" + e.Type + "/" + typ + "/batch/associate/default", Body: body})
			if err != nil {
				if ae, ok := isRecordProblem(err); ok {
					for _, p := range chunk {
						out[p.rec].Err = &connectors.RecordError{Field: "associations." + typ, Err: fmt.Errorf("HubSpot refused the associations (HTTP %d): %s", ae.Status, ae.Message)}
					}
					continue
				}
				return fmt.Errorf("associating %s with %s: %w", e.ref(), typ, err)
			}
			var ans batchAnswer
			if err := json.Unmarshal(resp.Body, &ans); err != nil {
				return fmt.Errorf("decoding an association answer: %w", err)
			}
			for _, be := range ans.Errors {
				named := be.Context["ids"]
				for _, p := range chunk {
					if contains(named, p.from) && contains(named, p.target) {
						out[p.rec].Err = &connectors.RecordError{Field: "associations." + typ, Err: fmt.Errorf("HubSpot refused associating %s %s with %s %s: %s", e.Name, p.from, typ, p.target, be.Message)}
					}
				}
			}
		}
	}
	return nil
}

func sortedPairKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

// readAssociations fills in the associations of objs with each of types,
// which search answers leave out: one v4 batch read per type and 100
// objects. An object without associations of a type gets an empty list.
func (c *conn) readAssociations(ctx context.Context, e *entity, objs []*wireObject, types []string) error {
	type ref struct {
		ID string `json:"id"`
	}
	for _, typ := range types {
		for start := 0; start < len(objs); start += 100 {
			chunk := objs[start:min(start+100, len(objs))]
			var req struct {
				Inputs []ref `json:"inputs"`
			}
			byID := map[string]*wireObject{}
			for _, o := range chunk {
				req.Inputs = append(req.Inputs, ref{o.ID})
				byID[o.ID] = o
				if o.Associations == nil {
					o.Associations = map[string]assocPage{}
				}
				o.Associations[typ] = assocPage{}
			}
			body, _ := json.Marshal(req)
			resp, err := c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Idempotent: true,
				Path: "crm/v4/associations/" + e.Type + "/" + typ + "/batch/read", Body: body})
			if err != nil {
				return fmt.Errorf("reading the %s associations of %s: %w", typ, e.ref(), err)
			}
			var ans struct {
				Results []struct {
					From ref `json:"from"`
					To   []struct {
						ToObjectID json.Number `json:"toObjectId"`
					} `json:"to"`
				} `json:"results"`
			}
			if err := json.Unmarshal(resp.Body, &ans); err != nil {
				return fmt.Errorf("decoding the %s associations of %s: %w", typ, e.ref(), err)
			}
			for _, r := range ans.Results {
				o := byID[r.From.ID]
				if o == nil {
					continue
				}
				page := o.Associations[typ]
				for _, t := range r.To {
					page.Results = append(page.Results, assocRef{ID: t.ToObjectID.String()})
				}
				o.Associations[typ] = page
			}
		}
	}
	return nil
}
