package exprenv

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/govalues/decimal"
)

// ToDecimal converts a number of the value model to a Decimal: Go integers,
// float64 (through its shortest decimal representation, so the literal 1.21
// becomes exactly 1.21), Decimal itself, and numeric strings ("12.50",
// "-3", "1e3"; surrounding spaces are ignored). Anything else is an error.
func ToDecimal(v any) (decimal.Decimal, error) {
	if d, ok := asNumber(v); ok {
		return d, nil
	}
	switch x := v.(type) {
	case string:
		d, err := decimal.Parse(strings.TrimSpace(x))
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("cannot convert %s to a number", describe(v))
		}
		return d, nil
	case float64:
		return decimal.Decimal{}, fmt.Errorf("cannot convert %v to a decimal", x)
	case float32:
		return decimal.Decimal{}, fmt.Errorf("cannot convert %v to a decimal", x)
	}
	return decimal.Decimal{}, fmt.Errorf("cannot convert %s to a number", describe(v))
}

// asNumber converts the numeric kinds (never strings) to a Decimal. It is the
// operand conversion of the operators: "12" * 2 is an error, not 24.
func asNumber(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, true
	case int:
		return intDecimal(int64(x))
	case int64:
		return intDecimal(x)
	case int32:
		return intDecimal(int64(x))
	case int16:
		return intDecimal(int64(x))
	case int8:
		return intDecimal(int64(x))
	case uint8:
		return intDecimal(int64(x))
	case uint16:
		return intDecimal(int64(x))
	case uint32:
		return intDecimal(int64(x))
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return intDecimal(int64(x))
		}
	case uint64:
		if x <= math.MaxInt64 {
			return intDecimal(int64(x))
		}
	case float64:
		return floatToDecimal(x)
	case float32:
		return floatToDecimal(float64(x))
	}
	return decimal.Decimal{}, false
}

func intDecimal(i int64) (decimal.Decimal, bool) {
	d, err := decimal.New(i, 0)
	return d, err == nil
}

func floatToDecimal(f float64) (decimal.Decimal, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.Parse(strconv.FormatFloat(f, 'g', -1, 64))
	return d, err == nil
}

// toInt reads a whole-number argument such as decimal places or a day count.
func toInt(v any, what string) (int, error) {
	if i, ok := v.(int); ok {
		return i, nil
	}
	d, ok := asNumber(v)
	if !ok {
		if s, isStr := v.(string); isStr {
			var err error
			if d, err = decimal.Parse(strings.TrimSpace(s)); err == nil {
				ok = true
			}
		}
	}
	if !ok {
		return 0, fmt.Errorf("%s must be a whole number, got %s", what, describe(v))
	}
	whole, frac, fits := d.Int64(0)
	if !fits || frac != 0 || !d.IsInt() || whole > math.MaxInt || whole < math.MinInt {
		return 0, fmt.Errorf("%s must be a whole number, got %s", what, d)
	}
	return int(whole), nil
}

// Rounding modes accepted by round(x, places, mode).
var roundingModes = []string{
	"half_away_from_zero", "half_even", "half_up", "half_down", "up", "down", "ceiling", "floor",
}

// roundDecimal rounds d to places digits after the point with the named mode
// and pads the result to exactly that many digits, so round(12.5, 2) is 12.50
// and money renders with its currency scale.
func roundDecimal(d decimal.Decimal, places int, mode string) (decimal.Decimal, error) {
	if places < 0 || places > decimal.MaxScale-1 {
		return decimal.Decimal{}, fmt.Errorf("places must be between 0 and %d, got %d", decimal.MaxScale-1, places)
	}
	if d.Scale() <= places {
		return d.Pad(places), nil
	}
	var r decimal.Decimal
	switch mode {
	case "half_even":
		r = d.Round(places)
	case "down":
		r = d.Trunc(places)
	case "ceiling":
		r = d.Ceil(places)
	case "floor":
		r = d.Floor(places)
	case "up":
		if d.IsNeg() {
			r = d.Floor(places)
		} else {
			r = d.Ceil(places)
		}
	case "half_away_from_zero", "half_up", "half_down", "":
		var err error
		if r, err = roundHalf(d, places, mode); err != nil {
			return decimal.Decimal{}, err
		}
	default:
		return decimal.Decimal{}, fmt.Errorf("unknown rounding mode %q (want one of %s)", mode, strings.Join(roundingModes, ", "))
	}
	return r.Pad(places), nil
}

// roundHalf rounds to nearest; ties go away from zero (half_away_from_zero),
// toward +infinity (half_up) or toward -infinity (half_down). govalues only
// has half-even built in, so the tie is detected on the exact remainder.
func roundHalf(d decimal.Decimal, places int, mode string) (decimal.Decimal, error) {
	t := d.Trunc(places)
	rem, err := d.Sub(t)
	if err != nil {
		return decimal.Decimal{}, err
	}
	half, err := decimal.New(5, places+1)
	if err != nil {
		return decimal.Decimal{}, err
	}
	c := rem.Abs().Cmp(half)
	away := c > 0
	if c == 0 {
		switch mode {
		case "half_up":
			away = !d.IsNeg()
		case "half_down":
			away = d.IsNeg()
		default:
			away = true
		}
	}
	if !away {
		return t, nil
	}
	ulp, err := decimal.New(1, places)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if d.IsNeg() {
		return t.Sub(ulp)
	}
	return t.Add(ulp)
}
