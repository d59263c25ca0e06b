package accountview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

// A read asks /accountviewdata for the business object page by page,
// paging by key (lastKey = the PageKey of the previous page's last header)
// because pages by number shift when rows are added during the read. A
// page shorter than PageSize is the last. The detail rows of a page's
// headers come in the same answer and are nested under their header.
//
// Entities whose header has CNG_DATE read incrementally: with a cursor,
// only headers changed on or after it (a DateOnOrAfterDate filter group).
// The cursor is the latest CNG_DATE read, but the pages come in key order,
// not in change order, so it only moves once the whole read is done;
// until then Cursor returns the cursor the read started from.

// cursorField is the change stamp incremental reads filter on.
const cursorField = "CNG_DATE"

type reader struct {
	c      *conn
	e      *entity
	query  url.Values
	last   string // lastKey of the next page; "" for the first
	page   []connectors.Record
	more   bool
	done   bool
	closed bool

	since  string    // Options.Since
	latest time.Time // the latest CNG_DATE read
}

var (
	_ connectors.CursorReader = (*reader)(nil)
	_ connectors.Lookuper     = (*reader)(nil)
)

// newReader plans the read of c's entity from since, without a call.
func newReader(c *conn, since string) (*reader, error) {
	e := c.ent
	r := &reader{c: c, e: e, more: true, since: since, query: url.Values{}}
	r.query.Set("PageSize", strconv.Itoa(c.cfg.PageSize))
	if since != "" {
		if !e.Incremental {
			return nil, fmt.Errorf("%s cannot be read incrementally: %s has no %s; drop the cursor to read in full", e.ref(), e.Table, cursorField)
		}
		t, err := time.Parse(time.RFC3339, since)
		if err != nil {
			return nil, fmt.Errorf("%s: cursor %q is not an RFC 3339 time", e.ref(), since)
		}
		lit, _ := foxLiteral(field{typ: 'T'}, t.Format(time.RFC3339))
		addFilter(r.query, 1, cursorField, "DateOnOrAfterDate", "T", lit)
	}
	return r, nil
}

// addFilter adds the numbered filter group n.
func addFilter(q url.Values, n int, source, op, valueType, value string) {
	s := strconv.Itoa(n)
	q.Set("FilterControlSource"+s, source)
	q.Set("FilterOperator"+s, op)
	q.Set("FilterValueType"+s, valueType)
	q.Set("FilterValue"+s, value)
	q.Set("FilterIsListOfValues"+s, "false")
}

func (r *reader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.closed {
		return connectors.Record{}, errors.New("accountview: Read after Close")
	}
	for len(r.page) == 0 {
		if !r.more {
			r.done = true
			return connectors.Record{}, io.EOF
		}
		if err := r.fetch(ctx); err != nil {
			return connectors.Record{}, err
		}
	}
	rec := r.page[0]
	r.page = r.page[1:]
	if s := scalarField(rec.Raw, cursorField); s != "" && r.e.Incremental {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return rec, &connectors.RecordError{Field: cursorField, Err: fmt.Errorf("%s: %q is not a time", rec.Origin, s)}
		}
		if t.After(r.latest) {
			r.latest = t
		}
	}
	return rec, nil
}

// fetch reads the next page.
func (r *reader) fetch(ctx context.Context) error {
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	if r.last != "" {
		q.Set("lastKey", r.last)
	}
	recs, err := r.c.get(ctx, r.e, q)
	if err != nil {
		return fmt.Errorf("reading %s: %w", r.e.ref(), err)
	}
	r.page = recs
	if len(recs) < r.c.cfg.PageSize {
		r.more = false
		return nil
	}
	k := scalarField(recs[len(recs)-1].Raw, r.e.PageKey)
	if k == "" || k == r.last {
		return fmt.Errorf("reading %s: the paging key %s did not advance after %q", r.e.ref(), r.e.PageKey, r.last)
	}
	r.last = k
	return nil
}

// Cursor implements connectors.CursorReader: the latest CNG_DATE once the
// read is complete, else the cursor it started from.
func (r *reader) Cursor() string {
	if !r.done || r.latest.IsZero() || !r.e.Incremental {
		return r.since
	}
	return r.latest.Format(time.RFC3339)
}

func (r *reader) Close() error {
	r.closed = true
	return nil
}

// Lookup implements connectors.Lookuper on the reader's connection.
func (r *reader) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return r.c.Lookup(ctx, q)
}
