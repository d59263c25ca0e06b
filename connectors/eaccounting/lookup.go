package eaccounting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"sync"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// lookups answers Lookup for one connection: one cache per (entity,
// field) for the run, so each key costs at most one call, found or not.
type lookups struct {
	c      *conn
	mu     sync.Mutex
	caches map[string]*httpx.Lookup[[]connectors.Record]
}

func newLookups(c *conn) *lookups {
	return &lookups{c: c, caches: map[string]*httpx.Lookup[[]connectors.Record]{}}
}

// Lookup implements connectors.Lookuper: the records of q.Entity whose
// q.Field equals q.Value. Id is fetched directly (/v2/<path>/{id}); any
// other plain field is a $filter on the collection.
func (c *conn) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	e, err := lookupEntity(q.Entity)
	if err != nil {
		return nil, err
	}
	cache, err := c.lookups.cache(e, q.Field)
	if err != nil {
		return nil, err
	}
	recs, _, err := cache.Get(ctx, q.Value)
	if err != nil {
		return nil, fmt.Errorf("looking up %s by %s %q: %w", e.ref(), q.Field, q.Value, err)
	}
	return recs, nil
}

func (l *lookups) cache(e *entity, field string) (*httpx.Lookup[[]connectors.Record], error) {
	if k, ok := e.field(field); !ok {
		return nil, fmt.Errorf("%s has no field %q to look records up by", e.ref(), field)
	} else if k == kindCollection {
		return nil, fmt.Errorf("%s.%s is a list or object; eAccounting can look records up by plain fields only", e.ref(), field)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	k := e.Name + "." + field
	if c, ok := l.caches[k]; ok {
		return c, nil
	}
	c := httpx.NewLookup(func(ctx context.Context, value string) ([]connectors.Record, bool, error) {
		recs, err := l.c.find(ctx, e, field, value)
		if err == nil && field != keyField {
			// An update of a record found by its natural key needs the
			// stored record: keep it under its Id too.
			for _, r := range recs {
				l.byID(e, r)
			}
		}
		return recs, true, err
	})
	l.caches[k] = c
	return c, nil
}

// remember puts a record the writer stored into the caches of its Id and
// natural keys, so later lookups of it cost nothing.
func (l *lookups) remember(e *entity, rec connectors.Record) {
	for _, f := range append([]string{keyField}, e.NaturalKeys...) {
		v := scalarField(rec.Raw, f)
		if v == "" {
			continue
		}
		if c, err := l.cache(e, f); err == nil {
			c.Set(v, []connectors.Record{rec})
		}
	}
}

// byID caches rec as the answer for its Id.
func (l *lookups) byID(e *entity, rec connectors.Record) {
	if rec.Key == "" {
		return
	}
	if c, err := l.cache(e, keyField); err == nil {
		c.Set(rec.Key, []connectors.Record{rec})
	}
}

// find asks Visma for the records of e whose field equals value.
func (c *conn) find(ctx context.Context, e *entity, field, value string) ([]connectors.Record, error) {
	if field == keyField {
		return c.byID(ctx, e, value)
	}
	cond, ok, err := e.condition(field, value)
	if err != nil || !ok {
		return nil, err
	}
	return c.list(ctx, e, url.Values{"$filter": {cond}, "$pagesize": {strconv.Itoa(maxPageSize)}})
}

// byID fetches one record; an Id that is not a GUID or is unknown is no
// record.
func (c *conn) byID(ctx context.Context, e *entity, id string) ([]connectors.Record, error) {
	lit, ok := literal(kindGuid, id)
	if !ok {
		return nil, nil
	}
	resp, err := c.client.Do(ctx, &httpx.Request{Path: e.Path + "/" + lit, Scope: e.endpoint(true)})
	var ae *httpx.APIError
	if errors.As(err, &ae) && ae.Status == 404 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !json.Valid(resp.Body) {
		return nil, fmt.Errorf("%s %s: the answer is not JSON", e.ref(), lit)
	}
	return []connectors.Record{c.record(e, resp.Body)}, nil
}

// list reads every page of a query.
func (c *conn) list(ctx context.Context, e *entity, q url.Values) ([]connectors.Record, error) {
	p := c.pager(e, q)
	var out []connectors.Record
	for {
		raw, err := p.Next(ctx)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c.record(e, raw))
	}
}

// record names a record's origin and key. Visma's JSON is the schema's
// shape already (dates are ISO 8601, audit stamps in UTC with a Z), so
// the body is handed over as it came.
func (c *conn) record(e *entity, raw []byte) connectors.Record {
	key := scalarField(raw, keyField)
	return connectors.Record{Raw: raw, Origin: e.ref() + "/" + key, Key: key}
}

// scalarField reads a top-level string or number property as text; ""
// when it is absent, null or of another type.
func scalarField(rec []byte, name string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(rec, &m) != nil {
		return ""
	}
	v, ok := m[name]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String()
	}
	return ""
}
