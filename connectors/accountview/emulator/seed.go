package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

//go:embed default_seed.json
var defaultSeed []byte

// DefaultSeed returns the built-in seed document: two companies, the first
// with ledger accounts, VAT codes, journals, debtors with delivery
// addresses, article groups, articles with stock, a sales order and two
// journal pages, so that pipelines can be tried offline.
func DefaultSeed() []byte { return append([]byte(nil), defaultSeed...) }

func defaultSeedReader() io.Reader { return bytes.NewReader(defaultSeed) }

// seedOrder is the order seed tables are loaded in, so that references
// resolve: masters before the documents that point to them.
var seedOrder = []string{"LEDGER", "VAT", "CONTACT", "DEL_ADDR", "ART_GRP", "ARTICLE", "SO_HDR", "DJ_PAGE"}

// seedCompany is a company in a seed.
type seedCompany struct {
	ID          string    `json:"Id"`
	Code        string    `json:"Code"`
	Description string    `json:"Description"`
	Journals    []journal `json:"Journals"`
}

// LoadSeed replaces all data with a seed document:
//
//	{"companies": [{"Id": "…", "Code": "DEMO", "Description": "…",
//	                "Journals": [{"DJ_CODE": "MEM", "DJ_NAME": "Memoriaal", "DJ_TYPE": "memorial"}]}],
//	 "LEDGER": [{"ACCT_NR": "1300", …}], "CONTACT": [{…, "DEL_ADDR": [{…}]}],
//	 "SO_HDR": [{…, "SO_LINE": [{…}]}], "DJ_PAGE": [{…, "DJ_LINE": [{…}]}], …}
//
// Keys other than "companies" are table names (LEDGER, VAT, CONTACT,
// DEL_ADDR, ART_GRP, ARTICLE, SO_HDR, DJ_PAGE); detail rows nest under
// their table's name. Rows go to the first company unless they carry
// "Company" (its Id or Code). Seed rows go through the same rules as API
// writes, except that they may set fields the server maintains
// (QTY_AVAIL, CNG_DATE, REC_ID). Tokens survive a reseed.
func (e *Emulator) LoadSeed(r io.Reader) error {
	doc, err := emukit.ReadSeed(r)
	if err != nil {
		return err
	}
	if err := doc.CheckNames(seedOrder, "companies"); err != nil {
		return err
	}
	var scs []seedCompany
	if raw, ok := doc["companies"]; ok {
		if err := json.Unmarshal(raw, &scs); err != nil {
			return fmt.Errorf("seed companies: %w", err)
		}
	}
	if len(scs) == 0 {
		return fmt.Errorf("seed has no companies")
	}
	fresh := map[string]*company{}
	var order []string
	for i, sc := range scs {
		id := strings.ToLower(strings.TrimSpace(sc.ID))
		if id == "" || sc.Code == "" {
			return fmt.Errorf("seed companies[%d]: Id and Code are required", i)
		}
		if fresh[id] != nil {
			return fmt.Errorf("seed companies[%d]: Id %s is listed twice", i, sc.ID)
		}
		fresh[id] = newCompany(id, sc.Code, sc.Description, sc.Journals)
		order = append(order, id)
	}
	for _, name := range seedOrder {
		rows, err := doc.Rows(name)
		if err != nil {
			return err
		}
		bo := boOfTable(name)
		for i, in := range rows {
			c := fresh[order[0]]
			if v, ok := in["Company"]; ok {
				if c = findCompany(fresh, strOf(v)); c == nil {
					return fmt.Errorf("seed %s[%d]: company %v is not listed in companies", name, i, v)
				}
				delete(in, "Company")
			}
			h, err := e.seedRow(tables[name], bo, in, fmt.Sprintf("seed %s[%d]", name, i))
			if err != nil {
				return err
			}
			tx := newTxn(c, e.clock.Now(), e.loc, "SEED")
			tx.seeding = true
			if _, err := tx.insert(bo, h); err != nil {
				return fmt.Errorf("seed %s[%d]: %v", name, i, err)
			}
		}
	}
	e.mu.Lock()
	e.companies, e.order = fresh, order
	e.mu.Unlock()
	e.dirty()
	return nil
}

// boOfTable returns the business object whose header table is name.
func boOfTable(name string) *boDef {
	for i := range genBusinessObjects {
		if genBusinessObjects[i].Table == name {
			return &genBusinessObjects[i]
		}
	}
	return nil
}

func findCompany(cs map[string]*company, ref string) *company {
	if c := cs[strings.ToLower(ref)]; c != nil {
		return c
	}
	for _, c := range cs {
		if strings.EqualFold(c.Code, ref) {
			return c
		}
	}
	return nil
}

// seedRow converts a seed object into a row of t, with nested detail rows.
func (e *Emulator) seedRow(t *tableDef, bo *boDef, in map[string]any, label string) (*rowIn, error) {
	out := &rowIn{table: t, label: label, vals: map[string]any{}}
	for k, v := range in {
		if bo != nil && contains(bo.Details, k) {
			list, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: %s must be an array of rows", label, k)
			}
			for j, item := range list {
				obj, ok := item.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("%s.%s[%d]: not an object", label, k, j)
				}
				kid, err := e.seedRow(tables[k], nil, obj, fmt.Sprintf("%s.%s[%d]", label, k, j))
				if err != nil {
					return nil, err
				}
				if out.kids == nil {
					out.kids = map[string][]*rowIn{}
				}
				out.kids[k] = append(out.kids[k], kid)
			}
			continue
		}
		f, ok := t.field(k)
		if !ok || f.has(fSystem) {
			return nil, fmt.Errorf("%s: %s has no field %s", label, t.Name, k)
		}
		w, err := toWire(f, "", v, e.loc)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", label, err.Message)
		}
		out.vals[f.Name] = w
		out.names = append(out.names, f.Name)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
