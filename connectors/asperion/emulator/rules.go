package emulator

import (
	"fmt"
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// entityHooks are an entity's server-side rules beyond the table:
// prepare completes and checks a decoded record (old is nil on create),
// apply runs once a created record is stored.
type entityHooks struct {
	prepare func(c *wctx, ent *entity, rec, old record)
	apply   func(c *wctx, ent *entity, rec record)
}

var hooks = map[string]entityHooks{
	"debtor":         {prepare: prepareDebtor},
	"article":        {prepare: prepareArticle},
	"sales_order":    {prepare: prepareSalesOrder, apply: moveStock},
	"sales_invoice":  {prepare: prepareSalesInvoice},
	"journal_entry":  {prepare: prepareJournalEntry},
	"stock_mutation": {prepare: prepareStockMutation, apply: mutateStock},
}

// prepareDebtor requires a name for companies and derives a person's name
// from the contact when it is left out.
func prepareDebtor(c *wctx, ent *entity, rec, _ record) {
	if text(rec["name"]) != "" {
		return
	}
	nameField := ent.field("name")
	if rec["type"] == "Person" {
		contact, _ := rec["contact"].(record)
		var parts []string
		for _, k := range []string{"firstName", "middleName", "lastName"} {
			if s := strings.TrimSpace(text(contact[k])); s != "" {
				parts = append(parts, s)
			}
		}
		if text(contact["lastName"]) != "" {
			name := strings.Join(parts, " ")
			if len([]rune(name)) > nameField.MaxLength {
				c.errs.add(nameField.Wire, c.l.t(mMaxLength, nameField.Wire, nameField.MaxLength))
				return
			}
			rec["name"] = name
			return
		}
	}
	if rec["type"] != nil {
		c.errs.add(nameField.Wire, c.l.t(mRequired, nameField.Wire))
	}
}

// prepareArticle starts a new article without stock.
func prepareArticle(_ *wctx, _ *entity, rec, old record) {
	if old == nil && rec["currentStock"] == nil {
		rec["currentStock"] = decValue(decimal.Zero)
	}
}

func prepareSalesOrder(c *wctx, ent *entity, rec, _ record) {
	if rec["orderDate"] == nil {
		rec["orderDate"] = c.today().Format(time.DateOnly)
	}
	c.debtorDefaults(rec)
	if rec["status"] == nil {
		rec["status"] = "Open"
	}
	c.salesLines(ent, rec)
}

func prepareSalesInvoice(c *wctx, ent *entity, rec, _ record) {
	if rec["invoiceDate"] == nil {
		rec["invoiceDate"] = c.today().Format(time.DateOnly)
	}
	cond := c.debtorDefaults(rec)
	if rec["dueDate"] == nil {
		if d, err := time.Parse(time.DateOnly, text(rec["invoiceDate"])); err == nil {
			days, _ := intOf(cond["days"])
			rec["dueDate"] = d.AddDate(0, 0, int(days)).Format(time.DateOnly)
		}
	}
	if rec["status"] == nil {
		rec["status"] = "Open"
	}
	c.salesLines(ent, rec)
}

// debtorDefaults takes the payment condition of the document's debtor when
// the document names none, and returns the condition that applies.
func (c *wctx) debtorDefaults(rec record) record {
	if rec["paymentConditionId"] == nil {
		if id, ok := intOf(rec["debtorId"]); ok {
			if deb, ok := c.adm.lookup("debtor", id); ok && deb["paymentConditionId"] != nil {
				rec["paymentConditionId"] = deb["paymentConditionId"]
			}
		}
	}
	id, _ := intOf(rec["paymentConditionId"])
	cond, _ := c.adm.lookup("payment_condition", id)
	return cond
}

// salesLines completes the lines of an order or invoice from their
// articles, derives VAT from the sales type, numbers the lines and sums
// the totals. Prices are excluding VAT (assumed).
func (c *wctx) salesLines(ent *entity, rec record) {
	linesField := ent.field("lines")
	wire := func(i int, name string) string {
		return fmt.Sprintf("%s[%d].%s", linesField.Wire, i, findField(linesField.Fields, name).Wire)
	}
	lines, _ := rec["lines"].([]any)
	excl, vat := decimal.Zero, decimal.Zero
	for i, item := range lines {
		ln, _ := item.(record)
		ln["lineNumber"] = num(int64(i + 1))
		artID, hasArt := intOf(ln["articleId"])
		if art, ok := c.adm.lookup("article", artID); hasArt && ok {
			for line, from := range map[string]string{"description": "description", "unitPrice": "salesPrice", "salesTypeId": "salesTypeId"} {
				if ln[line] == nil || ln[line] == "" {
					ln[line] = art[from]
				}
			}
		} else if !hasArt {
			for _, need := range []string{"description", "unitPrice", "salesTypeId"} {
				if ln[need] == nil || ln[need] == "" {
					c.errs.add(wire(i, need), c.l.t(mLineNeeds, wire(i, need)))
				}
			}
		}
		if ln["quantity"] != nil && dec(ln["quantity"]).IsZero() {
			c.errs.add(wire(i, "quantity"), c.l.t(mNonZero, wire(i, "quantity")))
		}
		disc := dec(ln["discountPercentage"])
		if disc.IsNeg() || disc.Cmp(decimal.Hundred) > 0 {
			c.errs.add(wire(i, "discountPercentage"), c.l.t(mRange, wire(i, "discountPercentage"), 0, 100))
		}
		pct := decimal.Zero
		stID, _ := intOf(ln["salesTypeId"])
		if st, ok := c.adm.lookup("sales_type", stID); ok {
			ln["vatCodeId"] = st["vatCodeId"]
			vcID, _ := intOf(st["vatCodeId"])
			if vc, ok := c.adm.lookup("vat_code", vcID); ok {
				pct = dec(vc["percentage"])
			}
		}
		amount, err := lineAmount(dec(ln["quantity"]), dec(ln["unitPrice"]), disc)
		if err != nil {
			c.errs.add(wire(i, "quantity"), c.l.t(mInvalidValue, fmt.Sprint(ln["quantity"]), wire(i, "quantity")))
			continue
		}
		tax, _ := vatOf(amount, pct)
		ln["amountExclVat"], ln["vatAmount"] = decValue(amount), decValue(tax)
		excl, _ = excl.Add(amount)
		vat, _ = vat.Add(tax)
	}
	incl, _ := excl.Add(vat)
	rec["totalExclVat"], rec["totalVat"], rec["totalInclVat"] = decValue(excl.Pad(amountScale)), decValue(vat.Pad(amountScale)), decValue(incl.Pad(amountScale))
}

// prepareJournalEntry numbers the lines and requires each line to carry a
// debit or a credit amount, and the entry to balance.
func prepareJournalEntry(c *wctx, ent *entity, rec, _ record) {
	linesField := ent.field("lines")
	wire := func(i int, name string) string {
		if name == "" {
			return fmt.Sprintf("%s[%d]", linesField.Wire, i)
		}
		return fmt.Sprintf("%s[%d].%s", linesField.Wire, i, findField(linesField.Fields, name).Wire)
	}
	lines, _ := rec["lines"].([]any)
	debit, credit := decimal.Zero, decimal.Zero
	for i, item := range lines {
		ln, _ := item.(record)
		ln["lineNumber"] = num(int64(i + 1))
		d, cr := dec(ln["debit"]), dec(ln["credit"])
		if d.IsNeg() {
			c.errs.add(wire(i, "debit"), c.l.t(mNegative, wire(i, "debit")))
		}
		if cr.IsNeg() {
			c.errs.add(wire(i, "credit"), c.l.t(mNegative, wire(i, "credit")))
		}
		if d.IsZero() == cr.IsZero() {
			c.errs.add(wire(i, ""), c.l.t(mDebitCredit))
		}
		debit, _ = debit.Add(d)
		credit, _ = credit.Add(cr)
	}
	if len(lines) > 0 && debit.Cmp(credit) != 0 {
		c.errs.add(linesField.Wire, c.l.t(mUnbalanced, debit.Pad(amountScale).String(), credit.Pad(amountScale).String()))
	}
}
