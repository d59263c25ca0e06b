package eaccounting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/connectors/internal/stampcursor"
)

// A read pages through the entity's collection ($page from 1, $pagesize
// from the config) until Meta.TotalNumberOfPages. Entities with an audit
// stamp (ChangedUtc, ModifiedUtc) are read in stamp order, so the reader
// is a CursorReader: the cursor is the last stamp handed over with the
// Ids that carry it (package stampcursor), and the next run asks for
// "stamp ge cursor" and skips those Ids. Visma stamps to the millisecond
// and two writes in one millisecond share a stamp, so "gt" could lose the
// second.

// reader streams records; next yields them until io.EOF.
type reader struct {
	c      *conn
	pager  *httpx.Pager
	cur    *stampcursor.Cursor // nil for entities without a stamp
	done   bool
	closed bool
}

var _ connectors.Lookuper = (*reader)(nil)

// cursorReader is a reader of an entity with a stamp.
type cursorReader struct{ *reader }

var _ connectors.CursorReader = (*cursorReader)(nil)

// Cursor returns the position after the records read so far.
func (r *cursorReader) Cursor() string { return r.cur.String() }

// newReader checks the read and opens its pager; no call is made yet.
func newReader(c *conn, since string) (connectors.Reader, error) {
	e := c.ent
	q := url.Values{"$pagesize": {strconv.Itoa(c.cfg.PageSize)}}
	var conds []string
	if f := strings.TrimSpace(c.cfg.Filter); f != "" {
		conds = append(conds, "("+f+")")
	}
	var cur *stampcursor.Cursor
	if e.Stamp != "" {
		var err error
		if cur, err = stampcursor.Parse(since); err != nil {
			return nil, fmt.Errorf("%s: %w", e.ref(), err)
		}
		if from := cur.From(); !from.IsZero() {
			conds = append(conds, e.Stamp+" ge "+stampText(from))
		}
		q.Set("$orderby", e.Stamp+" asc")
	} else if since != "" {
		return nil, fmt.Errorf("%s cannot be read incrementally: eAccounting keeps no change time for it; drop the cursor to read in full", e.ref())
	}
	if len(conds) > 0 {
		q.Set("$filter", strings.Join(conds, " and "))
	}
	r := &reader{c: c, cur: cur, pager: c.pager(e, q)}
	if cur != nil {
		return &cursorReader{r}, nil
	}
	return r, nil
}

// pager pages through e's collection with query q.
func (c *conn) pager(e *entity, q url.Values) *httpx.Pager {
	return httpx.PageCountPager(c.client, &httpx.Request{Path: e.Path, Query: q, Scope: e.endpoint(false)},
		"$page", 1, httpx.VismaPage)
}

func (r *reader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.closed {
		return connectors.Record{}, errors.New("eaccounting: Read after Close")
	}
	for !r.done {
		raw, err := r.pager.Next(ctx)
		if errors.Is(err, io.EOF) {
			r.done = true
			break
		}
		if err != nil {
			return connectors.Record{}, fmt.Errorf("reading %s: %w", r.c.ent.ref(), err)
		}
		rec := r.c.record(r.c.ent, raw)
		if r.cur != nil {
			ts, ok := parseTime(scalarField(rec.Raw, r.c.ent.Stamp))
			if ok && r.cur.Seen(ts, rec.Key) {
				continue // handed over by the run that left the cursor
			}
			if ok {
				r.cur.Advance(ts, stampText(ts), rec.Key)
			}
		}
		return rec, nil
	}
	return connectors.Record{}, io.EOF
}

func (r *reader) Close() error {
	r.closed = true
	return nil
}

// Lookup implements connectors.Lookuper on the reader's connection.
func (r *reader) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return r.c.Lookup(ctx, q)
}

// stampText writes a stamp the way $filter takes it and cursors keep it:
// UTC to the millisecond, Visma's precision.
func stampText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
