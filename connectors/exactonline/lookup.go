package exactonline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// lookups answers Lookup for one connection: one cache per (entity, field)
// for the run, so each key costs at most one call and a key that matches
// nothing is not asked again either.
type lookups struct {
	c      *conn
	mu     sync.Mutex
	caches map[string]*httpx.Lookup[[]connectors.Record]
}

func newLookups(c *conn) *lookups {
	return &lookups{c: c, caches: map[string]*httpx.Lookup[[]connectors.Record]{}}
}

// Lookup implements connectors.Lookuper.
func (c *conn) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	e, err := lookupEntity(q.Entity)
	if err != nil {
		return nil, err
	}
	cache, err := c.lookups.cache(e, q.Field)
	if err != nil {
		return nil, err
	}
	recs, _, err := cache.Get(ctx, cacheKey(e, q.Field, q.Value))
	if err != nil {
		return nil, fmt.Errorf("looking up %s by %s %q: %w", e.ref(), q.Field, q.Value, err)
	}
	return recs, nil
}

// cacheKey makes equal keys share an entry: padded codes compare trimmed.
func cacheKey(e *entity, field, value string) string {
	if contains(e.Padded, field) {
		return strings.TrimSpace(value)
	}
	return value
}

func (l *lookups) cache(e *entity, field string) (*httpx.Lookup[[]connectors.Record], error) {
	if e.Path == "" {
		return nil, fmt.Errorf("%s cannot be looked up: Exact serves it only from %s, which filters on Timestamp only", e.ref(), e.Sync)
	}
	if e.ByItem && field != e.Key {
		return nil, fmt.Errorf("%s can only be looked up by %s", e.ref(), e.Key)
	}
	if _, ok := e.field(field); !ok {
		return nil, fmt.Errorf("%s has no field %q to look records up by", e.ref(), field)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	k := e.Name + "." + field
	if c, ok := l.caches[k]; ok {
		return c, nil
	}
	c := httpx.NewLookup(func(ctx context.Context, value string) ([]connectors.Record, bool, error) {
		recs, err := l.c.find(ctx, e, field, value)
		return recs, true, err
	})
	l.caches[k] = c
	return c, nil
}

// remember puts a record the writer just created into the caches of every
// natural key, so later lookups of it cost nothing.
func (l *lookups) remember(e *entity, rec connectors.Record) {
	for _, f := range e.NaturalKeys {
		v := scalarField(rec.Raw, f)
		if v == "" {
			continue
		}
		if c, err := l.cache(e, f); err == nil {
			c.Set(cacheKey(e, f, v), []connectors.Record{rec})
		}
	}
}

// find asks Exact for the records of e whose field equals value.
func (c *conn) find(ctx context.Context, e *entity, field, value string) ([]connectors.Record, error) {
	if e.ByItem {
		lit, ok := literal(kindGuid, value)
		if !ok {
			return nil, nil
		}
		return c.list(ctx, e, e.Path, url.Values{"itemId": {lit}})
	}
	cond, ok, err := e.condition(field, value)
	if err != nil || !ok {
		return nil, err
	}
	return c.list(ctx, e, e.Path, c.query(e, cond))
}

// query is the CRUD query of e: the filter, the configured $select when e
// is the block's entity, and the lines when they travel with e. Lookups of
// other entities read every property: the schemas list exactly what the
// endpoints return, so a $select of "all the schema's fields" would only
// lengthen URLs toward Exact's 6,000-character limit.
func (c *conn) query(e *entity, filter string) url.Values {
	q := url.Values{}
	if filter != "" {
		q.Set("$filter", filter)
	}
	// The block's expand setting is for its own entity; lookups of
	// others bring their lines.
	expand := e.Lines != "" && (e != c.ent || c.cfg.expand(e))
	if expand {
		q.Set("$expand", e.Lines)
	}
	if e == c.ent && len(c.cfg.Select) > 0 {
		sel := withField(c.cfg.Select, e.Key)
		if expand {
			sel = withField(sel, e.Lines)
		}
		q.Set("$select", strings.Join(sel, ","))
	}
	return q
}

// list reads every page of a CRUD query and normalises the records.
func (c *conn) list(ctx context.Context, e *entity, path string, q url.Values) ([]connectors.Record, error) {
	p := httpx.NextLinkPager(c.client, &httpx.Request{Path: c.path(path), Query: q, Scope: c.scope}, httpx.ODataV2Page)
	var out []connectors.Record
	for {
		raw, err := p.Next(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		rec, err := c.record(e, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

// record normalises one entity and names its origin.
func (c *conn) record(e *entity, raw []byte) (connectors.Record, error) {
	norm, err := normalize(raw)
	if err != nil {
		return connectors.Record{Raw: raw, Origin: e.ref()}, fmt.Errorf("%s: normalising a record: %w", e.ref(), err)
	}
	key := scalarField(norm, e.Key)
	if key == "" {
		key = scalarField(norm, "ID")
	}
	return connectors.Record{Raw: norm, Origin: e.ref() + "/" + key, Key: key}, nil
}

// withField appends f to fields unless it is there.
func withField(fields []string, f string) []string {
	if contains(fields, f) {
		return fields
	}
	return append(append([]string(nil), fields...), f)
}
