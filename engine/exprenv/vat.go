package exprenv

import (
	"fmt"

	"github.com/govalues/decimal"
)

// VAT helpers take the rate as a percentage (21 for 21%), the way tax codes
// are configured in Exact Online, eAccounting and AccountView. They do not
// round: wrap them in round(…, 2) where the target wants cents, so the
// rounding point stays visible in the pipeline file.
var vatFuncs = []fn{
	{
		Function: Function{Name: "gross", Signature: "gross(net, ratePercent)",
			Description: "Amount including VAT: net * (1 + rate/100), exact. Null net gives null.",
			Examples:    []Example{ex(`gross(100, 21)`, `121.00`), exSrc(`round(gross(get("net"), 9), 2)`, `{"net":10.99}`, `11.98`)}},
		types: []any{sig2},
		call: func(_ *env, args []any) (any, error) {
			return vatCalc("gross", args, func(amount, factor decimal.Decimal) (decimal.Decimal, error) {
				return amount.Mul(factor)
			})
		},
	},
	{
		Function: Function{Name: "net", Signature: "net(gross, ratePercent)",
			Description: "Amount excluding VAT: gross / (1 + rate/100), to 19 significant digits; round the result. Null gross gives null.",
			Examples:    []Example{ex(`net(121, 21)`, `100`), exSrc(`round(net(get("total"), 21), 2)`, `{"total":100}`, `82.64`)}},
		types: []any{sig2},
		call: func(_ *env, args []any) (any, error) {
			return vatCalc("net", args, func(amount, factor decimal.Decimal) (decimal.Decimal, error) {
				return amount.Quo(factor)
			})
		},
	},
	{
		Function: Function{Name: "vat", Signature: "vat(net, ratePercent)",
			Description: "The VAT on a net amount: net * rate/100, exact. Null net gives null.",
			Examples:    []Example{ex(`vat(100, 21)`, `21.00`), ex(`round(vat(19.99, 21), 2)`, `4.20`)}},
		types: []any{sig2},
		call: func(_ *env, args []any) (any, error) {
			if args[0] == nil {
				return nil, nil
			}
			amount, rate, err := vatArgs("vat", args)
			if err != nil {
				return nil, err
			}
			r, err := amount.Mul(rate)
			if err != nil {
				return nil, fmt.Errorf("vat: %w", err)
			}
			return r, nil
		},
	},
}

// vatArgs returns the amount and the rate as a fraction (21 → 0.21). The
// fraction is made by moving the decimal point, so it is exact.
func vatArgs(name string, args []any) (amount, fraction decimal.Decimal, err error) {
	amount, ok := asNumber(args[0])
	if !ok {
		return amount, fraction, fmt.Errorf("%s: amount must be a number, got %s", name, describe(args[0]))
	}
	rate, ok := asNumber(args[1])
	if !ok {
		return amount, fraction, fmt.Errorf("%s: ratePercent must be a number, got %s", name, describe(args[1]))
	}
	hundredth := decimal.MustNew(1, 2)
	fraction, err = rate.Mul(hundredth)
	if err != nil {
		return amount, fraction, fmt.Errorf("%s: %w", name, err)
	}
	return amount, fraction, nil
}

// vatCalc applies op to the amount and the factor 1 + rate/100.
func vatCalc(name string, args []any, op func(amount, factor decimal.Decimal) (decimal.Decimal, error)) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	amount, fraction, err := vatArgs(name, args)
	if err != nil {
		return nil, err
	}
	factor, err := decimal.One.Add(fraction)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if factor.IsZero() {
		return nil, fmt.Errorf("%s: a rate of -100%% leaves nothing to divide by", name)
	}
	r, err := op(amount, factor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}
