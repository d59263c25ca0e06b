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

// DefaultSeed returns the built-in seed document: a Dutch trading company
// (EUR) with fiscal years 2024 to 2030, a chart of the accounts it books
// on, VAT codes (21 %, 9 %, 0 %), terms of payment, units, article account
// codings, four customers, stock articles and a service, two open orders,
// an invoice and a voucher, so that pipelines can be tried offline.
func DefaultSeed() []byte { return append([]byte(nil), defaultSeed...) }

func defaultSeedReader() io.Reader { return bytes.NewReader(defaultSeed) }

// LoadSeed replaces all data with a seed document:
//
//	{"company": {"Name": "…", "CountryCode": "NL", "CurrencyCode": "EUR",
//	             "ReceivablesAccount": 1300, "VatAccount": 1500,
//	             "Accounts": [{"Number": 8000, "Name": "Revenue"}, …]},
//	 "fiscalyears": [...], "termsofpayments": [...], "units": [...],
//	 "vatcodes": [...], "articleaccountcodings": [...], "customers": [...],
//	 "articles": [...], "orders": [...], "customerinvoicedrafts": [...],
//	 "customerinvoices": [...], "vouchers": [...]}
//
// Entity members are named after their path under /v2. Rows go through the
// same derivations and checks as API writes, except that they may carry
// their own Id and read-only fields (audit times, numbers, an invoice's
// RemainingAmount). Open orders reserve stock and invoices consume it, as
// they would through the API. Tokens survive a reseed.
func (e *Emulator) LoadSeed(r io.Reader) error {
	doc, err := emukit.ReadSeed(r)
	if err != nil {
		return err
	}
	names := make([]string, len(entityDefs))
	for i, d := range entityDefs {
		names[i] = d.Table
	}
	if err := doc.CheckNames(names, "company"); err != nil {
		return err
	}
	var settings companySettings
	if raw, ok := doc["company"]; ok {
		if err := json.Unmarshal(raw, &settings); err != nil {
			return fmt.Errorf("seed company: %w", err)
		}
	}
	co := newCompany(settings)
	tx := &txn{e: e, c: co, now: e.clock.Now(), seeding: true}
	for _, def := range entityDefs {
		rows, err := doc.Rows(def.Table)
		if err != nil {
			return err
		}
		for i, in := range rows {
			if err := guard(func() error { return tx.seedRow(def, in) }); err != nil {
				return fmt.Errorf("seed %s[%d]: %s", def.Table, i, describe(err))
			}
		}
	}
	e.mu.Lock()
	e.co = co
	e.mu.Unlock()
	if e.persist != nil {
		e.persist.Dirty()
	}
	return nil
}

// seedRow stores one seed row through its entity's write path.
func (tx *txn) seedRow(def *entityDef, in row) error {
	var err error
	switch def {
	case defCustomers:
		_, err = tx.writeCustomer(in, nil)
	case defArticles:
		_, err = tx.writeArticle(in, nil)
	case defOrders:
		_, err = tx.writeOrder(in, nil)
	case defDrafts:
		_, err = tx.writeDraft(in, nil)
	case defInvoices:
		_, err = tx.createInvoice(in, invoiceOrigin{})
	case defVouchers:
		_, err = tx.createVoucher(in, voucherManual, "", true)
	default:
		err = tx.insertReference(def, in)
	}
	return err
}

// describe renders an API error with its field errors, for seed errors.
func describe(err error) string {
	e, ok := err.(*apiError)
	if !ok {
		return err.Error()
	}
	var parts []string
	for _, f := range e.Errors {
		parts = append(parts, f.Field+": "+f.Message)
	}
	if len(parts) == 0 {
		return e.Message
	}
	return strings.Join(parts, "; ")
}
