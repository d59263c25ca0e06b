package emulator

import (
	"math/big"
	"time"
)

// Sales orders, sales invoices and sales entries: header defaults copied
// from the customer, line prices and VAT from items and VAT codes, and
// header totals summed from the lines. Amounts are exact (big.Rat) and
// rounded to cents per line, as an invoice prints them.

func deriveSalesOrder(tx *txn, rec, old, _ row) error {
	if err := tx.deriveCustomerHeader(rec, old, "OrderedBy", true); err != nil {
		return err
	}
	if rec["OrderDate"] == nil {
		rec["OrderDate"] = dateWire(midnight(tx.now))
	}
	if rec["DeliveryDate"] == nil {
		rec["DeliveryDate"] = rec["OrderDate"]
	}
	if rec["WarehouseID"] == nil {
		rec["WarehouseID"] = tx.mainWarehouse()
	}
	if wh, ok := tx.find("Warehouses", str(rec["WarehouseID"])); ok {
		rec["WarehouseCode"], rec["WarehouseDescription"] = wh["Code"], wh["Description"]
	}
	if old == nil {
		setStatus(rec, "Status", statusOpen, "Open")
		setStatus(rec, "DeliveryStatus", statusOpen, "Open")
		setStatus(rec, "InvoiceStatus", statusOpen, "Open")
		rec["ApprovalStatus"], rec["ApprovalStatusDescription"] = intWire(1), "Not applicable"
	}
	return nil
}

func deriveSalesOrderLine(tx *txn, rec, _, parent row) error {
	if err := tx.priceLine(rec, parent, "VATAmount", ""); err != nil {
		return err
	}
	rec["OrderNumber"] = parent["OrderNumber"]
	if rec["DeliveryDate"] == nil {
		rec["DeliveryDate"] = parent["DeliveryDate"]
	}
	for _, f := range []string{"DeliveryStatus", "InvoiceStatus", "OrderStatus"} {
		if rec[f] == nil {
			rec[f] = intWire(statusOpen)
		}
	}
	for _, f := range []string{"QuantityDelivered", "QuantityInvoiced"} {
		if rec[f] == nil {
			rec[f] = intWire(0)
		}
	}
	return nil
}

func aggregateSalesOrder(_ *txn, h row, lines []row) {
	excl, vat := sumLines(lines, "AmountFC"), sumLines(lines, "VATAmount")
	h["AmountFCExclVat"] = numWire(excl)
	total := new(big.Rat).Add(excl, vat)
	h["AmountFC"], h["AmountDC"] = numWire(total), numWire(total)
}

// reserveSalesOrder holds the undelivered quantity of every stock item of
// an open order in the order's warehouse.
func reserveSalesOrder(tx *txn, h row, lines []row) []stockDelta {
	wh := str(h["WarehouseID"])
	if wh == "" || hasStatus(h, statusComplete) || hasStatus(h, statusCancelled) {
		return nil
	}
	var out []stockDelta
	for _, l := range lines {
		it, ok := tx.find("Items", str(l["Item"]))
		if !ok || it["IsStockItem"] != true {
			continue
		}
		q := new(big.Rat).Sub(ratOr(l["Quantity"]), ratOr(l["QuantityDelivered"]))
		if q.Sign() > 0 {
			out = append(out, stockDelta{Item: str(l["Item"]), Warehouse: wh, Qty: q})
		}
	}
	return out
}

func deriveSalesInvoice(tx *txn, rec, old, _ row) error {
	if err := tx.deriveCustomerHeader(rec, old, "OrderedBy", true); err != nil {
		return err
	}
	if old == nil {
		if rec["InvoiceDate"] == nil {
			rec["InvoiceDate"] = dateWire(midnight(tx.now))
		}
		setStatus(rec, "Status", 20, "Open")
		if rec["Type"] == nil {
			rec["Type"] = intWire(8020)
		}
		rec["TypeDescription"] = "Sales invoice"
	}
	if rec["DueDate"] == nil {
		rec["DueDate"] = tx.dueDate(rec["InvoiceDate"], rec["PaymentCondition"])
	}
	return nil
}

func deriveSalesInvoiceLine(tx *txn, rec, _, parent row) error {
	if it, ok := tx.find("Items", str(rec["Item"])); ok && rec["GLAccount"] == nil {
		rec["GLAccount"] = it["GLRevenue"]
	}
	if gl, ok := tx.find("GLAccounts", str(rec["GLAccount"])); ok {
		rec["GLAccountDescription"] = gl["Description"]
	}
	return tx.priceLine(rec, parent, "VATAmountFC", "VATAmountDC")
}

func aggregateSalesInvoice(_ *txn, h row, lines []row) {
	excl, vat := sumLines(lines, "AmountFC"), sumLines(lines, "VATAmountFC")
	total := new(big.Rat).Add(excl, vat)
	h["AmountFCExclVat"] = numWire(excl)
	h["AmountFC"], h["AmountDC"] = numWire(total), numWire(total)
	h["VATAmountFC"], h["VATAmountDC"] = numWire(vat), numWire(vat)
}

func deriveSalesEntry(tx *txn, rec, old, _ row) error {
	if err := tx.deriveCustomerHeader(rec, old, "Customer", false); err != nil {
		return err
	}
	if rec["EntryDate"] == nil {
		rec["EntryDate"] = dateWire(midnight(tx.now))
	}
	if t, ok := parseDate(str(rec["EntryDate"])); ok {
		rec["ReportingYear"], rec["ReportingPeriod"] = intWire(int64(t.Year())), intWire(int64(t.Month()))
	}
	if rec["DueDate"] == nil {
		rec["DueDate"] = tx.dueDate(rec["EntryDate"], rec["PaymentCondition"])
	}
	if old == nil {
		setStatus(rec, "Status", 20, "Open")
		rec["Type"], rec["TypeDescription"] = intWire(20), "Sales entry"
	}
	return nil
}

func deriveSalesEntryLine(tx *txn, rec, _, _ row) error {
	if gl, ok := tx.find("GLAccounts", str(rec["GLAccount"])); ok {
		rec["GLAccountCode"], rec["GLAccountDescription"] = gl["Code"], gl["Description"]
	}
	amount := ratOr(rec["AmountFC"])
	if rec["VATCode"] != nil {
		vc, ok := tx.lookupByCode("VATCodes", rec["VATCode"])
		if !ok {
			return badRequest("VATCode: VAT code '%s' does not exist", str(rec["VATCode"]))
		}
		rec["VATCodeDescription"], rec["VATPercentage"] = vc["Description"], vc["Percentage"]
		if rec["VATAmountFC"] == nil {
			rec["VATAmountFC"] = money(new(big.Rat).Mul(amount, ratOr(vc["Percentage"])))
		}
	}
	rec["AmountDC"], rec["VATBaseAmountFC"], rec["VATBaseAmountDC"] = rec["AmountFC"], rec["AmountFC"], rec["AmountFC"]
	rec["VATAmountDC"] = rec["VATAmountFC"]
	rec["Type"] = intWire(20)
	return nil
}

func aggregateSalesEntry(_ *txn, h row, lines []row) {
	vat := sumLines(lines, "VATAmountFC")
	total := new(big.Rat).Add(sumLines(lines, "AmountFC"), vat)
	h["AmountFC"], h["AmountDC"] = numWire(total), numWire(total)
	h["VATAmountFC"], h["VATAmountDC"] = numWire(vat), numWire(vat)
}

func deriveJournalEntry(tx *txn, rec, _, _ row) error {
	if rec["FinancialYear"] == nil {
		rec["FinancialYear"] = intWire(int64(tx.now.UTC().Year()))
	}
	if rec["FinancialPeriod"] == nil {
		rec["FinancialPeriod"] = intWire(int64(tx.now.UTC().Month()))
	}
	if rec["Currency"] == nil {
		rec["Currency"] = "EUR"
	}
	setStatus(rec, "Status", 20, "Open")
	rec["Type"], rec["TypeDescription"] = intWire(90), "Other"
	return nil
}

func deriveJournalEntryLine(tx *txn, rec, _, parent row) error {
	if gl, ok := tx.find("GLAccounts", str(rec["GLAccount"])); ok {
		rec["GLAccountCode"], rec["GLAccountDescription"] = gl["Code"], gl["Description"]
	}
	if acc, ok := tx.find("Accounts", str(rec["Account"])); ok {
		rec["AccountCode"], rec["AccountName"] = acc["Code"], acc["Name"]
	}
	if rec["Date"] == nil {
		rec["Date"] = dateWire(midnight(tx.now))
	}
	rec["AmountDC"], rec["AmountVATDC"] = rec["AmountFC"], rec["AmountVATFC"]
	rec["EntryNumber"] = parent["EntryNumber"]
	return nil
}

// deriveCustomerHeader fills the customer-derived fields of an order,
// invoice or entry: names, default invoice/delivery accounts, currency and
// payment condition.
func (tx *txn) deriveCustomerHeader(rec, old row, field string, addresses bool) error {
	acc, _ := tx.find("Accounts", str(rec[field]))
	if acc != nil {
		rec[field+"Name"] = acc["Name"] // OrderedByName, CustomerName
	}
	if addresses {
		for _, f := range []string{"InvoiceTo", "DeliverTo"} {
			if rec[f] == nil && old == nil {
				rec[f] = rec[field]
			}
			if a, ok := tx.find("Accounts", str(rec[f])); ok {
				rec[f+"Name"] = a["Name"]
			}
		}
	}
	if rec["Currency"] == nil {
		rec["Currency"] = "EUR"
	}
	if rec["PaymentCondition"] == nil && acc != nil && old == nil {
		rec["PaymentCondition"] = acc["PaymentConditionSales"]
	}
	if rec["PaymentCondition"] != nil {
		pc, ok := tx.lookupByCode("PaymentConditions", rec["PaymentCondition"])
		if !ok {
			return badRequest("PaymentCondition: payment condition '%s' does not exist", str(rec["PaymentCondition"]))
		}
		rec["PaymentConditionDescription"] = pc["Description"]
	}
	return nil
}

func setStatus(rec row, field string, code int64, desc string) {
	rec[field] = intWire(code)
	rec[field+"Description"] = desc
}

// mainWarehouse is the division's main warehouse (Main = 1), else its
// first one; nil when it has none.
func (tx *txn) mainWarehouse() any {
	t := tx.d.table("Warehouses")
	for _, id := range t.ids {
		if n, ok := seqValue(t.rows[id].F["Main"]); ok && n == 1 {
			return id
		}
	}
	if len(t.ids) > 0 {
		return t.ids[0]
	}
	return nil
}

// dueDate adds the payment condition's days to a date.
func (tx *txn) dueDate(from, condition any) any {
	t, ok := parseDate(str(from))
	if !ok {
		return nil
	}
	days := int64(0)
	if pc, ok := tx.lookupByCode("PaymentConditions", condition); ok {
		days, _ = seqValue(pc["PaymentDays"])
	}
	return dateWire(t.Add(time.Duration(days) * 24 * time.Hour))
}
