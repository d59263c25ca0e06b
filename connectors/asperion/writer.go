package asperion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// writer creates each record with one POST (an order with its lines, on
// /v1/SalesOrderWithLines) and changes debtors and articles with PUT.
type writer struct {
	c      *conn
	last   connectors.WriteResult
	closed bool
}

var (
	_ connectors.Creator  = (*writer)(nil)
	_ connectors.Updater  = (*writer)(nil)
	_ connectors.Lookuper = (*writer)(nil)
)

// checkWritable refuses entities Asperion does not create.
func checkWritable(e *entity) error {
	if !e.can(http.MethodPost) {
		return fmt.Errorf("%s is read-only in Asperion: its endpoint takes %s only", e.ref(), e.Methods)
	}
	return nil
}

// Write creates rec. A data error Asperion reports (a validation problem,
// an unknown article) comes back as a *connectors.RecordError naming the
// field, so the engine sets the record aside and goes on. A create whose
// outcome is unknown (a 5xx or a broken connection after sending) is
// checked by the entity's unique field and only sent again when the
// record is not there.
func (w *writer) Write(ctx context.Context, rec connectors.Record) error {
	if w.closed {
		return errors.New("asperion: Write after Close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e := w.c.ent
	body, err := outgoing(e, rec.Raw)
	if err != nil {
		return &connectors.RecordError{Err: err}
	}
	var found *connectors.Record
	resp, err := w.send(ctx, http.MethodPost, e.Path, body, w.verifier(e, rec.Raw, &found))
	if err != nil {
		return err
	}
	if resp.ConfirmedByLookup {
		w.last = connectors.WriteResult{ID: found.Key, Raw: found.Raw, Confirmed: true}
		w.c.lookups.remember(e, *found)
		return nil
	}
	stored, err := record(e, resp.Body)
	if err != nil {
		return fmt.Errorf("creating %s: %w", e.ref(), err)
	}
	w.last = connectors.WriteResult{ID: stored.Key, Raw: stored.Raw}
	w.c.lookups.remember(e, stored)
	return nil
}

// Update changes the record with id. Asperion's PUT replaces the whole
// record (members left out are cleared), so the record is read first and
// rec's members are laid over it: fields the pipeline does not map, or
// keeps create-only, keep their values. Orders, invoices and journal
// entries cannot be changed.
func (w *writer) Update(ctx context.Context, id string, rec connectors.Record) error {
	if w.closed {
		return errors.New("asperion: Update after Close")
	}
	e := w.c.ent
	if !e.can(http.MethodPut) {
		return &connectors.RecordError{Err: fmt.Errorf("%s cannot be changed in Asperion once created", e.ref())}
	}
	cur, found, err := w.c.get(ctx, e, id)
	if err != nil {
		return err
	}
	if !found {
		return &connectors.RecordError{Field: e.Key, Err: fmt.Errorf("%s %s is not in Asperion (any more)", e.ref(), id)}
	}
	merged, err := overlay(cur.Raw, rec.Raw)
	if err != nil {
		return &connectors.RecordError{Err: err}
	}
	body, err := outgoing(e, merged)
	if err != nil {
		return &connectors.RecordError{Err: err}
	}
	resp, err := w.send(ctx, http.MethodPut, e.itemPath(id), body, nil)
	if err != nil {
		return err
	}
	stored, err := record(e, resp.Body)
	if err != nil {
		return fmt.Errorf("updating %s %s: %w", e.ref(), id, err)
	}
	w.last = connectors.WriteResult{ID: stored.Key, Raw: stored.Raw}
	w.c.lookups.remember(e, stored)
	return nil
}

// overlay lays the top-level members of upd over base.
func overlay(base, upd []byte) ([]byte, error) {
	var b, u map[string]json.RawMessage
	if err := json.Unmarshal(base, &b); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(upd, &u); err != nil {
		return nil, fmt.Errorf("the record is not a JSON object: %w", err)
	}
	for k, v := range u {
		b[k] = v
	}
	return json.Marshal(b)
}

// send makes one change request and sorts its failure: the record's
// fault, an unknown outcome, or the connection's.
func (w *writer) send(ctx context.Context, method, path string, body []byte, verify httpx.VerifyFunc) (*httpx.Response, error) {
	e := w.c.ent
	resp, err := w.c.client.Do(ctx, &httpx.Request{
		Method: method, Path: path, Body: body, Verify: verify,
		Header: http.Header{"Content-Type": {"application/json"}},
	})
	if err == nil {
		return resp, nil
	}
	var ae *httpx.APIError
	if errors.As(err, &ae) && isRecordProblem(ae.Status, method) {
		msg := ae.Message
		if msg == "" {
			msg = http.StatusText(ae.Status)
		}
		return nil, &connectors.RecordError{Field: ae.Field, Err: &refusal{
			msg: fmt.Sprintf("Asperion refused the %s (HTTP %d): %s", e.Name, ae.Status, msg), cause: ae}}
	}
	var uo *httpx.UnknownOutcomeError
	if errors.As(err, &uo) {
		why := e.ref() + " has no unique field to look it up by"
		if e.Unique != "" {
			why = "the record has no " + e.Unique + " to look it up by"
		}
		return nil, fmt.Errorf("creating %s: %w; %s, so the run stops rather than risk creating it twice", e.ref(), err, why)
	}
	return nil, fmt.Errorf("writing %s: %w", e.ref(), err)
}

// isRecordProblem tells a status about the record's data from one about
// the connection or the endpoint: a 404 on a collection means a wrong
// path, which would fail every record alike; on an item (PUT) it means
// that record is gone.
func isRecordProblem(status int, method string) bool {
	if status == http.StatusNotFound || status == http.StatusGone {
		return method == http.MethodPut
	}
	return httpx.IsDataError(status)
}

// refusal is Asperion's reason for rejecting a record; it unwraps to the
// *httpx.APIError with the details.
type refusal struct {
	msg   string
	cause *httpx.APIError
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.cause }

// verifier returns the check for a create whose outcome is unknown: look
// the record up by its unique field, bypassing the run's cache (the
// answer may have changed). Without the field there is no check (nil) and
// the toolkit does not repeat the create.
func (w *writer) verifier(e *entity, raw []byte, found **connectors.Record) httpx.VerifyFunc {
	if e.Unique == "" {
		return nil
	}
	v := scalarField(raw, e.Unique)
	if v == "" {
		return nil
	}
	return func(ctx context.Context) (bool, error) {
		recs, err := w.c.find(ctx, e, e.Unique, v)
		if err != nil || len(recs) == 0 {
			return false, err
		}
		*found = &recs[0]
		return true, nil
	}
}

// Last implements connectors.Creator.
func (w *writer) Last() connectors.WriteResult { return w.last }

// Lookup implements connectors.Lookuper on the writer's connection.
func (w *writer) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return w.c.Lookup(ctx, q)
}

// Close ends the writer; nothing is buffered.
func (w *writer) Close() error {
	w.closed = true
	return nil
}
