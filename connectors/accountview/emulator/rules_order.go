package emulator

import (
	"github.com/govalues/decimal"
)

// Sales orders (SO1: SO_HDR with SO_LINE). The server numbers the order
// (ORD_NR), checks the invoice and delivery debtors and the delivery
// address, fills each line from its article (description, price, VAT
// code), computes line and order amounts, and lowers the articles'
// available stock by the ordered quantities. The field names of SO_HDR
// and SO_LINE beyond those [AV-PHP] writes are assumed.

// errNrBlocked: the debtor or article is blocked (REC_BLK, BLK_SP).
const errNrBlocked = 1012

func init() {
	writeRules["SO_HDR"] = tableRules{
		unique:     [][]string{{"REC_ID"}, {"ORD_NR"}},
		minDetails: 1,
		prepare:    prepareOrder,
	}
	writeRules["SO_LINE"] = tableRules{
		unique:  [][]string{{"REC_ID"}},
		prepare: prepareOrderLine,
	}
	finishers["SO1"] = finishOrder
}

func prepareOrder(tx *txn, in *rowIn, _ *row, _ *rowIn) *apiError {
	if err := tx.assign(in, "ORD_NR", "ORD_NR", 1, "%d"); err != nil {
		return err
	}
	inv, err := tx.mustExist(in, "RPL_INV", "CONTACT", "SUB_NR", "debtor")
	if err != nil {
		return err
	}
	if inv != nil && (inv.F["REC_BLK"] == true || inv.F["BLK_SP"] == true) {
		return rowError(errNrBlocked, "%s: debtor %s is blocked for orders", in.label, in.str("RPL_INV"))
	}
	if in.str("RPL_DEL") == "" {
		in.vals["RPL_DEL"] = in.vals["RPL_INV"]
	}
	if _, err := tx.mustExist(in, "RPL_DEL", "CONTACT", "SUB_NR", "debtor"); err != nil {
		return err
	}
	if addr, err := tx.mustExist(in, "DEL_CODE", "DEL_ADDR", "REC_ID", "delivery address"); err != nil {
		return err
	} else if addr != nil {
		owner := strOf(addr.F["SUB_NR"])
		if owner != in.str("RPL_DEL") && owner != in.str("RPL_INV") {
			return rowError(errNrReference, "%s: delivery address %s belongs to debtor %s, not to %s", in.label, in.str("DEL_CODE"), owner, in.str("RPL_DEL"))
		}
	}
	if in.vals["ORD_DATE"] == nil {
		in.vals["ORD_DATE"] = tx.now
	}
	return nil
}

func prepareOrderLine(tx *txn, in *rowIn, _ *row, parent *rowIn) *apiError {
	art, err := tx.mustExist(in, "ART_CODE", "ARTICLE", "ART_CODE", "article")
	if err != nil || art == nil {
		return err
	}
	if art.F["REC_BLK"] == true {
		return rowError(errNrBlocked, "%s: article %s is blocked", in.label, in.str("ART_CODE"))
	}
	defaults := map[string]any{"ART_DESC1": art.F["ART_DESC1"], "ART_PX": art.F["PX_SELL"], "VAT_CODE": art.F["VAT_CODE"]}
	if parent != nil {
		defaults["DEL_DATE"] = parent.vals["DEL_DATE"]
	}
	for k, v := range defaults {
		if in.vals[k] == nil {
			in.vals[k] = v
		}
	}
	if _, err := tx.mustExist(in, "VAT_CODE", "VAT", "VAT_CODE", "VAT code"); err != nil {
		return err
	}
	amt, aerr := decOf(in.vals["ORD_QTY"]).Mul(decOf(in.vals["ART_PX"]))
	if aerr != nil {
		return rowError(errNrBadValue, "%s: ORD_QTY × ART_PX overflows", in.label)
	}
	in.vals["LINE_AMT"] = numberWire(amt.Round(currencyScale))
	return nil
}

// finishOrder numbers the lines, totals the order and reserves stock.
func finishOrder(tx *txn, h *row, kids map[string][]*row) *apiError {
	total := decimal.Zero
	arts := tx.c.tables["ARTICLE"]
	for i, l := range kids["SO_LINE"] {
		tx.set(l, map[string]any{"REC_ORD": intWire(int64(i + 1))})
		var err error
		if total, err = total.Add(decOf(l.F["LINE_AMT"])); err != nil {
			return rowError(errNrBadValue, "SO_HDR %s: order total overflows", strOf(h.F["ORD_NR"]))
		}
		art := arts.find("ART_CODE", strOf(l.F["ART_CODE"]))
		avail, err := decOf(art.F["QTY_AVAIL"]).Sub(decOf(l.F["ORD_QTY"]))
		if err != nil {
			return rowError(errNrBadValue, "SO_LINE %d: available stock of %s overflows", i+1, strOf(l.F["ART_CODE"]))
		}
		tx.change("ARTICLE", art, map[string]any{"QTY_AVAIL": numberWire(avail)})
	}
	total, err := total.Sub(decOf(h.F["PD_AMT"]))
	if err != nil {
		return rowError(errNrBadValue, "SO_HDR %s: order total overflows", strOf(h.F["ORD_NR"]))
	}
	tx.set(h, map[string]any{"ORD_AMT": numberWire(total.Round(currencyScale))})
	return nil
}
