package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

//go:embed default_seed.json
var defaultSeed []byte

// DefaultSeed returns the built-in seed document: a Dutch trading company's
// portal with companies, contacts, products with SKUs, deals carrying an
// external order number and their line items, so pipelines can be tried
// offline. It matches the Exact Online emulator's demo customers and items.
func DefaultSeed() []byte { return append([]byte(nil), defaultSeed...) }

func defaultSeedReader() io.Reader { return bytes.NewReader(defaultSeed) }

// Settings a seed may carry beside the object types.
var seedSettings = []string{"portal", "properties", "pipelines", "webhooks"}

// seedRow is one object in a seed.
type seedRow struct {
	ID           string              `json:"id"`
	Properties   map[string]any      `json:"properties"`
	Associations map[string][]string `json:"associations"`
	Archived     bool                `json:"archived"`
}

// seedHooks is an app's webhook settings in a seed.
type seedHooks struct {
	AppID         int64  `json:"appId"`
	TargetURL     string `json:"targetUrl"`
	Subscriptions []struct {
		EventType    string `json:"eventType"`
		PropertyName string `json:"propertyName"`
	} `json:"subscriptions"`
}

// LoadSeed replaces all data with a seed document:
//
//	{"portal": {"id": 146012345, "timeZone": "Europe/Amsterdam", "domain": "…", "currency": "EUR"},
//	 "properties": {"deals": [{"name": "external_order_number", "type": "string", …}]},
//	 "pipelines": {"deals": [{"id": "default", "label": "…", "stages": [{"id", "label", "probability", "closed"}]}]},
//	 "companies": [{"id": "101", "properties": {…}, "associations": {"contacts": ["201"]}}],
//	 "contacts": […], "products": […], "deals": […], "line_items": […],
//	 "webhooks": [{"appId": 1000001, "targetUrl": "…", "subscriptions": [{"eventType": "contact.creation"}]}]}
//
// Rows go through the same checks as API writes, except that they may set
// read-only properties (createdate and the modification date date a row);
// "id" is optional and must grow, "archived" archives the row, and
// associations use the default type and may point forward. Tokens survive
// a reseed.
func (e *Emulator) LoadSeed(r io.Reader) error {
	doc, err := emukit.ReadSeed(r)
	if err != nil {
		return err
	}
	if err := doc.CheckNames(typeNames(), seedSettings...); err != nil {
		return err
	}
	info := portalInfo{ID: 146012345, TimeZone: "Europe/Amsterdam", Domain: "demo.example", Currency: "EUR"}
	if raw, ok := doc["portal"]; ok {
		if err := json.Unmarshal(raw, &info); err != nil {
			return fmt.Errorf("seed portal: %w", err)
		}
	}
	p, err := newPortal(info)
	if err != nil {
		return fmt.Errorf("seed portal: %w", err)
	}
	tx := &txn{e: e, p: p, now: e.clock.Now(), seeding: true}
	if err := tx.seedSettings(doc); err != nil {
		return err
	}
	type pending struct {
		t    *objectType
		id   int64
		refs map[string][]string
	}
	var links []pending
	for _, t := range objectTypes {
		raw, ok := doc[t.Name]
		if !ok {
			continue
		}
		var rows []seedRow
		if err := emukit.DecodeNumbers(raw, &rows); err != nil {
			return fmt.Errorf("seed %s: expected an array of objects: %w", t.Name, err)
		}
		for i, row := range rows {
			o, err := tx.seedObject(t, row)
			if err != nil {
				return fmt.Errorf("seed %s[%d]: %w", t.Name, i, err)
			}
			links = append(links, pending{t, o.ID, row.Associations})
		}
	}
	for _, l := range links {
		for name, ids := range l.refs {
			if err := tx.seedLinks(l.t, l.id, name, ids); err != nil {
				return fmt.Errorf("seed %s %d: associations: %w", l.t.Name, l.id, err)
			}
		}
	}
	e.mu.Lock()
	e.p = p
	e.mu.Unlock()
	if e.persist != nil {
		e.persist.Dirty()
	}
	return nil
}

func (tx *txn) seedObject(t *objectType, row seedRow) (*object, error) {
	if row.ID != "" {
		id, err := parseID(row.ID)
		if err != nil {
			return nil, err
		}
		if id <= tx.p.seq {
			return nil, fmt.Errorf("id %d must be greater than the ids before it (%d)", id, tx.p.seq)
		}
		tx.p.seq = id - 1
	}
	if row.Properties == nil {
		row.Properties = map[string]any{}
	}
	o, err := tx.create(t, row.Properties, nil)
	if err != nil {
		return nil, err
	}
	if row.Archived {
		tx.archive(t, o)
	}
	return o, nil
}

func (tx *txn) seedLinks(from *objectType, id int64, toName string, ids []string) error {
	to := lookupType(toName)
	if to == nil {
		return fmt.Errorf("unknown object type %q", toName)
	}
	at := defaultAssocType(from.Name, to.Name)
	if at == nil {
		return fmt.Errorf("no association type from %s to %s", from.Name, to.Name)
	}
	for _, s := range ids {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || tx.table(to).rows[n] == nil {
			return fmt.Errorf("%s %s does not exist", to.Singular, s)
		}
		if err := tx.associate(from, id, to, n, []int{at.ID}); err != nil {
			return err
		}
	}
	return nil
}

// seedSettings applies the custom properties, pipelines and webhooks.
func (tx *txn) seedSettings(doc emukit.Seed) error {
	if raw, ok := doc["pipelines"]; ok {
		var pl map[string][]*pipeline
		if err := json.Unmarshal(raw, &pl); err != nil {
			return fmt.Errorf("seed pipelines: %w", err)
		}
		if len(pl["deals"]) == 0 {
			return fmt.Errorf("seed pipelines: deals needs at least one pipeline")
		}
		tx.p.setPipelines(pl["deals"])
	}
	if raw, ok := doc["properties"]; ok {
		var props map[string][]propInput
		if err := json.Unmarshal(raw, &props); err != nil {
			return fmt.Errorf("seed properties: %w", err)
		}
		for name, list := range props {
			t := lookupType(name)
			if t == nil {
				return fmt.Errorf("seed properties: unknown object type %q", name)
			}
			for i, in := range list {
				if _, err := tx.createProperty(t, in); err != nil {
					return fmt.Errorf("seed properties %s[%d]: %w", name, i, err)
				}
			}
		}
	}
	if raw, ok := doc["webhooks"]; ok {
		var hooks []seedHooks
		if err := json.Unmarshal(raw, &hooks); err != nil {
			return fmt.Errorf("seed webhooks: %w", err)
		}
		for i, sh := range hooks {
			if !validTarget(sh.TargetURL) {
				return fmt.Errorf("seed webhooks[%d]: targetUrl %q is not an absolute http(s) URL", i, sh.TargetURL)
			}
			h := &appHooks{AppID: sh.AppID, TargetURL: sh.TargetURL, MaxConcurrent: 10, CreatedAt: tx.now, UpdatedAt: tx.now}
			for _, s := range sh.Subscriptions {
				if _, err := tx.addSubscription(h, s.EventType, s.PropertyName, true); err != nil {
					return fmt.Errorf("seed webhooks[%d]: %w", i, err)
				}
			}
			tx.p.hooks[sh.AppID] = h
		}
	}
	return nil
}
