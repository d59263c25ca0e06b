package accountview

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// writer stores each record with one call: a POST for a create, a PUT for
// an update, header and detail rows together (AccountView's writes are all
// or nothing).
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

// checkWritable refuses business objects AccountView does not write.
func checkWritable(e *entity) error {
	if !e.Insert {
		return fmt.Errorf("%s is read-only in AccountView: business object %s takes no writes", e.ref(), e.BO)
	}
	return nil
}

// Write creates rec. A record AccountView's rules refuse (a mandatory field
// empty, an unknown article, a text too long: an error body, even on a 200
// answer) comes back as a *connectors.RecordError naming the field, and
// the run goes on. A create whose outcome is unknown (a 5xx, a lost
// connection) is looked up by the entity's unique field and only sent
// again when the record is not there.
func (w *writer) Write(ctx context.Context, rec connectors.Record) error {
	if w.closed {
		return errors.New("accountview: Write after Close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	e := w.c.ent
	body, err := buildWrite(e, rec.Raw, "")
	if err != nil {
		return err
	}
	var found *connectors.Record
	verify := w.verifier(e, rec.Raw, &found)
	stored, confirmed, err := w.send(ctx, http.MethodPost, body, verify)
	if err != nil {
		return err
	}
	if confirmed {
		stored = *found
	}
	w.last = connectors.WriteResult{ID: stored.Key, Raw: stored.Raw, Confirmed: confirmed}
	w.c.lookups.remember(e, stored)
	return nil
}

// Update implements connectors.Updater: it changes the fields rec gives of
// the record whose key (e.Key: SUB_NR, REC_ID, AG_CODE) is id. Detail rows
// are not part of an update (AccountView writes them with their own
// business object); sales orders and journal pages take no updates.
func (w *writer) Update(ctx context.Context, id string, rec connectors.Record) error {
	if w.closed {
		return errors.New("accountview: Update after Close")
	}
	e := w.c.ent
	if !e.Update {
		return fmt.Errorf("%s cannot be updated: AccountView takes %s (%s) as new records only", e.ref(), e.BO, e.Table)
	}
	if strings.TrimSpace(id) == "" {
		return &connectors.RecordError{Field: e.Key, Err: fmt.Errorf("an update needs the %s of the record", e.Key)}
	}
	body, err := buildWrite(e, rec.Raw, id)
	if err != nil {
		return err
	}
	stored, _, err := w.send(ctx, http.MethodPut, body, nil)
	if err != nil {
		return err
	}
	w.last = connectors.WriteResult{ID: stored.Key, Raw: stored.Raw}
	w.c.lookups.remember(e, stored)
	return nil
}

// send makes one write and returns the stored record.
func (w *writer) send(ctx context.Context, method string, body []byte, verify httpx.VerifyFunc) (connectors.Record, bool, error) {
	e := w.c.ent
	resp, err := w.c.client.Do(ctx, &httpx.Request{
		Method: method, Path: dataPath, Query: url.Values{"BusinessObject": {e.BO}},
		Body: body, Verify: verify, Scope: w.c.scope,
	})
	if err != nil {
		return connectors.Record{}, false, w.failure(err)
	}
	if resp.ConfirmedByLookup {
		return connectors.Record{}, true, nil
	}
	if ae := errorIn(resp.Body); ae != nil {
		return connectors.Record{}, false, &connectors.RecordError{Field: fieldOf(e, ae.Message),
			Err: fmt.Errorf("AccountView refused the %s: %w", e.Name, ae)}
	}
	recs, err := w.c.records(e, resp.Body)
	if err != nil {
		return connectors.Record{}, false, fmt.Errorf("writing %s: %w", e.ref(), err)
	}
	if len(recs) != 1 {
		return connectors.Record{}, false, fmt.Errorf("writing %s: AccountView answered %d %s rows, want the one stored", e.ref(), len(recs), e.Table)
	}
	return recs[0], false, nil
}

// failure sorts a failed write: AccountView's word about the record's data
// rejects the record, anything else stops the run.
func (w *writer) failure(err error) error {
	e := w.c.ent
	var ae *httpx.APIError
	if errors.As(err, &ae) && httpx.IsDataError(ae.Status) && ae.Status != http.StatusNotFound {
		return &connectors.RecordError{Field: fieldOf(e, ae.Message),
			Err: fmt.Errorf("AccountView refused the %s (HTTP %d): %s", e.Name, ae.Status, ae.Message)}
	}
	var uo *httpx.UnknownOutcomeError
	if errors.As(err, &uo) {
		why := e.ref() + " has no unique field to look it up by"
		if e.Unique != "" {
			why = "the record has no " + e.Unique + " to look it up by"
		}
		return fmt.Errorf("creating %s: %w; %s, so the run stops rather than risk creating it twice", e.ref(), err, why)
	}
	return fmt.Errorf("writing %s: %w", e.ref(), err)
}

// verifier returns the check for a create whose outcome is unknown: look
// the record up by its unique field, bypassing the cache (the answer may
// have changed). Without a value there is no check (nil), and the toolkit
// will not repeat the create.
func (w *writer) verifier(e *entity, raw []byte, found **connectors.Record) httpx.VerifyFunc {
	if e.Unique == "" {
		return nil
	}
	v := scalarField(raw, e.Unique)
	if strings.TrimSpace(v) == "" {
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

// Close ends the writer; writes are not buffered.
func (w *writer) Close() error {
	w.closed = true
	return nil
}
