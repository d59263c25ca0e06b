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
)

// A read lists the entity's collection page by page (api.MaxPageSize
// records a call). Entities with modifiedAt are read incrementally: with a
// cursor (Options.Since) only records modified at or after it are asked
// for, and the reader's cursor is the latest modifiedAt handed over. The
// parameter is inclusive, so a run re-reads the records of its boundary
// instant; the engine finds them unchanged and writes nothing.

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

// cursorReader reads an incremental entity and keeps the cursor.
type cursorReader struct {
	*reader
	since  string
	latest time.Time
	text   string
}

var _ connectors.CursorReader = (*cursorReader)(nil)

func (r *cursorReader) Read(ctx context.Context) (connectors.Record, error) {
	rec, err := r.reader.Read(ctx)
	if err != nil {
		return rec, err
	}
	stamp := scalarField(rec.Raw, api.ModifiedField)
	t, perr := time.Parse(time.RFC3339Nano, stamp)
	if perr != nil {
		return rec, fmt.Errorf("%s: record %s has no %s timestamp (%q)", r.e.ref(), rec.Key, api.ModifiedField, stamp)
	}
	if t.After(r.latest) {
		r.latest, r.text = t, stamp
	}
	return rec, nil
}

// Cursor is the latest modifiedAt read, or the cursor the read started
// from while nothing was read.
func (r *cursorReader) Cursor() string {
	if r.text == "" {
		return r.since
	}
	return r.text
}

// newReader plans the read: the list, from the cursor when there is one.
func newReader(c *conn, since string) (connectors.Reader, error) {
	e := c.ent
	q := url.Values{}
	if since != "" {
		if !e.Incremental {
			return nil, fmt.Errorf("%s cannot be read incrementally: Asperion has no %s for it; drop the cursor to read in full", e.ref(), api.ModifiedField)
		}
		if _, err := time.Parse(time.RFC3339Nano, since); err != nil {
			return nil, fmt.Errorf("%s: cursor %q is not an RFC 3339 instant with a time zone", e.ref(), since)
		}
		q.Set(api.ModifiedSinceParam, since)
	}
	r := &reader{c: c, e: e, p: c.pager(e, q)}
	if !e.Incremental {
		return r, nil
	}
	return &cursorReader{reader: r, since: since}, nil
}
