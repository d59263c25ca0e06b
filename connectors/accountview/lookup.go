package accountview

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
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

// Lookup implements connectors.Lookuper: the records of q.Entity whose
// q.Field equals q.Value, found with one Equal filter group.
func (c *conn) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	e, err := lookupEntity(q.Entity)
	if err != nil {
		return nil, err
	}
	f, ok := e.field(q.Field)
	if !ok {
		return nil, fmt.Errorf("%s has no field %q to look records up by", e.ref(), q.Field)
	}
	cache := c.lookups.cache(e, q.Field)
	recs, _, err := cache.Get(ctx, cacheKey(f, q.Value))
	if err != nil {
		return nil, fmt.Errorf("looking up %s by %s %q: %w", e.ref(), q.Field, q.Value, err)
	}
	return recs, nil
}

// cacheKey makes keys AccountView treats as equal share an entry: text
// compares without regard to case and trailing blanks.
func cacheKey(f field, value string) string {
	if f.family() == 'C' {
		return strings.ToLower(strings.TrimRight(value, " "))
	}
	return strings.TrimSpace(value)
}

func (l *lookups) cache(e *entity, name string) *httpx.Lookup[[]connectors.Record] {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := e.Name + "." + name
	if c, ok := l.caches[k]; ok {
		return c
	}
	c := httpx.NewLookup(func(ctx context.Context, value string) ([]connectors.Record, bool, error) {
		recs, err := l.c.find(ctx, e, name, value)
		return recs, true, err
	})
	l.caches[k] = c
	return c
}

// remember puts a record the writer just stored into the caches of every
// natural key, so later lookups of it cost nothing.
func (l *lookups) remember(e *entity, rec connectors.Record) {
	for _, name := range e.NaturalKeys {
		v := scalarField(rec.Raw, name)
		f, ok := e.field(name)
		if v == "" || !ok {
			continue
		}
		l.cache(e, name).Set(cacheKey(f, v), []connectors.Record{rec})
	}
}

// find asks AccountView for the records of e whose field equals value,
// every page of them.
func (c *conn) find(ctx context.Context, e *entity, name string, value string) ([]connectors.Record, error) {
	f, _ := e.field(name)
	lit := value
	switch f.family() {
	case 'D':
		l, ok := foxLiteral(f, value)
		if !ok {
			return nil, nil // not a date: nothing can match
		}
		lit = l
	case 'N':
		if _, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err != nil {
			return nil, nil
		}
		lit = strings.TrimSpace(value)
	}
	if strings.TrimSpace(lit) == "" {
		return nil, nil
	}
	q := url.Values{}
	addFilter(q, 1, name, "Equal", string(f.family()), lit)
	q.Set("PageSize", strconv.Itoa(c.cfg.PageSize))
	var out []connectors.Record
	last := ""
	for {
		pq := url.Values{}
		for k, v := range q {
			pq[k] = v
		}
		if last != "" {
			pq.Set("lastKey", last)
		}
		recs, err := c.get(ctx, e, pq)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
		if len(recs) < c.cfg.PageSize {
			return out, nil
		}
		k := scalarField(recs[len(recs)-1].Raw, e.PageKey)
		if k == "" || k == last {
			return nil, fmt.Errorf("the paging key %s did not advance", e.PageKey)
		}
		last = k
	}
}
