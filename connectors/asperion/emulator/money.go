package emulator

import (
	"encoding/json"

	"github.com/govalues/decimal"
)

// amountScale is the number of decimals of computed amounts (euro cents).
const amountScale = 2

// dec reads a decimal value; absent or unreadable values are zero, which
// cannot happen for values that passed the decoder.
func dec(v any) decimal.Decimal {
	n, ok := v.(json.Number)
	if !ok {
		return decimal.Zero
	}
	d, err := decimal.Parse(string(n))
	if err != nil {
		return decimal.Zero
	}
	return d
}

// decValue stores a decimal as a JSON number with its scale ("12.50").
func decValue(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// roundAmount rounds to cents half away from zero, the commercial rounding
// of Dutch invoices (assumed; decimal's own Round is half to even), and
// pads to two decimals.
func roundAmount(d decimal.Decimal) decimal.Decimal {
	if d.Scale() <= amountScale {
		return d.Pad(amountScale)
	}
	t := d.Trunc(amountScale)
	rest, err := d.Sub(t)
	if err == nil && rest.Abs().Cmp(decimal.MustNew(5, amountScale+1)) >= 0 {
		ulp := decimal.MustNew(1, amountScale)
		if d.IsNeg() {
			t, err = t.Sub(ulp)
		} else {
			t, err = t.Add(ulp)
		}
		if err != nil {
			return d.Round(amountScale)
		}
	}
	return t.Pad(amountScale)
}

// lineAmount is quantity × unit price × (1 − discount/100), in cents.
func lineAmount(qty, price, discountPct decimal.Decimal) (decimal.Decimal, error) {
	gross, err := qty.Mul(price)
	if err != nil {
		return decimal.Zero, err
	}
	if discountPct.IsZero() {
		return roundAmount(gross), nil
	}
	off, err := gross.Mul(discountPct)
	if err != nil {
		return decimal.Zero, err
	}
	off, err = off.Quo(decimal.Hundred)
	if err != nil {
		return decimal.Zero, err
	}
	net, err := gross.Sub(off)
	if err != nil {
		return decimal.Zero, err
	}
	return roundAmount(net), nil
}

// vatOf is amount × percentage / 100, in cents.
func vatOf(amount, pct decimal.Decimal) (decimal.Decimal, error) {
	v, err := amount.Mul(pct)
	if err != nil {
		return decimal.Zero, err
	}
	v, err = v.Quo(decimal.Hundred)
	if err != nil {
		return decimal.Zero, err
	}
	return roundAmount(v), nil
}
