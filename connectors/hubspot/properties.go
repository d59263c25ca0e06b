package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// propDef is what the connector needs of a property definition.
type propDef struct {
	Name           string `json:"name"`
	Type           string `json:"type"`      // string, number, bool, date, datetime, enumeration, phone_number, ...
	FieldType      string `json:"fieldType"` // checkbox: a multiple-checkboxes enumeration
	HasUniqueValue bool   `json:"hasUniqueValue"`
	Calculated     bool   `json:"calculated"`
	Modification   struct {
		ReadOnlyValue bool `json:"readOnlyValue"`
	} `json:"modificationMetadata"`
}

// multi reports a multiple-checkboxes enumeration, whose value is a
// ";"-separated list.
func (d *propDef) multi() bool { return d.Type == "enumeration" && d.FieldType == "checkbox" }

// readOnly reports a property HubSpot computes (hs_object_id, createdate,
// amount on line items): writing it is an error there.
func (d *propDef) readOnly() bool { return d.Modification.ReadOnlyValue || d.Calculated }

// propDefs are one object type's property definitions by name.
type propDefs map[string]*propDef

// unique reports whether HubSpot keeps name unique (email on contacts, a
// custom property declared unique): batch read and idProperty work on it.
func (p propDefs) unique(e *entity, name string) bool {
	if contains(e.Unique, name) {
		return true
	}
	d := p[name]
	return d != nil && d.HasUniqueValue
}

// propertyCache fetches each object type's definitions once per run
// (GET /crm/v3/properties/{objectType}).
type propertyCache struct {
	c   *conn
	mu  sync.Mutex
	all map[string]*httpx.Lookup[propDefs]
}

func newPropertyCache(c *conn) *propertyCache {
	return &propertyCache{c: c, all: map[string]*httpx.Lookup[propDefs]{}}
}

// of returns e's definitions.
func (pc *propertyCache) of(ctx context.Context, e *entity) (propDefs, error) {
	pc.mu.Lock()
	l, ok := pc.all[e.Type]
	if !ok {
		l = httpx.NewLookup(func(ctx context.Context, _ string) (propDefs, bool, error) {
			defs, err := pc.fetch(ctx, e)
			return defs, err == nil, err
		})
		pc.all[e.Type] = l
	}
	pc.mu.Unlock()
	defs, _, err := l.Get(ctx, e.Type)
	if err != nil {
		return nil, fmt.Errorf("reading the property definitions of %s: %w", e.Type, err)
	}
	return defs, nil
}

func (pc *propertyCache) fetch(ctx context.Context, e *entity) (propDefs, error) {
	var v struct {
		Results []*propDef `json:"results"`
	}
	resp, err := pc.c.api.Do(ctx, &httpx.Request{Path: "crm/v3/properties/" + e.Type})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		return nil, fmt.Errorf("decoding property definitions: %w", err)
	}
	defs := propDefs{}
	for _, d := range v.Results {
		if d != nil && d.Name != "" {
			defs[d.Name] = d
		}
	}
	return defs, nil
}
