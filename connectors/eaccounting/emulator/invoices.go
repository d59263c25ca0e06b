package emulator

import (
	"net/http"
	"time"
)

func init() {
	handle("GET /customerinvoices", func(tx *txn, c *call) (*response, error) {
		lq, err := parseListQuery(c.query, defInvoices.component())
		if err != nil {
			return nil, err
		}
		rows := tx.views(defInvoices, tx.c.table(defInvoices.Table).all())
		// modifiedSinceUtc is the one query parameter the document gives a
		// list: invoices modified at or after that time.
		if s := c.query.Get("modifiedSinceUtc"); s != "" {
			since, ok := parseTime(s)
			if !ok {
				return nil, errf(http.StatusBadRequest, codeValidation, "modifiedSinceUtc '%s' is not a date-time", s)
			}
			var kept []row
			for _, r := range rows {
				if t, ok := parseTime(str(r["ModifiedUtc"])); ok && !t.Before(since) {
					kept = append(kept, r)
				}
			}
			rows = kept
		}
		return &response{body: tx.page(rows, lq, renderer(defInvoices))}, nil
	})
	handle("GET /customerinvoices/{invoiceId}", getHandler(defInvoices))
	handle("POST /customerinvoices", func(tx *txn, c *call) (*response, error) {
		r, err := tx.createInvoice(c.body, invoiceOrigin{})
		if err != nil {
			return nil, err
		}
		return &response{body: render(defInvoices.component(), tx.view(defInvoices, r))}, nil
	})
}

// invoiceOrigin says where an invoice comes from: a POST (zero value), an
// order or a draft.
type invoiceOrigin struct {
	orderID, draftID string
}

// createInvoice books a customer invoice: customer, terms and articles must
// exist; InvoiceNumber, dates, customer details, row amounts and totals are
// derived; a voucher is booked; stock is consumed unless the invoice comes
// from an order (whose own status accounts for it).
func (tx *txn) createInvoice(in row, origin invoiceOrigin) (row, error) {
	r, errs := tx.check(defInvoices, in)
	cust, custErr := tx.customerOf(r)
	if custErr != nil {
		errs = append(errs, *custErr)
	}
	termsID := str(r["TermsOfPaymentId"])
	if termsID == "" {
		termsID = str(cust["TermsOfPaymentId"])
	}
	terms, hasTerms := tx.find(defTerms.Table, termsID)
	if !hasTerms && cust != nil {
		errs = append(errs, fieldErr("TermsOfPaymentId", ruleNotFound, "Terms of payment %s does not exist", termsID))
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	rules := invoiceRowRules
	rules.replaceZero = boolOf(r["ReplaceUnitPriceWhenZero"])
	rows, t, rowErrs := tx.salesRows(rules, rowsOf(r["Rows"]), nil)
	if len(rowErrs) > 0 {
		return nil, invalid(rowErrs)
	}
	if err := tx.assignID(defInvoices, r); err != nil {
		return nil, err
	}
	if r["InvoiceNumber"] == nil {
		r["InvoiceNumber"] = intNum(tx.c.next("invoice"))
	} else {
		n, _, _ := dec(r["InvoiceNumber"]).Int64(0)
		tx.c.saw("invoice", n)
	}
	invoiceDate := tx.now
	if d, ok := parseTime(str(r["InvoiceDate"])); ok {
		invoiceDate = d
	}
	r["InvoiceDate"] = dateWire(invoiceDate)
	if r["DueDate"] == nil {
		days, _, _ := dec(terms["NumberOfDays"]).Int64(0)
		r["DueDate"] = dateWire(invoiceDate.Add(time.Duration(days) * 24 * time.Hour))
	}
	r["TermsOfPaymentId"] = terms["Id"]
	r["Rows"] = anyRows(rows)
	tx.fillFromCustomer(defInvoices.component(), r, cust)
	currency := str(cust["CurrencyCode"])
	if currency == "" {
		currency = tx.c.settings.CurrencyCode
	}
	gross := num(t.gross())
	r["CurrencyCode"] = currency
	r["TotalAmount"], r["TotalAmountInvoiceCurrency"] = gross, gross
	r["TotalVatAmount"], r["TotalVatAmountInvoiceCurrency"] = num(t.vat), num(t.vat)
	r["TotalRoundings"] = json0
	if r["RemainingAmount"] == nil { // a seed may bring a paid invoice
		r["RemainingAmount"], r["RemainingAmountInvoiceCurrency"] = gross, gross
	}
	if r["PaymentStatus"] == nil {
		r["PaymentStatus"] = intNum(1) // Unpaid
	}
	r["VatSpecification"] = vatSpecification(t)
	r["CreatedByUserId"] = emulatorUserID
	if origin.orderID != "" {
		r["CreatedFromOrderId"] = origin.orderID
	}
	if origin.draftID != "" {
		r["CreatedFromDraftId"] = origin.draftID
	}
	if origin.orderID == "" && str(r["CreatedFromOrderId"]) == "" {
		r["_reserved"], r["_consumed"] = tx.stockMaps(rows, false)
	}
	if err := tx.bookInvoice(r, t, invoiceDate); err != nil {
		return nil, err
	}
	tx.stamp(defInvoices, r)
	tx.applyStock(nil, r)
	tx.store(defInvoices, r)
	tx.noteInvoice(cust, r)
	return r, nil
}

// emulatorUserID is the user every token of the emulator acts for.
const emulatorUserID = "5f3a1c2e-7d4b-4e8a-9c1f-0a1b2c3d4e5f"

// noteInvoice updates the customer's read-only invoice figures. Visma
// does not document whether that changes the customer's ChangedUtc; here
// it does not.
func (tx *txn) noteInvoice(cust, inv row) {
	if cust == nil {
		return
	}
	if str(cust["LastInvoiceDate"]) < str(inv["InvoiceDate"]) {
		cust["LastInvoiceDate"] = inv["InvoiceDate"]
	}
	cust["UnpaidInvoicesAmount"] = num(add(dec(cust["UnpaidInvoicesAmount"]), dec(inv["RemainingAmount"])))
	tx.changed = true
}
