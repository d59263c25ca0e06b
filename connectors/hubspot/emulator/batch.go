package emulator

import (
	"net/http"
	"strings"
)

// maxBatchInputs is the most inputs a v3 batch call takes.
const maxBatchInputs = 100

// batchInput is one input of a batch call; which members count depends
// on the operation.
type batchInput struct {
	ID           any            `json:"id"`
	IDProperty   string         `json:"idProperty"`
	Properties   map[string]any `json:"properties"`
	Associations []assocInput   `json:"associations"`
	TraceID      string         `json:"objectWriteTraceId"`
}

type batchRequest struct {
	Inputs     []batchInput `json:"inputs"`
	Properties []string     `json:"properties"`
	IDProperty string       `json:"idProperty"`
}

// batchError is one entry of a 207 answer's errors: HubSpot's
// StandardError, with the failed inputs named in context (ids, or the
// objectWriteTraceId of a create).
type batchError struct {
	Status   string              `json:"status"`
	Category string              `json:"category"`
	Message  string              `json:"message"`
	Context  map[string][]string `json:"context,omitempty"`
	Errors   []errorDetail       `json:"errors,omitempty"`
}

type batchResult struct {
	Status      string       `json:"status"`
	Results     []objectView `json:"results"`
	NumErrors   int          `json:"numErrors,omitempty"`
	Errors      []batchError `json:"errors,omitempty"`
	StartedAt   string       `json:"startedAt"`
	CompletedAt string       `json:"completedAt"`
}

// batch collects the outcome of a batch call.
type batch struct {
	tx  *txn
	out batchResult
}

func (b *batch) fail(err error, context map[string][]string) {
	be := batchError{Status: "error", Category: catValidation, Message: err.Error(), Context: context}
	if ae, ok := err.(*apiError); ok {
		be.Category, be.Message, be.Errors = ae.Category, ae.Message, ae.Errors
	}
	b.out.Errors = append(b.out.Errors, be)
}

// answer is 207 when any input failed, else okStatus.
func (b *batch) answer(okStatus int) *response {
	b.out.Status = "COMPLETE"
	b.out.StartedAt, b.out.CompletedAt = formatTime(b.tx.now), formatTime(b.tx.now)
	b.out.NumErrors = len(b.out.Errors)
	if b.out.Results == nil {
		b.out.Results = []objectView{}
	}
	status := okStatus
	if b.out.NumErrors > 0 {
		status = http.StatusMultiStatus
	}
	return &response{status: status, body: b.out}
}

// serveBatch answers POST /crm/v3/objects/{type}/batch/{op}. Inputs are
// applied one by one; those that fail are reported in errors[] of a 207
// and do not stop the others.
func (tx *txn) serveBatch(t *objectType, op string, body []byte) (*response, error) {
	var req batchRequest
	if err := decodeBody(body, &req); err != nil {
		return nil, err
	}
	if len(req.Inputs) > maxBatchInputs {
		return nil, badRequest("Batch input of %d items exceeds the limit of %d", len(req.Inputs), maxBatchInputs)
	}
	b := &batch{tx: tx}
	switch op {
	case "read":
		return tx.batchRead(t, req, b)
	case "create":
		for _, in := range req.Inputs {
			if in.Properties == nil {
				b.fail(badRequest("properties: a properties object is required"), traceContext(in))
				continue
			}
			o, err := tx.create(t, in.Properties, in.Associations)
			if err != nil {
				b.fail(err, traceContext(in))
				continue
			}
			v := tx.view(t, o, writeSelection(t, in.Properties))
			v.ObjectWriteTraceID = in.TraceID
			b.out.Results = append(b.out.Results, v)
		}
		return b.answer(http.StatusCreated), nil
	case "update", "upsert":
		if err := checkDuplicateIDs(req.Inputs); err != nil {
			return nil, err
		}
		if op == "upsert" {
			// Checked before any input is applied: a refused call
			// changes nothing.
			if err := tx.checkUpsertKeys(t, req.Inputs); err != nil {
				return nil, err
			}
		}
		for _, in := range req.Inputs {
			if op == "update" {
				tx.batchUpdateOne(t, in, b)
			} else {
				tx.batchUpsertOne(t, in, b)
			}
		}
		return b.answer(http.StatusOK), nil
	case "archive":
		for _, in := range req.Inputs {
			id, _ := rawText(in.ID)
			if o, err := tx.findObject(t, id, nil, false); err == nil {
				tx.archive(t, o)
			}
		}
		return noContent(), nil
	}
	return nil, notFound("Unknown batch operation %q; use read, create, update, upsert or archive", op)
}

func traceContext(in batchInput) map[string][]string {
	if in.TraceID == "" {
		return nil
	}
	return map[string][]string{"objectWriteTraceId": {in.TraceID}}
}

func idContext(id string) map[string][]string { return map[string][]string{"ids": {id}} }

// checkDuplicateIDs refuses a batch that names an object twice, as
// HubSpot does, since the order of the two writes would be undefined.
func checkDuplicateIDs(inputs []batchInput) error {
	seen := map[string]bool{}
	var dups []string
	for _, in := range inputs {
		id, _ := rawText(in.ID)
		key := strings.ToLower(in.IDProperty) + "\x00" + fold(id)
		if seen[key] {
			dups = append(dups, id)
		}
		seen[key] = true
	}
	if len(dups) > 0 {
		return badRequest("Duplicate IDs found in batch input: [%s]. IDs must be unique", strings.Join(dups, ", "))
	}
	return nil
}

// batchRead reads objects by id or by a unique idProperty; ids not found
// are reported together in one OBJECT_NOT_FOUND error.
func (tx *txn) batchRead(t *objectType, req batchRequest, b *batch) (*response, error) {
	q := map[string][]string{}
	if req.IDProperty != "" {
		q["idProperty"] = []string{req.IDProperty}
	}
	var missing []string
	for _, in := range req.Inputs {
		id, _ := rawText(in.ID)
		o, err := tx.findObject(t, id, q, false)
		if err != nil {
			if ae, ok := err.(*apiError); ok && ae.Status == http.StatusBadRequest {
				return nil, err
			}
			missing = append(missing, id)
			continue
		}
		b.out.Results = append(b.out.Results, tx.view(t, o, selection{props: req.Properties}))
	}
	if len(missing) > 0 {
		b.fail(notFound("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", t.Upper),
			map[string][]string{"ids": missing})
	}
	return b.answer(http.StatusOK), nil
}

func (tx *txn) batchUpdateOne(t *objectType, in batchInput, b *batch) {
	id, _ := rawText(in.ID)
	q := map[string][]string{}
	if in.IDProperty != "" {
		q["idProperty"] = []string{in.IDProperty}
	}
	o, err := tx.findObject(t, id, q, false)
	if err != nil {
		if ae, ok := err.(*apiError); ok && ae.Status == http.StatusNotFound {
			err = notFound("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", t.Upper)
		}
		b.fail(err, idContext(id))
		return
	}
	if err := tx.update(t, o, in.Properties); err != nil {
		b.fail(err, idContext(id))
		return
	}
	v := tx.view(t, o, writeSelection(t, in.Properties))
	v.ObjectWriteTraceID = in.TraceID
	b.out.Results = append(b.out.Results, v)
}

// checkUpsertKeys refuses an upsert whose inputs do not all name a
// unique property as idProperty, in HubSpot's words ("Unable to perform
// update/upsert by non-unique 0-7 property hs_sku in portal ID …"). hs_object_id
// is refused too: it is the id, and an upsert by it could not create.
func (tx *txn) checkUpsertKeys(t *objectType, inputs []batchInput) error {
	for _, in := range inputs {
		d := tx.p.props[t.Name].get(in.IDProperty)
		switch {
		case in.IDProperty == "":
			return badRequest("idProperty is required for upsert; name a unique property (for example email on contacts)")
		case d == nil:
			return badRequest("Property %q does not exist on %s; idProperty must name a unique property", in.IDProperty, t.TypeID)
		case !d.unique(t) || in.IDProperty == "hs_object_id":
			return badRequest("Unable to perform update/upsert by non-unique %s property %s in portal ID %d", t.TypeID, in.IDProperty, tx.p.info.ID)
		}
	}
	return nil
}

// batchUpsertOne updates the object whose unique idProperty holds id, or
// creates it with that value (checkUpsertKeys has vetted idProperty).
// Uniqueness holds under concurrent calls because every request runs
// under the portal's data lock.
func (tx *txn) batchUpsertOne(t *objectType, in batchInput, b *batch) {
	id, _ := rawText(in.ID)
	if strings.TrimSpace(id) == "" {
		b.fail(badRequest("id: the value of %s to upsert by is empty", in.IDProperty), traceContext(in))
		return
	}
	if o := tx.table(t).byUnique(in.IDProperty, id); o != nil {
		if err := tx.update(t, o, in.Properties); err != nil {
			b.fail(err, upsertContext(in, id))
			return
		}
		v := tx.view(t, o, writeSelection(t, in.Properties))
		v.New, v.ObjectWriteTraceID = new(false), in.TraceID
		b.out.Results = append(b.out.Results, v)
		return
	}
	props := map[string]any{}
	for k, v := range in.Properties {
		props[k] = v
	}
	if cur, _ := rawText(props[in.IDProperty]); cur != "" && fold(cur) != fold(id) {
		b.fail(badRequest("properties.%s %q differs from the id %q being upserted", in.IDProperty, cur, id), upsertContext(in, id))
		return
	}
	props[in.IDProperty] = id
	o, err := tx.create(t, props, nil)
	if err != nil {
		b.fail(err, upsertContext(in, id))
		return
	}
	v := tx.view(t, o, writeSelection(t, props))
	v.New, v.ObjectWriteTraceID = new(true), in.TraceID
	b.out.Results = append(b.out.Results, v)
}

// upsertContext names a failed upsert input by its key and, when sent,
// its trace id.
func upsertContext(in batchInput, id string) map[string][]string {
	c := idContext(id)
	if in.TraceID != "" {
		c["objectWriteTraceId"] = []string{in.TraceID}
	}
	return c
}
