package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

func init() {
	handle("GET /customers", listHandler(defCustomers))
	handle("GET /customers/{customerId}", getHandler(defCustomers))
	handle("POST /customers", func(tx *txn, c *call) (*response, error) {
		r, err := tx.writeCustomer(c.body, nil)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defCustomers.component(), r)}, nil
	})
	handle("PUT /customers/{customerId}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defCustomers, c.params[0])
		if err != nil {
			return nil, err
		}
		r, err := tx.writeCustomer(c.body, old)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defCustomers.component(), r)}, nil
	})
	handle("DELETE /customers/{customerId}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defCustomers, c.params[0])
		if err != nil {
			return nil, err
		}
		id := str(old["Id"])
		for _, def := range []*entityDef{defOrders, defDrafts, defInvoices} {
			for _, r := range tx.c.table(def.Table).all() {
				if str(r["CustomerId"]) == id {
					return nil, errf(http.StatusBadRequest, codeCannotDelete,
						"Customer %s has linked transactions (%s) and cannot be deleted; set IsActive to false instead", id, def.Table)
				}
			}
		}
		tx.drop(defCustomers, id)
		return &response{}, nil
	})
}

// writeCustomer creates (old == nil) or replaces a customer.
func (tx *txn) writeCustomer(in, old row) (row, error) {
	r, errs := tx.check(defCustomers, in)
	var terms row
	if id := str(r["TermsOfPaymentId"]); id != "" {
		var ok bool
		if terms, ok = tx.find(defTerms.Table, id); !ok {
			errs = append(errs, fieldErr("TermsOfPaymentId", ruleNotFound, "Terms of payment %s does not exist", id))
		}
	}
	number := strings.TrimSpace(str(r["CustomerNumber"]))
	if number != "" {
		if id, dup := tx.c.lookupUnique(defCustomers.Table, "CustomerNumber", number); dup && (old == nil || id != str(old["Id"])) {
			errs = append(errs, fieldErr("CustomerNumber", ruleConflict, "Customer number %s is already in use", number))
		}
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	if old != nil {
		carryReadOnly(defCustomers.component(), old, r)
		r["Id"] = old["Id"]
		if number == "" {
			number = str(old["CustomerNumber"])
		}
	} else if err := tx.assignID(defCustomers, r); err != nil {
		return nil, err
	}
	if number == "" {
		number = tx.nextCustomerNumber()
	}
	r["CustomerNumber"] = number
	if n, err := strconv.ParseInt(number, 10, 64); err == nil {
		tx.c.saw("customer", n)
	}
	if r["CurrencyCode"] == nil {
		r["CurrencyCode"] = tx.c.settings.CurrencyCode
	}
	r["TermsOfPayment"] = copyRow(terms)
	tx.stamp(defCustomers, r)
	tx.store(defCustomers, r)
	return r, nil
}

// nextCustomerNumber is the next free number of the customer series.
func (tx *txn) nextCustomerNumber() string {
	for {
		n := strconv.FormatInt(tx.c.next("customer"), 10)
		if _, used := tx.c.lookupUnique(defCustomers.Table, "CustomerNumber", n); !used {
			return n
		}
	}
}
