package emulator

import "math/big"

// priceLine fills a sales line's item data, prices, amount and VAT:
// NetPrice = UnitPrice × (1 − Discount), AmountFC = Quantity × NetPrice and
// VAT = AmountFC × the VAT code's percentage, each rounded to cents.
func (tx *txn) priceLine(rec, parent row, vatField, vatDCField string) error {
	it, _ := tx.find("Items", str(rec["Item"]))
	if it != nil {
		rec["ItemCode"], rec["ItemDescription"] = it["Code"], it["Description"]
		if rec["UnitCode"] == nil {
			rec["UnitCode"] = it["Unit"]
		}
		if rec["VATCode"] == nil {
			rec["VATCode"] = it["SalesVatCode"]
		}
	}
	if rec["Quantity"] == nil {
		rec["Quantity"] = intWire(1)
	}
	switch {
	case rec["UnitPrice"] == nil && rec["NetPrice"] != nil:
		rec["UnitPrice"] = rec["NetPrice"]
	case rec["UnitPrice"] == nil && it != nil:
		rec["UnitPrice"] = it["StandardSalesPrice"]
	}
	if rec["Discount"] == nil {
		rec["Discount"] = intWire(0)
	}
	net := new(big.Rat).Mul(ratOr(rec["UnitPrice"]), new(big.Rat).Sub(big.NewRat(1, 1), ratOr(rec["Discount"])))
	if rec["NetPrice"] == nil || ratOr(rec["Discount"]).Sign() != 0 {
		rec["NetPrice"] = numWire(roundRat(net, 6))
	}
	amount := roundRat(new(big.Rat).Mul(ratOr(rec["Quantity"]), ratOr(rec["NetPrice"])), 2)
	rec["AmountFC"], rec["AmountDC"] = numWire(amount), numWire(amount)
	if rec["VATCode"] == nil && parent != nil {
		if acc, ok := tx.find("Accounts", str(parent["OrderedBy"])); ok {
			rec["VATCode"] = acc["SalesVATCode"]
		}
	}
	pct := new(big.Rat)
	if rec["VATCode"] != nil {
		vc, ok := tx.lookupByCode("VATCodes", rec["VATCode"])
		if !ok {
			return badRequest("VATCode: VAT code '%s' does not exist", str(rec["VATCode"]))
		}
		rec["VATCodeDescription"] = vc["Description"]
		pct = ratOr(vc["Percentage"])
	}
	rec["VATPercentage"] = numWire(pct)
	vat := money(new(big.Rat).Mul(amount, pct))
	rec[vatField] = vat
	if vatDCField != "" {
		rec[vatDCField] = vat
	}
	return nil
}

func sumLines(lines []row, field string) *big.Rat {
	sum := new(big.Rat)
	for _, l := range lines {
		sum.Add(sum, ratOr(l[field]))
	}
	return sum
}
