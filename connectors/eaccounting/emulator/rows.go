package emulator

import (
	"fmt"
	"sort"

	"github.com/govalues/decimal"
	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// rowRules say how one kind of sales document treats its rows.
type rowRules struct {
	comp string // row component
	// textFlag: the client says IsTextRow (orders, drafts); otherwise a
	// row without an article is a text row (invoices, where IsTextRow is
	// read-only).
	textFlag bool
	// byNumber: ArticleNumber may name the article when ArticleId is
	// absent (orders and drafts, where it is writable).
	byNumber bool
	// lineAlways: LineNumber is assigned by position even when sent
	// (invoices, where it is read-only); otherwise only when absent.
	lineAlways bool
	// replaceZero: a unit price of 0 becomes the article's price
	// (invoices and drafts with ReplaceUnitPriceWhenZero).
	replaceZero bool
}

var (
	orderRowRules   = rowRules{comp: "OrderRowApi", textFlag: true, byNumber: true}
	draftRowRules   = rowRules{comp: "CustomerInvoiceDraftRowApi", textFlag: true, byNumber: true}
	invoiceRowRules = rowRules{comp: "CustomerInvoiceRowApi", lineAlways: true}
)

// totals are a document's sums: net amount, VAT, and net and VAT per rate.
type totals struct {
	net, vat decimal.Decimal
	byRate   map[string][2]decimal.Decimal
}

func (t totals) gross() decimal.Decimal { return add(t.net, t.vat) }

// salesRows completes the rows of a sales document: articles resolved,
// texts, prices, units and VAT rates filled in from the article, amounts
// computed (quantity × unit price × (1 − discount), rounded to cents, VAT
// per row rounded to cents). Errors name the row ("Rows[2].ArticleId").
func (tx *txn) salesRows(rules rowRules, list []row, old []row) ([]row, totals, []fieldError) {
	comp := genComponents[rules.comp]
	t := totals{byRate: map[string][2]decimal.Decimal{}}
	oldIDs := map[string]string{} // LineNumber → Id of the stored row
	for _, o := range old {
		oldIDs[dec(o["LineNumber"]).String()] = str(o["Id"])
	}
	var errs []fieldError
	out := make([]row, 0, len(list))
	for i, in := range list {
		r := copyRow(in)
		path := fmt.Sprintf("Rows[%d].", i)
		if rules.lineAlways || r["LineNumber"] == nil {
			r["LineNumber"] = intNum(int64(i + 1))
		}
		// A seed row may bring its Id; a row keeps its Id across a PUT
		// when its LineNumber stays; other rows get a new one.
		if !(tx.seeding && str(r["Id"]) != "") {
			if id, ok := oldIDs[dec(r["LineNumber"]).String()]; ok && id != "" {
				r["Id"] = id
			} else {
				r["Id"] = emukit.NewUUID()
			}
		}
		text := boolOf(r["IsTextRow"])
		if !rules.textFlag {
			text = r["ArticleId"] == nil
		}
		setIf(comp, r, "IsTextRow", text)
		if text {
			if str(r["Text"]) == "" {
				errs = append(errs, fieldErr(path+"Text", ruleRequired, "A text row needs a Text"))
			}
			r["ArticleId"] = nil
			r["VatRate"] = nil
			r["Amount"] = json0
			setIf(comp, r, "AmountNoVat", json0)
			out = append(out, r)
			continue
		}
		a, err := tx.rowArticle(rules, r, path)
		if err != nil {
			errs = append(errs, *err)
			continue
		}
		tx.fillFromArticle(comp, rules, r, a)
		rate := dec(r["VatRate"])
		amount := round(mul(mul(dec(r["Quantity"]), dec(r["UnitPrice"])), sub(one, dec(r["DiscountPercentage"]))), 2)
		vat := round(mul(amount, rate), 2)
		r["Amount"] = num(amount)
		setIf(comp, r, "AmountNoVat", num(amount))
		t.net, t.vat = add(t.net, amount), add(t.vat, vat)
		key := rate.Trim(0).String()
		s := t.byRate[key]
		t.byRate[key] = [2]decimal.Decimal{add(s[0], amount), add(s[1], vat)}
		out = append(out, r)
	}
	return out, t, errs
}

var json0 = num(zero)

// rowArticle finds a row's article by ArticleId, or by ArticleNumber where
// the rules allow it.
func (tx *txn) rowArticle(rules rowRules, r row, path string) (row, *fieldError) {
	if id := str(r["ArticleId"]); id != "" {
		a, ok := tx.find(defArticles.Table, id)
		if !ok {
			e := fieldErr(path+"ArticleId", ruleNotFound, "Article %s does not exist", id)
			return nil, &e
		}
		return a, nil
	}
	if n := str(r["ArticleNumber"]); rules.byNumber && n != "" {
		id, ok := tx.c.lookupUnique(defArticles.Table, "Number", n)
		if !ok {
			e := fieldErr(path+"ArticleNumber", ruleNotFound, "Article number %s does not exist", n)
			return nil, &e
		}
		a, _ := tx.find(defArticles.Table, id)
		return a, nil
	}
	e := fieldErr(path+"ArticleId", ruleRequired, "ArticleId is required on a row that is not a text row")
	return nil, &e
}

// fillFromArticle copies what a row takes from its article.
func (tx *txn) fillFromArticle(comp *genComponent, rules rowRules, r, a row) {
	r["ArticleId"] = a["Id"]
	r["ArticleNumber"] = a["Number"]
	if str(r["Text"]) == "" {
		r["Text"] = a["Name"]
	}
	price, hasPrice := decOf(r["UnitPrice"])
	if !hasPrice || price.IsZero() && rules.replaceZero {
		r["UnitPrice"] = num(dec(a["NetPrice"]))
	}
	coding, _ := tx.find(defCodings.Table, str(a["CodingId"]))
	r["VatRate"] = num(dec(coding["VatRatePercent"]))
	setIf(comp, r, "PercentVat", num(dec(coding["VatRatePercent"])))
	setIf(comp, r, "VatRateId", coding["VatRate"])
	setIf(comp, r, "UnitId", a["UnitId"])
	setIf(comp, r, "UnitName", a["UnitName"])
	setIf(comp, r, "UnitAbbreviation", a["UnitAbbreviation"])
	setIf(comp, r, "IsServiceArticle", boolOf(a["IsServiceArticle"]))
	setIf(comp, r, "PurchasePrice", num(dec(a["PurchasePrice"])))
	setIf(comp, r, "FreightCosts", num(dec(a["FreightCosts"])))
}

// setIf sets a field the component has.
func setIf(comp *genComponent, r row, name string, v any) {
	if _, ok := comp.field(name); ok {
		r[name] = v
	}
}

// vatSpecification lists net and VAT per rate, highest rate first.
func vatSpecification(t totals) []any {
	rates := make([]string, 0, len(t.byRate))
	for k := range t.byRate {
		rates = append(rates, k)
	}
	sort.Slice(rates, func(i, j int) bool { return decMustParse(rates[i]).Cmp(decMustParse(rates[j])) > 0 })
	out := make([]any, 0, len(rates))
	for _, k := range rates {
		s := t.byRate[k]
		out = append(out, map[string]any{"AmountInvoiceCurrency": num(s[0]), "VatAmountInvoiceCurrency": num(s[1]),
			"VatPercent": num(decMustParse(k))})
	}
	return out
}

func decMustParse(s string) decimal.Decimal {
	d, err := decimal.Parse(s)
	if err != nil {
		return zero
	}
	return d
}
