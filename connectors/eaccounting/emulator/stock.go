package emulator

import (
	"sort"

	"github.com/govalues/decimal"
)

// Stock follows the sales documents. A document keeps, under internal keys
// that are never rendered, what it does to the stock of each stock article:
//
//	_reserved  quantities an open order (Draft or Ongoing) holds back
//	_consumed  quantities that left the stock: an order Shipped or
//	           Invoiced, or an invoice not made from an order
//
// Each write applies the difference between the document's old and new
// maps to the articles: StockBalance drops by what is newly consumed,
// StockBalanceReserved follows the reservations, StockBalanceAvailable is
// their difference. Non-stock articles (IsStock false) are not tracked.
// An article whose stock changes gets a new ChangedUtc, so that
// incremental reads of articles see stock movements. Stock may go
// negative; Visma does not refuse an order for want of stock.

// Order statuses.
const (
	statusDraft    = 1
	statusOngoing  = 2
	statusShipped  = 3
	statusInvoiced = 4
)

// stockMaps computes the reservations and consumption of document rows:
// reserve says whether the quantities are held back (open order) or gone.
func (tx *txn) stockMaps(rows []row, reserve bool) (reserved, consumed map[string]any) {
	qty := map[string]decimal.Decimal{}
	for _, r := range rows {
		id := str(r["ArticleId"])
		if id == "" {
			continue
		}
		a, ok := tx.find(defArticles.Table, id)
		if !ok || !boolOf(a["IsStock"]) {
			continue
		}
		qty[id] = add(qty[id], dec(r["Quantity"]))
	}
	m := map[string]any{}
	for id, q := range qty {
		m[id] = num(q)
	}
	if reserve {
		return m, map[string]any{}
	}
	return map[string]any{}, m
}

// applyStock moves the articles' stock from what old did to what doc does
// (either may be nil: a new or a deleted document).
func (tx *txn) applyStock(old, doc row) {
	oldRes, oldCons := stockMap(old, "_reserved"), stockMap(old, "_consumed")
	newRes, newCons := stockMap(doc, "_reserved"), stockMap(doc, "_consumed")
	ids := map[string]bool{}
	for _, m := range []map[string]any{oldRes, oldCons, newRes, newCons} {
		for id := range m {
			ids[id] = true
		}
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		a, ok := tx.find(defArticles.Table, id)
		if !ok {
			continue
		}
		dRes := sub(dec(newRes[id]), dec(oldRes[id]))
		dCons := sub(dec(newCons[id]), dec(oldCons[id]))
		if dRes.IsZero() && dCons.IsZero() {
			continue
		}
		a["StockBalance"] = num(sub(dec(a["StockBalance"]), dCons))
		a["StockBalanceReserved"] = num(add(dec(a["StockBalanceReserved"]), dRes))
		tx.restock(a)
		tx.touch(defArticles, a)
	}
}

func stockMap(doc row, key string) map[string]any {
	if doc == nil {
		return nil
	}
	m, _ := doc[key].(map[string]any)
	return m
}

// restock recomputes an article's derived stock figures.
func (tx *txn) restock(a row) {
	balance, reserved := dec(a["StockBalance"]), dec(a["StockBalanceReserved"])
	a["StockBalance"] = num(balance)
	a["StockBalanceReserved"] = num(reserved)
	a["StockBalanceAvailable"] = num(sub(balance, reserved))
	a["StockValue"] = num(round(mul(balance, dec(a["PurchasePrice"])), 2))
}
