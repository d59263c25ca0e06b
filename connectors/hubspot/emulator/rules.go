package emulator

import (
	"fmt"
	"strconv"

	"github.com/govalues/decimal"
)

// applyRules fills in and checks what HubSpot derives or requires, on the
// merged properties of a create (old nil) or an update: the deal pipeline
// and stage, the close date of a closed deal, the product details a line
// item copies from its product, the line item amount, and the required
// properties.
func (tx *txn) applyRules(t *objectType, old *object, props map[string]string) []propError {
	var errs []propError
	switch t.Name {
	case "deals":
		errs = tx.dealRules(old, props)
	case "line_items":
		errs = tx.lineItemRules(old, props)
	}
	for _, name := range t.Required {
		if props[name] == "" {
			errs = append(errs, propError{name, "REQUIRED_PROPERTY", fmt.Sprintf("%s is required on every %s", name, t.Singular)})
		}
	}
	return errs
}

// dealRules defaults the pipeline to the first one, checks that the stage
// belongs to the pipeline and dates a deal that enters a closed stage
// without a close date.
func (tx *txn) dealRules(old *object, props map[string]string) []propError {
	if props["pipeline"] == "" && len(tx.p.pipelines) > 0 {
		props["pipeline"] = tx.p.pipelines[0].ID
	}
	pl := tx.p.pipeline(props["pipeline"])
	id := props["dealstage"]
	if pl == nil || id == "" {
		return nil
	}
	st, found := pl.stage(id)
	if !found {
		return []propError{{"dealstage", "INVALID_OPTION", fmt.Sprintf("%s is not a valid deal stage of pipeline %s", id, pl.ID)}}
	}
	entered := old == nil || old.Props["dealstage"] != id
	if st.Closed && entered && props["closedate"] == "" {
		props["closedate"] = formatTime(tx.now)
	}
	return nil
}

// lineItemRules copies name, price, SKU and the like from the product a
// new line item names (unless given), defaults the quantity to 1, refuses
// negative prices and computes the amount:
// quantity × (price − unit discount), or quantity × price × (1 − percentage
// / 100) when only a discount percentage is set.
func (tx *txn) lineItemRules(old *object, props map[string]string) []propError {
	if old == nil {
		if pid := props["hs_product_id"]; pid != "" {
			id, _ := strconv.ParseInt(pid, 10, 64)
			prod := tx.table(lookupType("products")).live(id)
			if prod == nil {
				return []propError{{"hs_product_id", "INVALID_PRODUCT_ID", fmt.Sprintf("Product with ID %s does not exist", pid)}}
			}
			for _, name := range []string{"name", "description", "price", "hs_sku", "hs_cost_of_goods_sold", "hs_recurring_billing_period"} {
				if props[name] == "" && prod.Props[name] != "" {
					props[name] = prod.Props[name]
				}
			}
		}
		if props["quantity"] == "" {
			props["quantity"] = "1"
		}
	}
	if p := props["price"]; p != "" && p[0] == '-' {
		return []propError{{"price", "INVALID_NUMBER", fmt.Sprintf("price %s is negative; line item prices must be 0 or more", p)}}
	}
	amount, err := lineAmount(props)
	if err != nil {
		return []propError{{"amount", "INVALID_NUMBER", "the amount cannot be computed: " + err.Error()}}
	}
	if amount == "" {
		delete(props, "amount")
	} else {
		props["amount"] = amount
	}
	return nil
}

func lineAmount(props map[string]string) (string, error) {
	if props["price"] == "" {
		return "", nil
	}
	num := func(name, def string) (decimal.Decimal, error) {
		s := props[name]
		if s == "" {
			s = def
		}
		return decimal.Parse(s)
	}
	qty, err := num("quantity", "1")
	if err != nil {
		return "", err
	}
	price, _ := num("price", "0")
	unit := price
	if props["discount"] != "" {
		d, _ := num("discount", "0")
		if unit, err = price.Sub(d); err != nil {
			return "", err
		}
	}
	total, err := qty.Mul(unit)
	if err != nil {
		return "", err
	}
	if props["discount"] == "" && props["hs_discount_percentage"] != "" {
		pct, _ := num("hs_discount_percentage", "0")
		hundred := decimal.MustNew(100, 0)
		keep, err := hundred.Sub(pct)
		if err != nil {
			return "", err
		}
		if total, err = total.Mul(keep); err != nil {
			return "", err
		}
		if total, err = total.Quo(hundred); err != nil {
			return "", err
		}
	}
	return total.Trim(0).String(), nil
}
