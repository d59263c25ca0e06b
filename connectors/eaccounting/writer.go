package eaccounting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// writer creates records with one POST each (a document's Rows inside
// it) and changes them with one PUT. Visma's PUT replaces the writable
// data, clearing what the body leaves out, so Update sends the stored
// record with the new values laid over it: fields the pipeline does not
// map keep their values.
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

// checkWritable refuses entities Visma does not create through the API.
func checkWritable(e *entity) error {
	if !e.can(http.MethodPost) {
		return fmt.Errorf("%s is read-only in eAccounting: its endpoint takes %s only", e.ref(), e.Methods)
	}
	return nil
}

// Write creates rec. Visma's data errors reject the record (a
// *connectors.RecordError naming the field) and the run goes on; a create
// whose outcome is unknown is looked up by the entity's unique field and
// sent again only when it is not there.
func (w *writer) Write(ctx context.Context, rec connectors.Record) error {
	if err := w.usable(ctx); err != nil {
		return err
	}
	e := w.c.ent
	var found *connectors.Record
	verify, why := w.verifier(e, rec.Raw, &found)
	resp, err := w.c.client.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.Path, Body: rec.Raw,
		Verify: verify, Scope: e.endpoint(false), Header: http.Header{"Content-Type": {"application/json"}}})
	if err != nil {
		var uo *httpx.UnknownOutcomeError
		if errors.As(err, &uo) {
			return fmt.Errorf("creating %s: %w; %s, so the run stops rather than risk creating it twice", e.ref(), err, why)
		}
		return w.refused(e, "create", err)
	}
	if resp.ConfirmedByLookup {
		w.last = connectors.WriteResult{ID: found.Key, Raw: found.Raw, Confirmed: true}
		w.c.lookups.remember(e, *found)
		return nil
	}
	return w.stored(e, resp.Body)
}

// Update changes the record with Id id to carry rec's fields.
func (w *writer) Update(ctx context.Context, id string, rec connectors.Record) error {
	if err := w.usable(ctx); err != nil {
		return err
	}
	e := w.c.ent
	if !e.can(http.MethodPut) {
		return fmt.Errorf("%s cannot be changed in eAccounting: its endpoints take %s only", e.ref(), e.Methods)
	}
	lit, ok := literal(kindGuid, id)
	if !ok {
		return &connectors.RecordError{Field: keyField, Err: fmt.Errorf("%s: %q is not an eAccounting Id", e.ref(), id)}
	}
	current, err := w.c.Lookup(ctx, connectors.LookupQuery{Entity: e.ref(), Field: keyField, Value: lit})
	if err != nil {
		return err
	}
	if len(current) == 0 {
		return &connectors.RecordError{Field: keyField, Err: fmt.Errorf("%s %s does not exist in eAccounting (deleted?)", e.ref(), lit)}
	}
	body, err := overlay(current[0].Raw, rec.Raw)
	if err != nil {
		return &connectors.RecordError{Err: fmt.Errorf("%s: %w", e.ref(), err)}
	}
	resp, err := w.c.client.Do(ctx, &httpx.Request{Method: http.MethodPut, Path: e.Path + "/" + lit, Body: body,
		Scope: e.endpoint(true), Header: http.Header{"Content-Type": {"application/json"}}})
	if err != nil {
		return w.refused(e, "update", err)
	}
	return w.stored(e, resp.Body)
}

// stored records Visma's answer to a write as Last and in the caches.
func (w *writer) stored(e *entity, body []byte) error {
	if !json.Valid(body) || scalarField(body, keyField) == "" {
		return fmt.Errorf("writing %s: the answer is not a record with an Id", e.ref())
	}
	rec := w.c.record(e, body)
	w.last = connectors.WriteResult{ID: rec.Key, Raw: rec.Raw}
	w.c.lookups.remember(e, rec)
	return nil
}

func (w *writer) usable(ctx context.Context) error {
	if w.closed {
		return errors.New("eaccounting: Write after Close")
	}
	return ctx.Err()
}

// overlay lays the top-level fields of rec over stored.
func overlay(stored, rec []byte) ([]byte, error) {
	var base, top map[string]json.RawMessage
	if err := json.Unmarshal(stored, &base); err != nil {
		return nil, fmt.Errorf("the stored record is not a JSON object")
	}
	if err := json.Unmarshal(rec, &top); err != nil {
		return nil, fmt.Errorf("the record is not a JSON object")
	}
	for k, v := range top {
		base[k] = v
	}
	return json.Marshal(base)
}

// refused turns Visma's answer to a write into the run's error: a data
// error rejects the record, naming the field; anything else stops the run.
func (w *writer) refused(e *entity, verb string, err error) error {
	var ae *httpx.APIError
	if !errors.As(err, &ae) || !isRecordProblem(ae, verb) {
		return fmt.Errorf("%s %s: %w", verbing(verb), e.ref(), err)
	}
	msg := ae.Message
	var fields []string
	for _, d := range ae.Details {
		if d.Field != "" && d.Message != "" && d.Message != msg {
			fields = append(fields, d.Field+": "+d.Message)
		}
	}
	if len(fields) > 0 {
		msg = strings.TrimSpace(msg + " (" + strings.Join(fields, "; ") + ")")
	}
	if msg == "" {
		msg = http.StatusText(ae.Status)
	}
	return &connectors.RecordError{Field: fieldPath(ae.Field), Err: &refusal{
		msg: fmt.Sprintf("eAccounting refused the %s %s (HTTP %d, ErrorCode %s): %s", e.Name, verb, ae.Status, ae.Code, msg), cause: ae}}
}

func verbing(verb string) string {
	if verb == "create" {
		return "creating"
	}
	return "updating"
}

// isRecordProblem tells an answer about the record's data from one about
// the connection or the endpoint. A 404 is the record's only when Visma
// names a field (a reference that does not exist) or the record itself
// is gone (an update).
func isRecordProblem(ae *httpx.APIError, verb string) bool {
	if !httpx.IsDataError(ae.Status) {
		return false
	}
	if ae.Status == http.StatusNotFound {
		return verb == "update" || ae.Field != ""
	}
	return true
}

// refusal is Visma's reason for rejecting a record; it unwraps to the
// *httpx.APIError with the details.
type refusal struct {
	msg   string
	cause *httpx.APIError
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.cause }

var index = regexp.MustCompile(`\[(\d+)\]`)

// fieldPath turns Visma's "Rows[2].ArticleId" into the contract's
// "Rows.2.ArticleId" (both 0-based).
func fieldPath(f string) string {
	return index.ReplaceAllString(f, ".$1")
}

// verifier returns the check for a create whose outcome is unknown: look
// the record up by the first unique field it carries. Without one there
// is no check (nil) and why says so.
func (w *writer) verifier(e *entity, raw []byte, found **connectors.Record) (httpx.VerifyFunc, string) {
	for _, f := range e.Unique {
		v := scalarField(raw, f)
		if strings.TrimSpace(v) == "" {
			continue
		}
		return func(ctx context.Context) (bool, error) {
			recs, err := w.c.find(ctx, e, f, v)
			if err != nil || len(recs) == 0 {
				return false, err
			}
			*found = &recs[0]
			return true, nil
		}, ""
	}
	if len(e.Unique) == 0 {
		return nil, e.ref() + " has no unique field to look it up by"
	}
	return nil, "the record has no " + strings.Join(e.Unique, " or ") + " to look it up by"
}

// Last implements connectors.Creator.
func (w *writer) Last() connectors.WriteResult { return w.last }

// Lookup implements connectors.Lookuper on the writer's connection.
func (w *writer) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return w.c.Lookup(ctx, q)
}

// Close ends the writer; writes are not buffered.
func (w *writer) Close() error {
	w.closed = true
	return nil
}
