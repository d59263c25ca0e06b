package emulator

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

//go:embed default_seed.json
var defaultSeed []byte

// DefaultSeed returns the built-in seed document: two administrations, each
// with VAT codes, payment conditions, sales types, debtors (companies and
// persons) and articles with stock, the first also with a sales order, a
// sales invoice and a journal entry, so that pipelines can be tried
// offline.
func DefaultSeed() []byte { return append([]byte(nil), defaultSeed...) }

func defaultSeedReader() io.Reader { return bytes.NewReader(defaultSeed) }

// seedDefaultMember marks the user's default administration in a seed.
const seedDefaultMember = "default"

// LoadSeed replaces all data with a seed document:
//
//	{"administrations": [
//	  {"id": 1001, "name": "Tuincentrum De Linde B.V.", "default": true,
//	   "vatCodes": [...], "paymentConditions": [...], "salesTypes": [...],
//	   "debtors": [...], "articles": [...], "salesOrders": [...],
//	   "salesInvoices": [...], "journalEntries": [...]}]}
//
// Rows are in wire form and go through the same checks and derivations as
// API writes (a seeded sales order lowers stock, too), except that they
// may carry read-only values: their own ids (to refer to each other;
// unique per entity across administrations, as API ids are), numbers,
// currentStock and timestamps. The administration marked
// "default" (else the first) is the user's default. Tokens survive a
// reseed.
func (e *Emulator) LoadSeed(r io.Reader) error {
	doc, err := emukit.ReadSeed(r)
	if err != nil {
		return err
	}
	if err := doc.CheckNames(nil, "administrations"); err != nil {
		return err
	}
	var admins []map[string]any
	if raw, ok := doc["administrations"]; ok {
		if err := emukit.DecodeNumbers(raw, &admins); err != nil {
			return fmt.Errorf("seed administrations: %w", err)
		}
	}
	if len(admins) == 0 {
		return fmt.Errorf("seed has no administrations")
	}
	fresh := newData()
	now := e.clock.Now()
	adminEnt := entityByName["administration"]
	defaultID := int64(0)
	for i, in := range admins {
		a, isDefault, err := seedAdministration(adminEnt, in, i)
		if err != nil {
			return err
		}
		if _, dup := fresh.admins[a.ID]; dup {
			return fmt.Errorf("seed administrations[%d]: id %d listed twice", i, a.ID)
		}
		fresh.admins[a.ID] = a
		fresh.order = append(fresh.order, a.ID)
		if isDefault && defaultID == 0 {
			defaultID = a.ID
		}
		for k := 1; k < len(entities); k++ {
			ent := &entities[k]
			rows, err := seedRows(in, ent.Seed)
			if err != nil {
				return fmt.Errorf("seed administrations[%d].%s: %w", i, ent.Seed, err)
			}
			for j, row := range rows {
				c := &wctx{d: fresh, adm: a, now: now, l: en, seeding: true, errs: &fieldErrors{}}
				if _, aerr := c.create(ent, row); aerr != nil {
					return fmt.Errorf("seed administrations[%d].%s[%d]: %s", i, ent.Seed, j, describe(aerr))
				}
			}
		}
	}
	fresh.setDefault(defaultID)
	e.mu.Lock()
	e.data = fresh
	e.mu.Unlock()
	e.dirty()
	return nil
}

// seedAdministration decodes an administration's own fields and checks
// that every other member is an entity's seed name.
func seedAdministration(ent *entity, in map[string]any, i int) (*administration, bool, error) {
	known := map[string]bool{seedDefaultMember: true}
	own := map[string]any{}
	for _, f := range ent.Fields {
		known[strings.ToLower(f.Wire)] = true
	}
	for _, other := range entities[1:] {
		known[strings.ToLower(other.Seed)] = true
	}
	for k, v := range in {
		if !known[strings.ToLower(k)] {
			return nil, false, fmt.Errorf("seed administrations[%d]: unknown member %q", i, k)
		}
		if findWire(ent.Fields, k) {
			own[k] = v
		}
	}
	dc := decoder{l: en, seeding: true, errs: &fieldErrors{}}
	info := dc.object(ent.Fields, own, "")
	if aerr := dc.errs.err(); aerr != nil {
		return nil, false, fmt.Errorf("seed administrations[%d]: %s", i, describe(aerr))
	}
	id, ok := intOf(info["id"])
	if !ok || id <= 0 {
		return nil, false, fmt.Errorf("seed administrations[%d]: id must be a positive number", i)
	}
	isDefault, _ := in[seedDefaultMember].(bool)
	return newAdministration(id, info), isDefault, nil
}

func findWire(fields []field, wire string) bool {
	for _, f := range fields {
		if strings.EqualFold(f.Wire, wire) {
			return true
		}
	}
	return false
}

// seedRows returns the rows under member name ([] when absent).
func seedRows(in map[string]any, name string) ([]map[string]any, error) {
	for k, v := range in {
		if !strings.EqualFold(k, name) {
			continue
		}
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("expected an array of objects")
		}
		rows := make([]map[string]any, len(list))
		for i, item := range list {
			m, ok := item.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("[%d] is not an object", i)
			}
			rows[i] = m
		}
		return rows, nil
	}
	return nil, nil
}

// setDefault moves the default administration (0: keep the first) to the
// front and marks it in every administration's isDefault.
func (d *data) setDefault(id int64) {
	if id != 0 {
		for i, x := range d.order {
			if x == id {
				copy(d.order[1:i+1], d.order[:i])
				d.order[0] = id
				break
			}
		}
	}
	for i, x := range d.order {
		d.admins[x].Info["isDefault"] = i == 0
	}
}

// describe flattens an error for a seed message.
func describe(e *apiError) string {
	if e.Errors == nil {
		return e.Detail
	}
	var parts []string
	for _, k := range e.Errors.keys {
		parts = append(parts, strings.Join(e.Errors.m[k], " "))
	}
	return strings.Join(parts, " ")
}
