package exactonline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// How a read runs, decided once when the reader opens:
//
//   - An entity with a sync endpoint is read from it, incrementally from
//     Options.Since or in full from Timestamp 1 (Exact's documented first
//     value): 1000 rows a call instead of 60, and Exact asks integrations
//     to use sync rather than filterless CRUD reads where sync exists. The
//     reader is then a CursorReader, so a full read also leaves a cursor
//     for the next run.
//   - When the sync rows are not the records themselves (headers whose
//     lines travel with them, or Exact's one-row-per-line invoice sync),
//     the reader first collects the changed keys from the sync endpoints,
//     then fetches those records from the CRUD endpoint with $expand, up
//     to 60 keys a call (see discover.go).
//   - A filter, or an entity without sync, reads the CRUD endpoint (60
//     rows a call) or, with select and no lines, the bulk endpoint (1000
//     rows a call). Such reads are always full reads.

// syncStart is the Timestamp a full sync read starts after.
const syncStart = 1

// reader streams records; next yields them until io.EOF.
type reader struct {
	c      *conn
	next   func(ctx context.Context) (connectors.Record, error)
	done   bool
	closed bool
}

var _ connectors.Lookuper = (*reader)(nil)

func (r *reader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.closed {
		return connectors.Record{}, errors.New("exactonline: Read after Close")
	}
	if r.done {
		return connectors.Record{}, io.EOF
	}
	rec, err := r.next(ctx)
	if errors.Is(err, io.EOF) {
		r.done = true
	}
	return rec, err
}

func (r *reader) Close() error {
	r.closed = true
	return nil
}

// Lookup implements connectors.Lookuper on the reader's connection.
func (r *reader) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return r.c.Lookup(ctx, q)
}

// cursorReader is a reader of a sync endpoint.
type cursorReader struct {
	*reader
	cur *cursor
}

var _ connectors.CursorReader = (*cursorReader)(nil)

// Cursor returns the highest Timestamp of the records read so far.
func (r *cursorReader) Cursor() string { return r.cur.String() }

// cursor is the Timestamp position of a sync read.
type cursor struct {
	since string // Options.Since, returned while nothing was read
	ts    int64
}

func (c *cursor) advance(ts int64) { c.ts = max(c.ts, ts) }

func (c *cursor) String() string {
	if c.ts == 0 {
		return c.since
	}
	return strconv.FormatInt(c.ts, 10)
}

// readMode is how a read runs; see the comment at the top of the file.
type readMode int

const (
	readPages    readMode = iota // CRUD or bulk pages
	readSync                     // the sync rows are the records
	readDiscover                 // sync names the keys, CRUD has the records
)

// readPlan is a read decided before any call is made.
type readPlan struct {
	mode readMode
	from int64 // the Timestamp a sync read starts after
}

// planRead checks that e can be read as cfg and since ask, without
// contacting Exact.
func planRead(e *entity, cfg *Config, since string) (readPlan, error) {
	switch {
	case e.ByItem:
		return readPlan{}, fmt.Errorf("%s cannot be read as a list: Exact answers it per item; look it up by %s in a related block", e.ref(), e.Key)
	case e.Sync == "" || cfg.Filter != "":
		if e.Path == "" {
			return readPlan{}, fmt.Errorf("%s is served by %s only, which filters on Timestamp only; remove the filter", e.ref(), e.Sync)
		}
		if since != "" {
			why := "Exact has no sync endpoint for it"
			if cfg.Filter != "" {
				why = "a filter rules out Exact's sync endpoints, which filter on Timestamp only"
			}
			return readPlan{}, fmt.Errorf("%s cannot be read incrementally (%s); drop the cursor to read in full", e.ref(), why)
		}
		return readPlan{mode: readPages}, nil
	}
	p := readPlan{mode: readSync, from: syncStart}
	if since != "" {
		n, err := strconv.ParseInt(since, 10, 64)
		if err != nil || n < 0 {
			return readPlan{}, fmt.Errorf("%s: cursor %q is not an Exact Timestamp", e.ref(), since)
		}
		p.from = n
	}
	if e.SyncFlat || cfg.expand(e) {
		p.mode = readDiscover
	}
	return p, nil
}

// newReader opens the read plan p on c.
func newReader(c *conn, p readPlan, since string) connectors.Reader {
	r := &reader{c: c}
	cur := &cursor{since: since}
	switch p.mode {
	case readPages:
		r.next = c.pageStream(c.ent)
		return r
	case readSync:
		r.next = c.syncStream(c.ent, p.from, cur)
	default:
		r.next = c.discover(c.ent, p.from, cur)
	}
	return &cursorReader{reader: r, cur: cur}
}

// pageStream reads the CRUD endpoint, or the bulk endpoint when it can.
func (c *conn) pageStream(e *entity) func(context.Context) (connectors.Record, error) {
	path, q := e.Path, c.query(e, c.cfg.Filter)
	if e.Bulk != "" && len(c.cfg.Select) > 0 && !c.cfg.expand(e) {
		path = e.Bulk
	}
	return c.stream(e, path, q, nil)
}

// syncStream reads a sync endpoint's rows as the records.
func (c *conn) syncStream(e *entity, from int64, cur *cursor) func(context.Context) (connectors.Record, error) {
	q := url.Values{"$filter": {"Timestamp gt " + strconv.FormatInt(from, 10)}}
	if len(c.cfg.Select) > 0 {
		sel := withField(withField(withField(c.cfg.Select, "Timestamp"), "ID"), e.Key)
		q.Set("$select", strings.Join(sel, ","))
	}
	return c.stream(e, e.Sync, q, cur)
}

// stream pages through path; with cur set it advances the cursor to each
// record's Timestamp as the record is handed over.
func (c *conn) stream(e *entity, path string, q url.Values, cur *cursor) func(context.Context) (connectors.Record, error) {
	p := httpx.NextLinkPager(c.client, &httpx.Request{Path: c.path(path), Query: q, Scope: c.scope}, httpx.ODataV2Page)
	return func(ctx context.Context) (connectors.Record, error) {
		raw, err := p.Next(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return connectors.Record{}, io.EOF
			}
			return connectors.Record{}, fmt.Errorf("reading %s: %w", e.ref(), err)
		}
		rec, err := c.record(e, raw)
		if err != nil {
			// Hand the row over as it came, for the engine to set aside.
			return rec, &connectors.RecordError{Err: err}
		}
		if cur != nil {
			ts, err := strconv.ParseInt(scalarField(rec.Raw, "Timestamp"), 10, 64)
			if err != nil {
				return rec, fmt.Errorf("%s: sync row %s has no Timestamp", e.ref(), rec.Key)
			}
			cur.advance(ts)
		}
		return rec, nil
	}
}
