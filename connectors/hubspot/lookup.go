package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// lookups answers Lookup and LookupMany for one connection, with one
// cache for the run: a key costs at most one call (or a share of a batch
// call), found or not, and records the writer made are known without one.
type lookups struct {
	c     *conn
	mu    sync.Mutex
	known map[string]map[string][]connectors.Record // "type.property" → value → records
}

func newLookups(c *conn) *lookups {
	return &lookups{c: c, known: map[string]map[string][]connectors.Record{}}
}

// norm makes equal keys share an entry: HubSpot stores e-mail addresses
// lower-cased.
func norm(prop, value string) string {
	if prop == "email" {
		return strings.ToLower(strings.TrimSpace(value))
	}
	return value
}

func (l *lookups) get(e *entity, prop, value string) ([]connectors.Record, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recs, ok := l.known[e.Type+"."+prop][norm(prop, value)]
	return recs, ok
}

func (l *lookups) set(e *entity, prop, value string, recs []connectors.Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := e.Type + "." + prop
	if l.known[k] == nil {
		l.known[k] = map[string][]connectors.Record{}
	}
	l.known[k][norm(prop, value)] = recs
}

// remember files a record the writer created or changed under its id and
// natural keys.
func (l *lookups) remember(e *entity, rec connectors.Record, props map[string]string) {
	l.set(e, "hs_object_id", rec.Key, []connectors.Record{rec})
	for _, p := range e.NaturalKeys {
		if v := props[p]; v != "" {
			l.set(e, p, v, []connectors.Record{rec})
		}
	}
}

// forget drops what is known of a key (before verifying a create).
func (l *lookups) forget(e *entity, prop, value string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.known[e.Type+"."+prop], norm(prop, value))
}

// Lookup implements connectors.Lookuper: q.Field is a property, as the
// schema path ("properties.email") or bare ("email"), or "id".
func (c *conn) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	got, err := c.LookupMany(ctx, q.Entity, q.Field, []string{q.Value})
	if err != nil {
		return nil, err
	}
	return got[q.Value], nil
}

// LookupMany implements connectors.BatchLookuper: keys not known yet are
// fetched together, 100 a call: by batch read for ids and unique
// properties (email, unique custom properties), else by a search with IN.
func (c *conn) LookupMany(ctx context.Context, entity, field string, values []string) (map[string][]connectors.Record, error) {
	e, err := lookupEntity(entity)
	if err != nil {
		return nil, err
	}
	prop := propertyOf(field)
	defs, err := c.props.of(ctx, e)
	if err != nil {
		return nil, err
	}
	if prop != "hs_object_id" && defs[prop] == nil {
		return nil, fmt.Errorf("%s has no property %q to look records up by", e.ref(), prop)
	}
	out := map[string][]connectors.Record{}
	var missing []string
	for _, v := range values {
		if recs, ok := c.looks.get(e, prop, v); ok {
			if len(recs) > 0 {
				out[v] = recs
			}
		} else if strings.TrimSpace(v) != "" && !contains(missing, norm(prop, v)) {
			missing = append(missing, norm(prop, v))
		}
	}
	for start := 0; start < len(missing); start += inValuesMax {
		chunk := missing[start:min(start+inValuesMax, len(missing))]
		objs, err := c.fetchKeys(ctx, e, defs, prop, chunk)
		if err != nil {
			return nil, fmt.Errorf("looking up %s by %s: %w", e.ref(), prop, err)
		}
		found := map[string][]connectors.Record{}
		for _, o := range objs {
			rec, err := c.record(e, defs, o)
			if err != nil {
				return nil, err
			}
			key := o.ID
			if prop != "hs_object_id" && o.Properties[prop] != nil {
				key = *o.Properties[prop]
			}
			key = norm(prop, key)
			found[key] = append(found[key], rec)
		}
		for _, v := range chunk {
			c.looks.set(e, prop, v, found[v])
		}
	}
	for _, v := range values {
		if _, done := out[v]; done {
			continue
		}
		if recs, _ := c.looks.get(e, prop, v); len(recs) > 0 {
			out[v] = recs
		}
	}
	return out, nil
}

// fetchKeys asks HubSpot for the objects whose prop is one of values.
func (c *conn) fetchKeys(ctx context.Context, e *entity, defs propDefs, prop string, values []string) ([]*wireObject, error) {
	// The key itself is read too: answers are filed under its value, and a
	// custom key (external_sku) is not among the schema's properties.
	props := e.readProps(append([]string{prop, c.cfg.MatchBy}, c.cfg.Properties...)...)
	if prop == "hs_object_id" || defs.unique(e, prop) {
		return c.batchRead(ctx, e, prop, values, props)
	}
	return c.searchAll(ctx, e, searchQuery{
		FilterGroups: []filterGroup{{Filters: []filter{{PropertyName: prop, Operator: "IN", Values: values}}}},
		Properties:   props, Limit: searchPageSize,
	})
}

// batchRead reads objects by id or by a unique property; ids HubSpot does
// not have come back as a 207 error, which only means "not found".
func (c *conn) batchRead(ctx context.Context, e *entity, prop string, values, props []string) ([]*wireObject, error) {
	type in struct {
		ID string `json:"id"`
	}
	req := struct {
		Inputs     []in     `json:"inputs"`
		Properties []string `json:"properties"`
		IDProperty string   `json:"idProperty,omitempty"`
	}{Properties: props}
	if prop != "hs_object_id" {
		req.IDProperty = prop
	}
	for _, v := range values {
		req.Inputs = append(req.Inputs, in{ID: v})
	}
	body, _ := json.Marshal(req)
	resp, err := c.api.Do(ctx, &httpx.Request{Method: http.MethodPost, Path: e.path("batch/read"), Body: body, Idempotent: true})
	if err != nil {
		var ae *httpx.APIError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return nil, nil // every key unknown
		}
		return nil, err
	}
	var v struct {
		Results []*wireObject `json:"results"`
	}
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		return nil, fmt.Errorf("decoding a batch read of %s: %w", e.Type, err)
	}
	return v.Results, nil
}

// record turns a wire object into a connectors.Record.
func (c *conn) record(e *entity, defs propDefs, o *wireObject) (connectors.Record, error) {
	raw, err := fromWire(defs, o)
	if err != nil {
		return connectors.Record{Origin: e.ref() + "/" + o.ID}, fmt.Errorf("%s/%s: %w", e.ref(), o.ID, err)
	}
	return connectors.Record{Raw: raw, Origin: e.ref() + "/" + o.ID, Key: o.ID}, nil
}
