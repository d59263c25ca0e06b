package emulator

import (
	"net/http"
)

// assocBatchInput is one input of the v4 association batch calls; which
// members count depends on the operation.
type assocBatchInput struct {
	From struct {
		ID string `json:"id"`
	} `json:"from"`
	To    any         `json:"to"` // {"id"} for create, [{"id"}] for archive
	Types []assocSpec `json:"types"`
	ID    string      `json:"id"` // read
}

// toIDs reads the to member: one {"id"} or a list of them.
func (in assocBatchInput) toIDs() []string {
	switch v := in.To.(type) {
	case map[string]any:
		s, _ := rawText(v["id"])
		return []string{s}
	case []any:
		var out []string
		for _, x := range v {
			if m, ok := x.(map[string]any); ok {
				s, _ := rawText(m["id"])
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// serveAssocBatch answers POST /crm/v4/associations/{from}/{to}/batch/
// {create, associate/default, read, archive}. Inputs that fail are
// reported in a 207's errors and do not stop the others.
func (tx *txn) serveAssocBatch(from, to *objectType, op string, body []byte) (*response, error) {
	var req struct {
		Inputs []assocBatchInput `json:"inputs"`
	}
	if err := decodeBody(body, &req); err != nil {
		return nil, err
	}
	if len(req.Inputs) > maxBatchInputs {
		return nil, badRequest("Batch input of %d items exceeds the limit of %d", len(req.Inputs), maxBatchInputs)
	}
	var results []any
	var errs []batchError
	fail := func(err error, ids ...string) {
		be := batchError{Status: "error", Category: catValidation, Message: err.Error(), Context: map[string][]string{"ids": ids}}
		if ae, ok := err.(*apiError); ok {
			be.Category, be.Message = ae.Category, ae.Message
		}
		errs = append(errs, be)
	}
	okStatus := http.StatusOK
	switch op {
	case "create", "associate/default":
		if op == "create" {
			okStatus = http.StatusCreated
		}
		for _, in := range req.Inputs {
			toID := ""
			if ids := in.toIDs(); len(ids) == 1 {
				toID = ids[0]
			}
			res, err := tx.assocBatchCreate(from, to, in.From.ID, toID, in.Types, op == "create")
			if err != nil {
				fail(err, in.From.ID, toID)
				continue
			}
			results = append(results, res)
		}
	case "read":
		for _, in := range req.Inputs {
			src, err := tx.liveObject(from, in.ID)
			if err != nil {
				fail(err, in.ID)
				continue
			}
			results = append(results, map[string]any{"from": map[string]string{"id": in.ID},
				"to": tx.assocTargets(from, src, to)})
		}
	case "archive":
		for _, in := range req.Inputs {
			fromID, err := parseID(in.From.ID)
			if err != nil {
				continue
			}
			for _, t := range in.toIDs() {
				if toID, err := parseID(t); err == nil {
					tx.dissociate(from, fromID, to, toID)
				}
			}
		}
		return noContent(), nil
	default:
		return nil, notFound("Unknown association batch operation %q", op)
	}
	if results == nil {
		results = []any{}
	}
	out := map[string]any{"status": "COMPLETE", "results": results, "startedAt": formatTime(tx.now), "completedAt": formatTime(tx.now)}
	if len(errs) > 0 {
		out["errors"], out["numErrors"] = errs, len(errs)
		return &response{status: http.StatusMultiStatus, body: out}, nil
	}
	return &response{status: okStatus, body: out}, nil
}

// assocBatchCreate makes one association of a batch: labelled types for
// create, the default type for associate/default.
func (tx *txn) assocBatchCreate(from, to *objectType, fromID, toID string, specs []assocSpec, labelled bool) (any, error) {
	src, err := tx.liveObject(from, fromID)
	if err != nil {
		return nil, err
	}
	dst, err := tx.liveObject(to, toID)
	if err != nil {
		return nil, err
	}
	var ids []int
	if labelled {
		if ids, err = checkSpecs(from, to, specs); err != nil {
			return nil, err
		}
	} else {
		at := defaultAssocType(from.Name, to.Name)
		if at == nil {
			return nil, badRequest("No default association type exists from %s to %s", from.Name, to.Name)
		}
		ids = []int{at.ID}
	}
	if err := tx.associate(from, src.ID, to, dst.ID, ids); err != nil {
		return nil, err
	}
	if labelled {
		return labelledResult(tx, from, src.ID, to, dst.ID), nil
	}
	return defaultResult(from, src.ID, to, dst.ID, assocTypes[ids[0]]), nil
}
