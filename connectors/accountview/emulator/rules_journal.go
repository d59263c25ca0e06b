package emulator

import (
	"strconv"
	"strings"

	"github.com/govalues/decimal"
)

// Journal pages (DJ1: DJ_PAGE with DJ_LINE). The journal (DJ_CODE) must be
// one of the company's; the server numbers the page within its journal
// when PAGE_NR is empty, gives every line its record id, source and order,
// and totals the page. A page of a memorial journal must balance (line
// amounts plus VAT amounts add up to zero); a page of a sales or purchase
// journal names its debtor or creditor (SUB_NR), whose control account
// takes the page's counter-entry.

func init() {
	writeRules["DJ_PAGE"] = tableRules{
		unique:     [][]string{{"DJ_CODE", "PAGE_NR"}},
		minDetails: 1,
		prepare:    preparePage,
	}
	writeRules["DJ_LINE"] = tableRules{
		unique:  [][]string{{"REC_ID"}},
		prepare: preparePageLine,
	}
	finishers["DJ1"] = finishPage
}

func preparePage(tx *txn, in *rowIn, _ *row, _ *rowIn) *apiError {
	code := in.str("DJ_CODE")
	if code == "" {
		return nil // mandatory: reported by prepare
	}
	j, ok := tx.c.journal(code)
	if !ok {
		return rowError(errNrReference, "%s: journal %q does not exist (DJ_CODE)", in.label, code)
	}
	seq := "PAGE_NR:" + code
	if v := in.str("PAGE_NR"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			tx.bump(seq, n)
		}
	} else {
		for {
			nr := strconv.FormatInt(tx.next(seq), 10)
			if !pageExists(tx.c, code, nr) {
				in.vals["PAGE_NR"] = nr
				break
			}
		}
	}
	if n, err := strconv.ParseInt(in.str("PAGE_NR"), 10, 64); err == nil {
		in.vals["PAGE_NRV"] = intWire(n)
	}
	if _, err := tx.mustExist(in, "SUB_NR", "CONTACT", "SUB_NR", "debtor"); err != nil {
		return err
	}
	if (j.Type == "sales" || j.Type == "purchase") && in.str("SUB_NR") == "" {
		return rowError(errNrMandatory, "%s: a page of %s journal %s needs SUB_NR", in.label, j.Type, code)
	}
	return nil
}

func pageExists(c *company, code, nr string) bool {
	for _, r := range c.tables["DJ_PAGE"].rows {
		if strOf(r.F["DJ_CODE"]) == code && strOf(r.F["PAGE_NR"]) == nr {
			return true
		}
	}
	return false
}

func preparePageLine(tx *txn, in *rowIn, _ *row, parent *rowIn) *apiError {
	for _, ref := range [][4]string{{"ACCT_NR", "LEDGER", "ACCT_NR", "ledger account"},
		{"VAT_CODE", "VAT", "VAT_CODE", "VAT code"}, {"SUB_NR", "CONTACT", "SUB_NR", "debtor"}} {
		if _, err := tx.mustExist(in, ref[0], ref[1], ref[2], ref[3]); err != nil {
			return err
		}
	}
	if parent != nil {
		in.vals["SRC_ID"] = strings.ToUpper(parent.str("PAGE_NR"))
		in.vals["PAGE_NRV"] = parent.vals["PAGE_NRV"]
	}
	// Source type 1: entered in a journal (an assumption; the codes are
	// not documented).
	in.vals["SRC_TYPE"] = intWire(1)
	return nil
}

// finishPage numbers the lines, totals the page, fills period and date,
// and checks the balance of memorial pages.
func finishPage(tx *txn, h *row, kids map[string][]*row) *apiError {
	amount, vat := decimal.Zero, decimal.Zero
	lines := kids["DJ_LINE"]
	for i, l := range lines {
		tx.set(l, map[string]any{"REC_ORD": intWire(int64(i + 1))})
		var err1, err2 error
		amount, err1 = amount.Add(decOf(l.F["AMOUNT"]))
		vat, err2 = vat.Add(decOf(l.F["VAT_AMT"]))
		if err1 != nil || err2 != nil {
			return rowError(errNrBadValue, "DJ_PAGE %s/%s: page total overflows", strOf(h.F["DJ_CODE"]), strOf(h.F["PAGE_NR"]))
		}
	}
	derived := map[string]any{"PAGE_AMT": numberWire(amount), "PAGE_VAT": numberWire(vat)}
	date := strOf(h.F["TRN_DATE"])
	if date == "" && len(lines) > 0 {
		date = strOf(lines[0].F["TRN_DATE"])
		derived["TRN_DATE"] = date
	}
	if h.F["PERIOD"] == nil && len(date) >= 7 {
		m, _ := strconv.Atoi(date[5:7])
		derived["PERIOD"] = intWire(int64(m))
	}
	tx.set(h, derived)
	j, _ := tx.c.journal(strOf(h.F["DJ_CODE"]))
	if j.Type == "memorial" {
		sum, err := amount.Add(vat)
		if err != nil || !sum.IsZero() {
			return rowError(errNrUnbalanced, "DJ_PAGE %s/%s: the page does not balance: the lines add up to %s",
				j.Code, strOf(h.F["PAGE_NR"]), sum.String())
		}
	}
	return nil
}
