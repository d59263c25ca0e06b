package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

func init() {
	handle("GET /vouchers", listHandler(defVouchers))
	handle("GET /vouchers/{fiscalyearId}", func(tx *txn, c *call) (*response, error) {
		fy, err := tx.fiscalYear(c.params[0])
		if err != nil {
			return nil, err
		}
		lq, err := parseListQuery(c.query, defVouchers.component())
		if err != nil {
			return nil, err
		}
		var rows []row
		for _, v := range tx.c.table(defVouchers.Table).all() {
			if inYear(fy, str(v["VoucherDate"])) {
				rows = append(rows, v)
			}
		}
		return &response{body: tx.page(rows, lq, renderer(defVouchers))}, nil
	})
	handle("GET /vouchers/{fiscalyearId}/{voucherId}", func(tx *txn, c *call) (*response, error) {
		fy, err := tx.fiscalYear(c.params[0])
		if err != nil {
			return nil, err
		}
		v, err := tx.load(defVouchers, c.params[1])
		if err != nil {
			return nil, err
		}
		if !inYear(fy, str(v["VoucherDate"])) {
			return nil, notFound("Voucher", str(v["Id"])+" in fiscal year "+str(fy["Id"]))
		}
		return &response{body: render(defVouchers.component(), v)}, nil
	})
	handle("POST /vouchers", func(tx *txn, c *call) (*response, error) {
		ownSeries := c.query.Get("useDefaultVoucherSeries") == "false"
		v, err := tx.createVoucher(c.body, voucherManual, "", ownSeries)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defVouchers.component(), v)}, nil
	})
}

// Voucher types of the document that the emulator writes.
const (
	voucherManual          = 2
	voucherCustomerInvoice = 14
)

// defaultSeries is the number series of vouchers unless the client asks
// for its own (?useDefaultVoucherSeries=false with NumberSeries).
const defaultSeries = "A"

// fiscalYear returns the fiscal year an id in the path names; unknown is
// Visma's FiscalYearDoesNotExist.
func (tx *txn) fiscalYear(raw string) (row, error) {
	id, _ := parseUUID(raw)
	fy, ok := tx.find(defFiscalYears.Table, id)
	if !ok {
		return nil, errf(http.StatusNotFound, codeNoFiscalYear, "Fiscal year %s does not exist", raw)
	}
	return fy, nil
}

// inYear reports whether a date falls in a fiscal year, by calendar date.
func inYear(fy row, date string) bool {
	d := datePart(date)
	return d != "" && datePart(str(fy["StartDate"])) <= d && d <= datePart(str(fy["EndDate"]))
}

func datePart(s string) string {
	if len(s) < 10 {
		return ""
	}
	return s[:10]
}

// fiscalYearOf finds the fiscal year of a date.
func (tx *txn) fiscalYearOf(date string) (row, bool) {
	for _, fy := range tx.c.table(defFiscalYears.Table).all() {
		if inYear(fy, date) {
			return fy, true
		}
	}
	return nil, false
}

// createVoucher books a voucher: its date must fall in a fiscal year, its
// accounts must be in the chart, and its debits and credits must balance.
// The number comes from the series ("A" unless ownSeries), so that
// NumberAndNumberSeries reads "A1", "A2", …
func (tx *txn) createVoucher(in row, voucherType int, sourceID string, ownSeries bool) (row, error) {
	v, errs := tx.check(defVouchers, in)
	date := tx.now
	if d, ok := parseTime(str(v["VoucherDate"])); ok {
		date = d
	}
	v["VoucherDate"] = dateWire(date)
	debit, credit := zero, zero
	rows := rowsOf(v["Rows"])
	for i, r := range rows {
		n, _, _ := dec(r["AccountNumber"]).Int64(0)
		name, ok := tx.c.accountName(n)
		if !ok {
			errs = append(errs, fieldErr("Rows["+strconv.Itoa(i)+"].AccountNumber", ruleNotFound, "Account %d does not exist", n))
			continue
		}
		if name != "" {
			r["AccountDescription"] = name
		}
		debit, credit = add(debit, dec(r["DebitAmount"])), add(credit, dec(r["CreditAmount"]))
	}
	if len(errs) > 0 {
		e := invalid(errs)
		if errs[0].ErrorCode == ruleNotFound {
			e.Code = codeNoAccount
		}
		return nil, e
	}
	if _, ok := tx.fiscalYearOf(dateWire(date)); !ok {
		return nil, errf(http.StatusBadRequest, codeNoFiscalYear, "No fiscal year contains the voucher date %s", dateWire(date)[:10])
	}
	if debit.Cmp(credit) != 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeCannotWrite,
			Message: "The voucher is not balanced: debit " + debit.String() + ", credit " + credit.String(),
			Errors:  []fieldError{fieldErr("Rows", ruleInvalid, "The sum of DebitAmount must equal the sum of CreditAmount")}}
	}
	if err := tx.assignID(defVouchers, v); err != nil {
		return nil, err
	}
	series := defaultSeries
	if ownSeries && strings.TrimSpace(str(v["NumberSeries"])) != "" {
		series = strings.TrimSpace(str(v["NumberSeries"]))
	}
	v["NumberSeries"] = series
	if v["NumberAndNumberSeries"] == nil {
		v["NumberAndNumberSeries"] = series + strconv.FormatInt(tx.c.next("voucher:"+series), 10)
	}
	if v["VoucherType"] == nil || !tx.seeding && voucherType != voucherManual {
		v["VoucherType"] = intNum(int64(voucherType))
	}
	if sourceID != "" {
		v["SourceId"] = sourceID
	}
	tx.stamp(defVouchers, v)
	tx.store(defVouchers, v)
	return v, nil
}

// bookInvoice books an invoice's voucher (CustomerInvoiceDebit): the gross
// amount on the receivables account, each row's net amount on its article
// coding's sales account, the VAT on the VAT account; a credit invoice's
// negative amounts go to the other side. Without a receivables account in
// the company settings, or when a row's coding has no sales account,
// nothing is booked and VoucherId stays empty.
func (tx *txn) bookInvoice(inv row, t totals, date time.Time) error {
	if _, ok := tx.fiscalYearOf(dateWire(date)); !ok {
		return errf(http.StatusBadRequest, codeNoFiscalYear, "No fiscal year contains the invoice date %s", dateWire(date)[:10])
	}
	s := tx.c.settings
	if s.ReceivablesAccount == 0 {
		return nil
	}
	var lines []any
	post := func(account int64, debitSide bool, amountText string) {
		a := decMustParse(amountText)
		if a.IsZero() {
			return
		}
		if a.IsNeg() {
			a, debitSide = a.Neg(), !debitSide
		}
		d, c := json0, json0
		if debitSide {
			d = num(a)
		} else {
			c = num(a)
		}
		lines = append(lines, map[string]any{"AccountNumber": intNum(account), "DebitAmount": d, "CreditAmount": c,
			"TransactionText": "Invoice " + dec(inv["InvoiceNumber"]).String()})
	}
	post(s.ReceivablesAccount, true, t.gross().String())
	revenue := map[int64]string{}
	var order []int64
	for _, r := range rowsOf(inv["Rows"]) {
		a, ok := tx.find(defArticles.Table, str(r["ArticleId"]))
		if !ok {
			continue
		}
		coding, _ := tx.find(defCodings.Table, str(a["CodingId"]))
		acct, _, _ := dec(coding["DomesticSalesSubjectToVatAccountNumber"]).Int64(0)
		if acct == 0 {
			return nil // a coding without a sales account: nothing to book on
		}
		if _, seen := revenue[acct]; !seen {
			order = append(order, acct)
		}
		revenue[acct] = add(decMustParse(orText(revenue[acct], "0")), dec(r["Amount"])).String()
	}
	for _, acct := range order {
		post(acct, false, revenue[acct])
	}
	if s.VatAccount != 0 {
		post(s.VatAccount, false, t.vat.String())
	}
	if len(lines) == 0 {
		return nil
	}
	in := map[string]any{"VoucherDate": dateWire(date),
		"VoucherText": "Customer invoice " + dec(inv["InvoiceNumber"]).String(), "Rows": lines}
	if tx.seeding && inv["ModifiedUtc"] != nil {
		in["ModifiedUtc"] = inv["ModifiedUtc"] // booked when the seed's invoice was
	}
	v, err := tx.createVoucher(in, voucherCustomerInvoice, str(inv["Id"]), false)
	if err != nil {
		return err
	}
	inv["VoucherId"] = v["Id"]
	inv["VoucherNumber"] = v["NumberAndNumberSeries"]
	return nil
}
