package emulator

import (
	"fmt"

	"github.com/govalues/decimal"
)

// moveStock lowers the current stock of the stock articles on a new sales
// order (Asperion's inTrade package moves stock through sales orders,
// [A-EP]); the stock may go negative. A stock movement is a modification
// of the article, so incremental reads of articles see it.
func moveStock(c *wctx, _ *entity, rec record) {
	lines, _ := rec["lines"].([]any)
	for _, item := range lines {
		ln, _ := item.(record)
		id, ok := intOf(ln["articleId"])
		if !ok {
			continue
		}
		art, ok := c.adm.lookup("article", id)
		if !ok || art["isStockArticle"] != true {
			continue
		}
		left, err := dec(art["currentStock"]).Sub(dec(ln["quantity"]))
		if err != nil {
			continue
		}
		art["currentStock"] = decValue(left)
		art[api.ModifiedField] = stamp(c.now)
	}
}

// SetStock sets the current stock of the article with code in an
// administration (0: the default one), as a stock count or a purchase
// would; there is no API for it, so tests and `pipeline emulate` use this
// (or POST /__emulator/stock). The article counts as modified.
func (e *Emulator) SetStock(administration int64, code, quantity string) error {
	qty, err := decimal.Parse(quantity)
	if err != nil {
		return fmt.Errorf("stock: quantity %q is not a number", quantity)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.data.admins[administration]
	if administration == 0 {
		a = e.data.defaultAdmin()
	}
	if a == nil {
		return fmt.Errorf("stock: no administration %d", administration)
	}
	for _, art := range a.table("article").rows {
		if equalValue(art["code"], code) {
			art["currentStock"] = decValue(qty)
			art[api.ModifiedField] = stamp(e.clock.Now())
			e.dirty()
			return nil
		}
	}
	return fmt.Errorf("stock: administration %d has no article %q", a.ID, code)
}

// mNotStock refuses a stock mutation of an article Asperion keeps no stock
// of (assumed: a correction of a service makes no sense).
var mNotStock = msg{"Artikel %s houdt geen voorraad bij.", "Article %s does not keep stock."}

// prepareStockMutation dates a mutation today when it says nothing, and
// refuses zero quantities and articles without stock.
func prepareStockMutation(c *wctx, ent *entity, rec, _ record) {
	if rec["mutationDate"] == nil {
		rec["mutationDate"] = c.today().Format("2006-01-02")
	}
	q := ent.field("quantity")
	if rec["quantity"] != nil && dec(rec["quantity"]).IsZero() {
		c.errs.add(q.Wire, c.l.t(mNonZero, q.Wire))
	}
	id, _ := intOf(rec["articleId"])
	if art, ok := c.adm.lookup("article", id); ok && art["isStockArticle"] != true {
		c.errs.add(ent.field("articleId").Wire, c.l.t(mNotStock, text(art["code"])))
	}
}

// mutateStock adds a mutation's quantity (negative: removes) to the
// article's current stock; the article counts as modified.
func mutateStock(c *wctx, _ *entity, rec record) {
	id, _ := intOf(rec["articleId"])
	art, ok := c.adm.lookup("article", id)
	if !ok {
		return
	}
	total, err := dec(art["currentStock"]).Add(dec(rec["quantity"]))
	if err != nil {
		return
	}
	art["currentStock"] = decValue(total)
	art[api.ModifiedField] = stamp(c.now)
}
