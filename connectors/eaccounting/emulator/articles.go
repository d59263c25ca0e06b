package emulator

import (
	"net/http"
	"strings"

	"github.com/govalues/decimal"
)

func init() {
	handle("GET /articles", listHandler(defArticles))
	handle("GET /articles/{articleId}", getHandler(defArticles))
	handle("POST /articles", func(tx *txn, c *call) (*response, error) {
		r, err := tx.writeArticle(c.body, nil)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defArticles.component(), r)}, nil
	})
	handle("PUT /articles/{articleId}", func(tx *txn, c *call) (*response, error) {
		old, err := tx.load(defArticles, c.params[0])
		if err != nil {
			return nil, err
		}
		r, err := tx.writeArticle(c.body, old)
		if err != nil {
			return nil, err
		}
		return &response{body: render(defArticles.component(), r)}, nil
	})
}

// writeArticle creates (old == nil) or replaces an article. Articles
// cannot be deleted (Visma: set IsActive to false).
func (tx *txn) writeArticle(in, old row) (row, error) {
	r, errs := tx.check(defArticles, in)
	number := strings.TrimSpace(str(r["Number"]))
	if number != "" {
		if id, dup := tx.c.lookupUnique(defArticles.Table, "Number", number); dup && (old == nil || id != str(old["Id"])) {
			errs = append(errs, fieldErr("Number", ruleConflict, "Article number %s is already in use", number))
		}
	}
	unit, coding := row(nil), row(nil)
	if id := str(r["UnitId"]); id != "" {
		var ok bool
		if unit, ok = tx.find(defUnits.Table, id); !ok {
			errs = append(errs, fieldErr("UnitId", ruleNotFound, "Unit %s does not exist", id))
		}
	}
	if id := str(r["CodingId"]); id != "" {
		var ok bool
		if coding, ok = tx.find(defCodings.Table, id); !ok {
			errs = append(errs, fieldErr("CodingId", ruleNotFound, "Article account coding %s does not exist", id))
		}
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	service := strings.EqualFold(str(coding["Type"]), "Service")
	if boolOf(r["IsStock"]) && service {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeCannotWrite,
			Message: "A service article cannot be a stock article",
			Errors:  []fieldError{fieldErr("IsStock", ruleInvalid, "IsStock needs an article account coding of the type Goods")}}
	}
	if old != nil {
		carryReadOnly(defArticles.component(), old, r)
		r["Id"] = old["Id"]
		// With the stock module active the balance is read-only: a PUT
		// without it keeps the stock; one with a new value is a manual
		// change.
		if _, sent := r["StockBalance"]; !sent {
			r["StockBalance"] = old["StockBalance"]
		} else if dec(r["StockBalance"]).Cmp(dec(old["StockBalance"])) != 0 {
			r["StockBalanceManuallyChangedUtc"] = utcWire(tx.now)
		}
	} else {
		if err := tx.assignID(defArticles, r); err != nil {
			return nil, err
		}
		// Reservations come from the orders, never from the body or seed.
		r["StockBalanceReserved"] = json0
	}
	r["Number"] = number
	r["UnitName"], r["UnitAbbreviation"] = unit["Name"], unit["Abbreviation"]
	r["CodingName"] = coding["Name"]
	r["IsServiceArticle"] = service
	r["ShowStockInformation"] = boolOf(r["IsStock"]) && !service
	derivePrices(r, dec(coding["VatRatePercent"]))
	tx.stamp(defArticles, r)
	tx.restock(r)
	tx.store(defArticles, r)
	return r, nil
}

// derivePrices fills the net or the gross price from the other through
// the VAT rate of the article's coding, when only one is given.
func derivePrices(r row, vat decimal.Decimal) {
	net, hasNet := decOf(r["NetPrice"])
	gross, hasGross := decOf(r["GrossPrice"])
	switch {
	case hasNet && !hasGross:
		r["GrossPrice"] = num(round(mul(net, add(one, vat)), 2))
	case hasGross && !hasNet:
		q, err := gross.Quo(add(one, vat))
		if err == nil {
			r["NetPrice"] = num(round(q, 2))
		}
	}
}
