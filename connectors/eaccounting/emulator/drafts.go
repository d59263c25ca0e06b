package emulator

import "net/http"

func init() {
	handle("GET /customerinvoicedrafts", listHandler(defDrafts))
	handle("GET /customerinvoicedrafts/{invoiceDraftId}", getHandler(defDrafts))
	handle("POST /customerinvoicedrafts", func(tx *txn, c *call) (*response, error) {
		r, err := tx.writeDraft(c.body, nil)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defDrafts.component(), r)}, nil
	})
	handle("PUT /customerinvoicedrafts/{customerInvoiceDraftId}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defDrafts, c.params[0])
		if err != nil {
			return nil, err
		}
		r, err := tx.writeDraft(c.body, old)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defDrafts.component(), r)}, nil
	})
	handle("DELETE /customerinvoicedrafts/{customerInvoiceDraftId}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defDrafts, c.params[0])
		if err != nil {
			return nil, err
		}
		tx.drop(defDrafts, str(old["Id"]))
		return &response{}, nil
	})
	handle("POST /customerinvoicedrafts/{customerInvoiceDraftId}/convert", func(tx *txn, c *call) (*response, error) {
		draft, err := tx.load(defDrafts, c.params[0])
		if err != nil {
			return nil, err
		}
		k := checker{strict: tx.e.opts.Strict}
		body := k.object(genComponents[c.op.Request], c.body, "")
		if len(k.errs) > 0 {
			return nil, invalid(k.errs)
		}
		if err := checkDraftTotals(draft, body); err != nil {
			return nil, err
		}
		inv, err := tx.createInvoice(invoiceFromDraft(draft), invoiceOrigin{draftID: str(draft["Id"])})
		if err != nil {
			return nil, err
		}
		tx.drop(defDrafts, str(draft["Id"]))
		return &response{body: render(defInvoices.component(), tx.view(defInvoices, inv))}, nil
	})
}

// writeDraft creates (old == nil) or replaces a customer invoice draft.
// Drafts do not touch stock and have no number.
func (tx *txn) writeDraft(in, old row) (row, error) {
	r, errs := tx.check(defDrafts, in)
	cust, custErr := tx.customerOf(r)
	if custErr != nil {
		errs = append(errs, *custErr)
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	rules := draftRowRules
	rules.replaceZero = boolOf(r["ReplaceUnitPriceWhenZero"])
	rows, t, rowErrs := tx.salesRows(rules, rowsOf(r["Rows"]), rowsOf(old["Rows"]))
	if len(rowErrs) > 0 {
		return nil, invalid(rowErrs)
	}
	if old != nil {
		carryReadOnly(defDrafts.component(), old, r)
		r["Id"] = old["Id"]
	} else if err := tx.assignID(defDrafts, r); err != nil {
		return nil, err
	}
	r["Rows"] = anyRows(rows)
	tx.fillFromCustomer(defDrafts.component(), r, cust)
	currency := str(cust["CurrencyCode"])
	if currency == "" {
		currency = tx.c.settings.CurrencyCode
	}
	gross := num(t.gross())
	r["InvoiceCurrencyCode"] = currency
	r["TotalAmount"], r["TotalAmountBaseCurrency"] = gross, gross
	r["TotalVatAmount"], r["TotalVatAmountBaseCurrency"] = num(t.vat), num(t.vat)
	r["TotalRoundings"] = json0
	tx.stamp(defDrafts, r)
	tx.store(defDrafts, r)
	return r, nil
}

// checkDraftTotals applies the optional totals of a convert request: when
// given, they must match the draft's, so that a client converts exactly
// what it computed.
func checkDraftTotals(draft, body row) error {
	var errs []fieldError
	for _, p := range [][2]string{{"TotalAmountInvoiceCurrency", "TotalAmount"}, {"TotalVatAmountInvoiceCurrency", "TotalVatAmount"}} {
		want, ok := decOf(body[p[0]])
		if ok && want.Cmp(dec(draft[p[1]])) != 0 {
			errs = append(errs, fieldErr(p[0], ruleInvalid, "%s is %s, the draft's is %s", p[0], want, dec(draft[p[1]])))
		}
	}
	if len(errs) > 0 {
		return &apiError{Status: http.StatusBadRequest, Code: codeCannotWrite,
			Message: "The draft's totals differ from the ones given", Errors: errs}
	}
	return nil
}

// invoiceFromDraft is the invoice body a draft converts to.
func invoiceFromDraft(d row) row {
	in := invoiceFromOrder(d)
	for _, f := range []string{"InvoiceDate", "DueDate", "IsCreditInvoice", "ElectronicReference",
		"SubscriptionNumber", "ContractNumber", "ReplaceUnitPriceWhenZero"} {
		if v, ok := d[f]; ok && v != nil {
			in[f] = copyValue(v)
		}
	}
	return in
}
