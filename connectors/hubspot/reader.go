package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// How a read runs:
//
//   - Without a cursor, the list endpoint in id order, 100 objects a call,
//     with the schema's properties and the configured associations.
//   - With a cursor (Options.Since, epoch milliseconds of the last change
//     seen), a search on the last-modified property, GTE the cursor,
//     ascending, 200 a call. Search pages through 10,000 results at most:
//     at the cap the reader starts a new search from the last timestamp
//     it handed over, skipping the objects of that millisecond it already
//     gave. Search answers carry no associations: they are read for each
//     page through the v4 batch read, one call per associated type.
//
// Either way Cursor is the newest modification time handed over, so a
// full read leaves a cursor for the next run.
type reader struct {
	c      *conn
	defs   propDefs
	buf    []*wireObject
	next   func(ctx context.Context) ([]*wireObject, bool, error)
	more   bool
	done   bool
	closed bool

	since  string
	maxMod int64
}

var (
	_ connectors.CursorReader  = (*reader)(nil)
	_ connectors.BatchLookuper = (*reader)(nil)
)

func newReader(c *conn, since string) (*reader, error) {
	r := &reader{c: c, since: since, more: true}
	if since == "" {
		r.next = r.listPages()
		return r, nil
	}
	ms, err := strconv.ParseInt(since, 10, 64)
	if err != nil || ms < 0 {
		return nil, fmt.Errorf("%s: cursor %q is not a time in epoch milliseconds", c.ent.ref(), since)
	}
	r.next = r.searchPages(ms)
	return r, nil
}

func (r *reader) Read(ctx context.Context) (connectors.Record, error) {
	if err := ctx.Err(); err != nil {
		return connectors.Record{}, err
	}
	if r.closed {
		return connectors.Record{}, errors.New("hubspot: Read after Close")
	}
	for len(r.buf) == 0 {
		if r.done || !r.more {
			r.done = true
			return connectors.Record{}, io.EOF
		}
		if r.defs == nil {
			defs, err := r.c.props.of(ctx, r.c.ent)
			if err != nil {
				return connectors.Record{}, err
			}
			r.defs = defs
		}
		objs, more, err := r.next(ctx)
		if err != nil {
			return connectors.Record{}, fmt.Errorf("reading %s: %w", r.c.ent.ref(), err)
		}
		r.buf, r.more = objs, more
	}
	o := r.buf[0]
	r.buf = r.buf[1:]
	rec, err := r.c.record(r.c.ent, r.defs, o)
	if err != nil {
		return rec, &connectors.RecordError{Err: err}
	}
	if p := o.Properties[r.c.ent.Modified]; p != nil {
		if t, ok := parseTime(*p); ok {
			r.maxMod = max(r.maxMod, t.UnixMilli())
		}
	}
	return rec, nil
}

// Cursor implements connectors.CursorReader.
func (r *reader) Cursor() string {
	if r.maxMod == 0 {
		return r.since
	}
	return strconv.FormatInt(r.maxMod, 10)
}

func (r *reader) Close() error {
	r.closed = true
	return nil
}

// Lookup and LookupMany answer related blocks on the reader's connection.
func (r *reader) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	return r.c.Lookup(ctx, q)
}

func (r *reader) LookupMany(ctx context.Context, entity, field string, values []string) (map[string][]connectors.Record, error) {
	return r.c.LookupMany(ctx, entity, field, values)
}

// assocTypes are the configured associations the entity can have.
func (r *reader) assocTypes() []string {
	var out []string
	for _, a := range r.c.cfg.Associations {
		if _, ok := r.c.ent.Assoc[a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// listPages pages through the list endpoint.
func (r *reader) listPages() func(ctx context.Context) ([]*wireObject, bool, error) {
	e := r.c.ent
	q := url.Values{"limit": {"100"}, "properties": {strings.Join(e.readProps(r.c.cfg.Properties...), ",")}}
	if assoc := r.assocTypes(); len(assoc) > 0 {
		q.Set("associations", strings.Join(assoc, ","))
	}
	p := httpx.CursorPager(r.c.api, &httpx.Request{Path: e.path(""), Query: q}, "after", httpx.HubSpotPage)
	return func(ctx context.Context) ([]*wireObject, bool, error) {
		var objs []*wireObject
		for {
			raw, err := p.Next(ctx)
			if errors.Is(err, io.EOF) {
				return objs, false, nil
			}
			if err != nil {
				return nil, false, err
			}
			var o wireObject
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, false, fmt.Errorf("decoding an object: %w", err)
			}
			objs = append(objs, &o)
			if len(objs) == 100 {
				return objs, true, nil
			}
		}
	}
}

// searchPages pages through objects modified at or after from, starting a
// new search from the last timestamp when the 10,000-result cap is hit.
func (r *reader) searchPages(from int64) func(ctx context.Context) ([]*wireObject, bool, error) {
	e := r.c.ent
	after := ""
	boundary := map[string]bool{} // ids handed over with timestamp lastTS
	var lastTS int64 = -1
	return func(ctx context.Context) ([]*wireObject, bool, error) {
		q := searchQuery{
			FilterGroups: []filterGroup{{Filters: []filter{{PropertyName: e.Modified, Operator: "GTE", Value: strconv.FormatInt(from, 10)}}}},
			Sorts:        []sortRule{{PropertyName: e.Modified, Direction: "ASCENDING"}},
			Properties:   e.readProps(r.c.cfg.Properties...),
			Limit:        searchPageSize, After: after,
		}
		objs, next, capped, err := r.c.searchPage(ctx, e, q)
		if err != nil {
			return nil, false, err
		}
		out := objs[:0:0]
		for _, o := range objs {
			ts := int64(-1)
			if p := o.Properties[e.Modified]; p != nil {
				if t, ok := parseTime(*p); ok {
					ts = t.UnixMilli()
				}
			}
			if ts == lastTS && boundary[o.ID] {
				continue // seen before a split
			}
			if ts != lastTS {
				lastTS, boundary = ts, map[string]bool{}
			}
			boundary[o.ID] = true
			out = append(out, o)
		}
		if assoc := r.assocTypes(); len(assoc) > 0 && len(out) > 0 {
			if err := r.c.readAssociations(ctx, e, out, assoc); err != nil {
				return nil, false, err
			}
		}
		switch {
		case capped:
			if lastTS <= from && len(out) == 0 {
				return nil, false, fmt.Errorf("more than %d objects of %s changed in the same millisecond; HubSpot's search cannot page past them", searchCap, e.Type)
			}
			from, after = lastTS, ""
			return out, true, nil
		case next == "":
			return out, false, nil
		}
		after = next
		return out, true, nil
	}
}
