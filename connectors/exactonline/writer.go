package exactonline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// writer creates each record with one POST: a header and its lines go
// together, as Exact requires for orders, invoices and entries.
//
// Every write goes through send, which owns what any change needs (the
// division's limiter, Prefer: return=representation, turning Exact's data
// errors into record rejections); an Update(ctx, key, rec) for the
// sync-state work is a PUT through send on e.Path(guid'key'), refused for
// CreateOnly entities.
type writer struct {
	c      *conn
	last   connectors.WriteResult
	closed bool
}

var (
	_ connectors.Creator  = (*writer)(nil)
	_ connectors.Lookuper = (*writer)(nil)
)

// checkWritable refuses entities Exact does not create through the API.
func checkWritable(e *entity) error {
	if !e.can(http.MethodPost) {
		return fmt.Errorf("%s is read-only in Exact Online: its endpoint takes %s only", e.ref(), e.Methods)
	}
	return nil
}

// Write creates rec in Exact. A data error Exact reports (an unknown
// item, a missing mandatory field) comes back as a *connectors.RecordError
// so that the engine sets the record aside and goes on; any other error
// ends the run.
func (w *writer) Write(ctx context.Context, rec connectors.Record) error {
	if w.closed {
		return errors.New("exactonline: Write after Close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e := w.c.ent
	var found *connectors.Record
	verify, err := w.verifier(e, rec.Raw, &found)
	if err != nil {
		return err
	}
	resp, err := w.send(ctx, http.MethodPost, e.Path, rec.Raw, verify)
	if err != nil {
		return err
	}
	if resp.ConfirmedByLookup {
		w.last = connectors.WriteResult{ID: found.Key, Raw: found.Raw, Confirmed: true}
		w.c.lookups.remember(e, *found)
		return nil
	}
	body, err := entityBody(resp.Body)
	if err != nil {
		return fmt.Errorf("creating %s: %w", e.ref(), err)
	}
	stored, err := w.c.record(e, body)
	if err != nil {
		return err
	}
	w.last = connectors.WriteResult{ID: stored.Key, Raw: stored.Raw}
	w.c.lookups.remember(e, stored)
	return nil
}

// send makes one change request.
func (w *writer) send(ctx context.Context, method, path string, body []byte, verify httpx.VerifyFunc) (*httpx.Response, error) {
	e := w.c.ent
	resp, err := w.c.client.Do(ctx, &httpx.Request{
		Method: method, Path: w.c.path(path), Body: body, Verify: verify, Scope: w.c.scope,
		Header: http.Header{"Prefer": {"return=representation"}},
	})
	if err == nil {
		return resp, nil
	}
	var ae *httpx.APIError
	if errors.As(err, &ae) && isRecordProblem(ae.Status) {
		msg := ae.Message
		if msg == "" {
			msg = http.StatusText(ae.Status)
		}
		return nil, &connectors.RecordError{Field: fieldOf(e, msg), Err: &refusal{
			msg: fmt.Sprintf("Exact Online refused the %s (HTTP %d): %s", e.Name, ae.Status, msg), cause: ae}}
	}
	var uo *httpx.UnknownOutcomeError
	if errors.As(err, &uo) {
		why := e.ref() + " has no unique field to look it up by"
		if len(e.Unique) > 0 {
			why = "the record has no " + strings.Join(e.Unique, " and ") + " to look it up by"
		}
		return nil, fmt.Errorf("creating %s: %w; %s, so the run stops rather than risk creating it twice", e.ref(), err, why)
	}
	return nil, fmt.Errorf("writing %s: %w", e.ref(), err)
}

// isRecordProblem tells a status about the record's data from one about
// the connection or the endpoint (404 on a collection means a wrong URL,
// which would fail every record alike).
func isRecordProblem(status int) bool {
	return httpx.IsDataError(status) && status != http.StatusNotFound && status != http.StatusGone
}

// refusal is Exact's reason for rejecting a record; it unwraps to the
// *httpx.APIError with the details.
type refusal struct {
	msg   string
	cause *httpx.APIError
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.cause }

// verifier returns the check for a create whose outcome is unknown: look
// the record up by its unique fields. A record with those values that
// exists counts as created, whoever created it: the keys are unique, so
// posting again could only make a duplicate. Without the values, there is
// no check (nil), and the toolkit will not repeat the create.
func (w *writer) verifier(e *entity, raw []byte, found **connectors.Record) (httpx.VerifyFunc, error) {
	if len(e.Unique) == 0 {
		return nil, nil
	}
	conds := make([]string, 0, len(e.Unique))
	for _, f := range e.Unique {
		v := scalarField(raw, f)
		if strings.TrimSpace(v) == "" {
			return nil, nil
		}
		cond, ok, err := e.condition(f, v)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nil
		}
		conds = append(conds, cond)
	}
	filter := strings.Join(conds, " and ")
	return func(ctx context.Context) (bool, error) {
		recs, err := w.c.list(ctx, e, e.Path, w.c.query(e, filter))
		if err != nil || len(recs) == 0 {
			return false, err
		}
		*found = &recs[0]
		return true, nil
	}, nil
}

// Last implements connectors.Creator.
func (w *writer) Last() connectors.WriteResult { return w.last }

// Lookup implements connectors.Lookuper on the writer's connection.
func (w *writer) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return w.c.Lookup(ctx, q)
}

// Close ends the writer; writes are not buffered, so nothing is flushed.
func (w *writer) Close() error {
	w.closed = true
	return nil
}
