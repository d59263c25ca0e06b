package asperion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/stampcursor"
)

// A read lists the entity's collection page by page (api.MaxPageSize
// records a call). Entities with modifiedAt are read incrementally: with a
// cursor (Options.Since) only records modified at or after it are asked
// for, and the reader's cursor is the latest modifiedAt handed over with
// the ids carrying it. The parameter is inclusive, so the boundary
// instant's records arrive again; those ids are skipped.

// pager pages through e's list with query q.
func (c *conn) pager(e *entity, q url.Values) *httpx.Pager {
	qq := url.Values{api.PageSizeParam: {strconv.Itoa(api.MaxPageSize)}}
	for k, v := range q {
		qq[k] = v
	}
	return httpx.PageCountPager(c.client, &httpx.Request{Path: e.Path, Query: qq}, api.PageParam, api.FirstPage, envelope)
}

// envelope parses a list answer: {"items": [...], "totalPages": n, ...}.
func envelope(body []byte) ([]json.RawMessage, int, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, 0, fmt.Errorf("list page: %w", err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(m[api.ItemsMember], &items); err != nil || items == nil {
		return nil, 0, fmt.Errorf("list page: no %q array", api.ItemsMember)
	}
	var pages int
	if err := json.Unmarshal(m[api.PagesMember], &pages); err != nil {
		return nil, 0, fmt.Errorf("list page: no %q count", api.PagesMember)
	}
	return items, pages, nil
}

// reader streams the records of one list.
type reader struct {
	c      *conn
	e      *entity
	p      *httpx.Pager
	done   bool
	closed bool
}

var _ connectors.Lookuper = (*reader)(nil)

func (r *reader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.closed {
		return connectors.Record{}, errors.New("asperion: Read after Close")
	}
	if r.done {
		return connectors.Record{}, io.EOF
	}
	raw, err := r.p.Next(ctx)
	if errors.Is(err, io.EOF) {
		r.done = true
		return connectors.Record{}, io.EOF
	}
	if err != nil {
		return connectors.Record{}, fmt.Errorf("reading %s: %w", r.e.ref(), err)
	}
	rec, err := record(r.e, raw)
	if err != nil {
		// Hand the row over as it came, for the engine to set aside.
		return rec, &connectors.RecordError{Err: err}
	}
	return rec, nil
}

func (r *reader) Close() error {
	r.closed = true
	return nil
}

// Lookup implements connectors.Lookuper on the reader's connection.
func (r *reader) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return r.c.Lookup(ctx, q)
}

// cursorReader reads an incremental entity and keeps the cursor: the
// latest modifiedAt handed over with the ids that carry it
// (stampcursor). modifiedSince is inclusive, so the records of the
// boundary instant come again; the ones handed over before are skipped
// instead of being read, mapped and looked up on every run.
type cursorReader struct {
	*reader
	cur *stampcursor.Cursor
}

var _ connectors.CursorReader = (*cursorReader)(nil)

func (r *cursorReader) Read(ctx context.Context) (connectors.Record, error) {
	for {
		rec, err := r.reader.Read(ctx)
		if err != nil {
			return rec, err
		}
		stamp := scalarField(rec.Raw, api.ModifiedField)
		t, perr := time.Parse(time.RFC3339Nano, stamp)
		if perr != nil {
			return rec, fmt.Errorf("%s: record %s has no %s timestamp (%q)", r.e.ref(), rec.Key, api.ModifiedField, stamp)
		}
		if r.cur.Seen(t, rec.Key) {
			continue // handed over by the run that left the cursor
		}
		// The stamp goes into the cursor as Asperion wrote it, and back
		// as modifiedSince verbatim.
		r.cur.Advance(t, stamp, rec.Key)
		return rec, nil
	}
}

// Cursor is the latest modifiedAt handed over with its records' ids, or
// the cursor the read started from while nothing new was read.
func (r *cursorReader) Cursor() string { return r.cur.String() }

// newReader plans the read: the list, from the cursor when there is one.
func newReader(c *conn, since string) (connectors.Reader, error) {
	e := c.ent
	q := url.Values{}
	var cur *stampcursor.Cursor
	if since != "" {
		if !e.Incremental {
			return nil, fmt.Errorf("%s cannot be read incrementally: Asperion has no %s for it; drop the cursor to read in full", e.ref(), api.ModifiedField)
		}
		var err error
		if cur, err = stampcursor.Parse(since); err != nil {
			return nil, fmt.Errorf("%s: %w", e.ref(), err)
		}
		q.Set(api.ModifiedSinceParam, cur.FromText())
	}
	r := &reader{c: c, e: e, p: c.pager(e, q)}
	if !e.Incremental {
		return r, nil
	}
	if cur == nil {
		cur, _ = stampcursor.Parse("")
	}
	return &cursorReader{reader: r, cur: cur}, nil
}
