package emulator

import "net/http"

func init() {
	handle("POST /orders/{id}/convert", func(tx *txn, c *call) (*response, error) {
		order, err := tx.load(defOrders, c.params[0])
		if err != nil {
			return nil, err
		}
		if statusOf(order) == statusInvoiced {
			return nil, errf(http.StatusBadRequest, codeCannotWrite, "Order %v is already invoiced", order["Number"])
		}
		inv, err := tx.createInvoice(invoiceFromOrder(order), invoiceOrigin{orderID: str(order["Id"])})
		if err != nil {
			return nil, err
		}
		tx.setOrderStatus(order, statusInvoiced)
		return &response{body: render(defInvoices.component(), tx.view(defInvoices, inv))}, nil
	})
	handle("POST /orders/{id}/completed", func(tx *txn, c *call) (*response, error) {
		return tx.moveOrder(c, statusOngoing, statusShipped, "Only an ongoing order can be completed")
	})
	handle("POST /orders/{id}/voided", func(tx *txn, c *call) (*response, error) {
		return tx.moveOrder(c, statusShipped, statusOngoing, "Only a shipped order can be voided")
	})
}

// moveOrder changes an order's status from one value to another.
func (tx *txn) moveOrder(c *call, from, to int, refusal string) (*response, error) {
	order, err := tx.load(defOrders, c.params[0])
	if err != nil {
		return nil, err
	}
	if statusOf(order) != from {
		return nil, errf(http.StatusBadRequest, codeCannotWrite, "%s; order %v has status %d", refusal, order["Number"], statusOf(order))
	}
	r := tx.setOrderStatus(order, to)
	return &response{body: render(defOrders.component(), r)}, nil
}

// setOrderStatus stores an order with a new status: shipped and invoiced
// orders have delivered everything and consume their stock, open ones
// have delivered nothing and reserve it.
func (tx *txn) setOrderStatus(order row, status int) row {
	r := copyRow(order)
	r["Status"] = intNum(int64(status))
	rows := rowsOf(r["Rows"])
	open := status <= statusOngoing
	for _, row := range rows {
		if open {
			row["DeliveredQuantity"] = json0
		} else {
			row["DeliveredQuantity"] = row["Quantity"]
		}
	}
	switch {
	case open:
		r["ShippedDateTime"] = nil
	case r["ShippedDateTime"] == nil:
		r["ShippedDateTime"] = dateWire(tx.now)
	}
	deliveredTotals(r, rows)
	r["_reserved"], r["_consumed"] = tx.stockMaps(rows, open)
	tx.stamp(defOrders, r)
	tx.applyStock(order, r)
	tx.store(defOrders, r)
	return r
}

// invoiceFromOrder is the invoice body an order converts to: its
// customer, references, addresses and rows.
func invoiceFromOrder(o row) row {
	in := row{}
	for _, f := range []string{"CustomerId", "EuThirdParty", "RotReducedInvoicingType", "YourReference",
		"OurReference", "BuyersOrderReference", "TermsOfPaymentId", "InvoiceAddress1", "InvoiceAddress2",
		"InvoicePostalCode", "InvoiceCity", "InvoiceCountryCode", "DeliveryCustomerName", "DeliveryAddress1",
		"DeliveryAddress2", "DeliveryPostalCode", "DeliveryCity", "DeliveryCountryCode", "DeliveryDate"} {
		if v, ok := o[f]; ok && v != nil {
			in[f] = copyValue(v)
		}
	}
	var rows []any
	for _, r := range rowsOf(o["Rows"]) {
		ir := row{"Text": r["Text"], "Quantity": r["Quantity"], "UnitPrice": r["UnitPrice"],
			"DiscountPercentage": r["DiscountPercentage"]}
		if !boolOf(r["IsTextRow"]) {
			ir["ArticleId"] = r["ArticleId"]
		}
		for k, v := range ir {
			if v == nil {
				delete(ir, k)
			}
		}
		rows = append(rows, ir)
	}
	in["Rows"] = rows
	return in
}
