package asperion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
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

// Lookup implements connectors.Lookuper: debtors by number, email or VAT number,
// articles by code (inactive ones included), orders and invoices by
// reference or number, codes of VAT, payment conditions and sales types,
// and any entity by id.
func (c *conn) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	e, err := lookupEntity(q.Entity)
	if err != nil {
		return nil, err
	}
	cache, err := c.lookups.cache(e, q.Field)
	if err != nil {
		return nil, err
	}
	recs, _, err := cache.Get(ctx, cacheKey(q.Value))
	if err != nil {
		return nil, fmt.Errorf("looking up %s by %s %q: %w", e.ref(), q.Field, q.Value, err)
	}
	return recs, nil
}

// cacheKey makes keys that Asperion compares alike share an entry: text
// ignoring case.
func cacheKey(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

func (l *lookups) cache(e *entity, field string) (*httpx.Lookup[[]connectors.Record], error) {
	if _, ok := e.Filters[field]; !ok && field != e.Key {
		fields := []string{e.Key}
		for f := range e.Filters {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		return nil, fmt.Errorf("%s cannot be looked up by %q: Asperion filters it by %s only", e.ref(), field, strings.Join(fields, ", "))
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

// remember puts a record the writer created or changed into the caches of
// its natural keys, so later lookups of it cost nothing.
func (l *lookups) remember(e *entity, rec connectors.Record) {
	for _, f := range append([]string{e.Key}, e.NaturalKeys...) {
		v := scalarField(rec.Raw, f)
		if v == "" {
			continue
		}
		if c, err := l.cache(e, f); err == nil {
			c.Set(cacheKey(v), []connectors.Record{rec})
		}
	}
}

// find asks Asperion for the records of e whose field equals value.
func (c *conn) find(ctx context.Context, e *entity, field, value string) ([]connectors.Record, error) {
	if strings.TrimSpace(value) == "" {
		return nil, nil
	}
	if field == e.Key {
		rec, found, err := c.get(ctx, e, strings.TrimSpace(value))
		if err != nil || !found {
			return nil, err
		}
		return []connectors.Record{rec}, nil
	}
	q := url.Values{e.Filters[field]: {value}}
	for k, v := range e.LookupQuery {
		q.Set(k, v)
	}
	all, err := c.list(ctx, e, q)
	if err != nil {
		return nil, err
	}
	// An ASP.NET API ignores a parameter it does not know: should the
	// table's filter name be wrong, the answer is the whole list. Only
	// records whose field really matches count.
	var out []connectors.Record
	for _, r := range all {
		var m map[string]json.RawMessage
		if json.Unmarshal(r.Raw, &m) == nil && sameValue(m[field], value) {
			out = append(out, r)
		}
	}
	return out, nil
}

// list reads every page of a list query.
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
		rec, err := record(e, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}
