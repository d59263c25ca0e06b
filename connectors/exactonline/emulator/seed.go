package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

//go:embed default_seed.json
var defaultSeed []byte

// DefaultSeed returns the built-in seed document: one division with a
// warehouse, GL accounts, VAT codes, payment conditions, a few customers
// and items with stock, so that pipelines can be tried offline.
func DefaultSeed() []byte { return append([]byte(nil), defaultSeed...) }

func defaultSeedReader() io.Reader { return bytes.NewReader(defaultSeed) }

// seedOrder is the order seed entities are loaded in, so references
// resolve: masters before the documents that point to them, headers before
// top-level lines.
var seedOrder = []string{"Warehouses", "GLAccounts", "VATCodes", "PaymentConditions", "Accounts", "Contacts",
	"Addresses", "ItemGroups", "Items", "ItemWarehouses", "SalesItemPrices", "SalesOrders", "SalesOrderLines", "SalesInvoices",
	"SalesInvoiceLines", "SalesEntries", "SalesEntryLines", "GeneralJournalEntries", "GeneralJournalEntryLines",
	"StockCounts", "StockCountLines", "WebhookSubscriptions"}

// seedDivision is a division in a seed: a bare code or an object.
type seedDivision struct {
	Code        int    `json:"Code"`
	Description string `json:"Description"`
}

func (d *seedDivision) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &d.Code); err == nil {
		return nil
	}
	type plain seedDivision
	return json.Unmarshal(b, (*plain)(d))
}

// LoadSeed replaces all data with a seed document:
//
//	{"divisions": [123456, {"Code": 7, "Description": "Other BV"}],
//	 "Accounts": [{"Name": "Acme", ...}], "Items": [...], ...}
//
// Keys other than "divisions" are entity names (Accounts, Items,
// ItemWarehouses, SalesOrders with nested SalesOrderLines, …). Rows go to
// the first division unless they carry "Division". Seed rows go through
// the same derivations and checks as API writes, except that they may set
// read-only fields (CurrentStock, VAT Percentage) and their own keys. The
// first division is the user's current one. Tokens survive a reseed.
func (e *Emulator) LoadSeed(r io.Reader) error {
	doc, err := emukit.ReadSeed(r)
	if err != nil {
		return err
	}
	var divs []seedDivision
	if raw, ok := doc["divisions"]; ok {
		if err := json.Unmarshal(raw, &divs); err != nil {
			return fmt.Errorf("seed divisions: %w", err)
		}
	}
	if len(divs) == 0 {
		return fmt.Errorf("seed has no divisions")
	}
	if err := doc.CheckNames(seedOrder, "divisions"); err != nil {
		return err
	}
	fresh := map[int]*division{}
	var order []int
	for _, sd := range divs {
		if sd.Code <= 0 {
			return fmt.Errorf("seed: division code %d is not a positive number", sd.Code)
		}
		if _, dup := fresh[sd.Code]; dup {
			return fmt.Errorf("seed: division %d listed twice", sd.Code)
		}
		fresh[sd.Code] = newDivision(sd.Code, sd.Description)
		order = append(order, sd.Code)
	}
	now := e.clock.Now()
	for _, name := range seedOrder {
		rows, err := doc.Rows(name)
		if err != nil {
			return err
		}
		for i, in := range rows {
			code := order[0]
			if v, ok := in["Division"]; ok {
				n, ok := seqValue(v)
				if !ok || fresh[int(n)] == nil {
					return fmt.Errorf("seed %s[%d]: division %v is not listed in divisions", name, i, v)
				}
				code = int(n)
				delete(in, "Division")
			}
			tx := &txn{e: e, d: fresh[code], now: now, seeding: true}
			if _, err := tx.create(specByName[name], in); err != nil {
				return fmt.Errorf("seed %s[%d]: %w", name, i, err)
			}
		}
	}
	e.mu.Lock()
	e.divs, e.divOrder = fresh, order
	e.mu.Unlock()
	if e.persist != nil {
		e.persist.Dirty()
	}
	return nil
}
