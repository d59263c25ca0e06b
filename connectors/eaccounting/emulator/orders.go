package emulator

import (
	"net/http"
)

func init() {
	handle("GET /orders", listHandler(defOrders))
	handle("GET /orders/{id}", getHandler(defOrders))
	handle("POST /orders", func(tx *txn, c *call) (*response, error) {
		r, err := tx.writeOrder(c.body, nil)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defOrders.component(), r)}, nil
	})
	handle("PUT /orders/{id}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defOrders, c.params[0])
		if err != nil {
			return nil, err
		}
		if statusOf(old) == statusInvoiced {
			return nil, errf(http.StatusBadRequest, codeCannotWrite, "Order %v is invoiced and cannot be changed", old["Number"])
		}
		r, err := tx.writeOrder(c.body, old)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defOrders.component(), r)}, nil
	})
	handle("DELETE /orders/{id}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defOrders, c.params[0])
		if err != nil {
			return nil, err
		}
		if s := statusOf(old); s == statusShipped || s == statusInvoiced {
			return nil, errf(http.StatusBadRequest, codeCannotDelete, "Order %v is shipped or invoiced and cannot be deleted", old["Number"])
		}
		tx.applyStock(old, nil)
		tx.drop(defOrders, str(old["Id"]))
		return &response{}, nil
	})
}

func statusOf(r row) int {
	n, _, _ := dec(r["Status"]).Int64(0)
	return int(n)
}

// writeOrder creates (old == nil) or replaces a sales order: the customer
// and articles must exist, Number is assigned, customer details and row
// amounts are derived, and the stock follows the order's status.
func (tx *txn) writeOrder(in, old row) (row, error) {
	r, errs := tx.check(defOrders, in)
	cust, custErr := tx.customerOf(r)
	if custErr != nil {
		errs = append(errs, *custErr)
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	status := statusOf(r)
	if status == statusInvoiced && !tx.seeding {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeCannotWrite,
			Message: "An order cannot be saved as Invoiced; convert it with POST /v2/orders/{id}/convert",
			Errors:  []fieldError{fieldErr("Status", ruleInvalid, "Status 4 (Invoiced) is set by converting the order")}}
	}
	rows, t, rowErrs := tx.salesRows(orderRowRules, rowsOf(r["Rows"]), rowsOf(old["Rows"]))
	if len(rowErrs) > 0 {
		return nil, invalid(rowErrs)
	}
	if old != nil {
		carryReadOnly(defOrders.component(), old, r)
		r["Id"] = old["Id"]
	} else if err := tx.assignID(defOrders, r); err != nil {
		return nil, err
	}
	if r["Number"] == nil {
		r["Number"] = intNum(tx.c.next("order"))
	} else {
		n, _, _ := dec(r["Number"]).Int64(0)
		tx.c.saw("order", n)
	}
	if status >= statusShipped {
		for _, row := range rows {
			row["DeliveredQuantity"] = row["Quantity"]
		}
		if r["ShippedDateTime"] == nil {
			r["ShippedDateTime"] = dateWire(tx.now)
		}
	}
	r["Rows"] = anyRows(rows)
	tx.orderTotals(r, rows, t)
	tx.fillFromCustomer(defOrders.component(), r, cust)
	if r["OrderDate"] == nil {
		r["OrderDate"] = dateWire(tx.now)
	}
	r["_reserved"], r["_consumed"] = tx.stockMaps(rows, status <= statusOngoing)
	tx.stamp(defOrders, r)
	tx.applyStock(old, r)
	tx.store(defOrders, r)
	return r, nil
}

// orderTotals sets Amount (net), VatAmount and the delivered amounts.
func (tx *txn) orderTotals(r row, rows []row, t totals) {
	r["Amount"] = num(t.net)
	r["VatAmount"] = num(t.vat)
	r["RoundingsAmount"] = json0
	deliveredTotals(r, rows)
}

// deliveredTotals sets the amounts of what the rows have delivered.
func deliveredTotals(r row, rows []row) {
	delivered, deliveredVat := zero, zero
	for _, row := range rows {
		if boolOf(row["IsTextRow"]) {
			continue
		}
		amount := round(mul(mul(dec(row["DeliveredQuantity"]), dec(row["UnitPrice"])), sub(one, dec(row["DiscountPercentage"]))), 2)
		delivered = add(delivered, amount)
		deliveredVat = add(deliveredVat, round(mul(amount, dec(row["VatRate"])), 2))
	}
	r["DeliveredAmount"], r["DeliveredVatAmount"], r["DeliveredRoundingsAmount"] = num(delivered), num(deliveredVat), json0
}

// customerOf finds the document's customer.
func (tx *txn) customerOf(r row) (row, *fieldError) {
	id := str(r["CustomerId"])
	if id == "" {
		return nil, nil // the required check has reported it
	}
	c, ok := tx.find(defCustomers.Table, id)
	if !ok {
		e := fieldErr("CustomerId", ruleNotFound, "Customer %s does not exist", id)
		return nil, &e
	}
	return c, nil
}

// customerDefaults are the header fields a sales document takes from its
// customer when the client leaves them out.
var customerDefaults = [][2]string{
	{"InvoiceCustomerName", "Name"}, {"InvoiceAddress1", "InvoiceAddress1"}, {"InvoiceAddress2", "InvoiceAddress2"},
	{"InvoicePostalCode", "InvoicePostalCode"}, {"InvoiceCity", "InvoiceCity"},
	{"InvoiceCountryCode", "InvoiceCountryCode"}, {"DeliveryCustomerName", "DeliveryCustomerName"},
	{"DeliveryAddress1", "DeliveryAddress1"}, {"DeliveryAddress2", "DeliveryAddress2"},
	{"DeliveryPostalCode", "DeliveryPostalCode"}, {"DeliveryCity", "DeliveryCity"},
	{"DeliveryCountryCode", "DeliveryCountryCode"}, {"TermsOfPaymentId", "TermsOfPaymentId"},
}

// fillFromCustomer copies the customer's details onto a sales document.
func (tx *txn) fillFromCustomer(comp *genComponent, r, cust row) {
	setIf(comp, r, "CustomerNumber", cust["CustomerNumber"])
	setIf(comp, r, "CustomerName", cust["Name"])
	setIf(comp, r, "CustomerIsPrivatePerson", boolOf(cust["IsPrivatePerson"]))
	setIf(comp, r, "CustomerEmail", cust["EmailAddress"])
	setIf(comp, r, "ElectronicAddress", cust["ElectronicAddress"])
	for _, d := range customerDefaults {
		f, ok := comp.field(d[0])
		if ok && (r[d[0]] == nil || f.readOnly()) && cust[d[1]] != nil {
			r[d[0]] = cust[d[1]]
		}
	}
}
