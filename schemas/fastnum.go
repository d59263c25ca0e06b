package schemas

import (
	"cmp"
	"math/big"
	"strconv"
	"strings"
)

// maxExactExp bounds the exponents the fast path computes with. The library
// turns every number it inspects into a big.Rat, which refuses powers of ten
// beyond a million; numbers near that bound (or beyond it, where the library
// fails) are left to the library so that the two never disagree.
const maxExactExp = 100_000

// decNum is an exact decimal read straight from a JSON number literal,
// without allocating: the value is ±0.D × 10^point, where the digit string D
// is a followed by b (the literal's integer and fraction digits, which need
// not be adjacent in the text), with no leading and no trailing zeros. Zero
// has no digits and no sign, so -0 equals 0 as JSON Schema requires.
type decNum struct {
	neg   bool
	a, b  string
	point int
}

// parseDec reads a JSON number literal. ok is false for text that is not a
// JSON number or whose exponent is beyond maxExactExp.
func parseDec(lit string) (d decNum, ok bool) {
	i := 0
	if i < len(lit) && lit[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(lit) && isDigit(lit[i]) {
		i++
	}
	intPart := lit[start:i]
	if intPart == "" {
		return decNum{}, false
	}
	var frac string
	if i < len(lit) && lit[i] == '.' {
		i++
		s := i
		for i < len(lit) && isDigit(lit[i]) {
			i++
		}
		frac = lit[s:i]
		if frac == "" {
			return decNum{}, false
		}
	}
	exp := 0
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		negExp := false
		if i < len(lit) && (lit[i] == '+' || lit[i] == '-') {
			negExp = lit[i] == '-'
			i++
		}
		s := i
		for ; i < len(lit) && isDigit(lit[i]); i++ {
			if exp = exp*10 + int(lit[i]-'0'); exp > maxExactExp {
				return decNum{}, false
			}
		}
		if i == s {
			return decNum{}, false
		}
		if negExp {
			exp = -exp
		}
	}
	if i != len(lit) || len(frac)+max(exp, -exp) > maxExactExp {
		return decNum{}, false
	}

	intPart = strings.TrimLeft(intPart, "0")
	d.point = len(intPart) + exp
	if intPart == "" {
		t := strings.TrimLeft(frac, "0")
		d.point -= len(frac) - len(t)
		frac = t
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		intPart = strings.TrimRight(intPart, "0")
	}
	if intPart == "" && frac == "" {
		return decNum{}, true
	}
	d.a, d.b = intPart, frac
	return d, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (x decNum) sign() int {
	switch {
	case x.a == "" && x.b == "":
		return 0
	case x.neg:
		return -1
	}
	return 1
}

// isInt reports whether the number has no fractional part: 3.0 and 1e2 are
// integers, as in draft 2020-12.
func (x decNum) isInt() bool { return len(x.a)+len(x.b) <= x.point || x.sign() == 0 }

func (x decNum) digit(i int) byte {
	if i < len(x.a) {
		return x.a[i]
	}
	if i -= len(x.a); i < len(x.b) {
		return x.b[i]
	}
	return '0'
}

// cmp compares two numbers exactly.
func (x decNum) cmp(y decNum) int {
	xs, ys := x.sign(), y.sign()
	if xs != ys || xs == 0 {
		return cmp.Compare(xs, ys)
	}
	m := cmp.Compare(x.point, y.point)
	for i, n := 0, max(len(x.a)+len(x.b), len(y.a)+len(y.b)); m == 0 && i < n; i++ {
		m = cmp.Compare(x.digit(i), y.digit(i))
	}
	return m * xs
}

// ratDec converts a schema's bound, which the library keeps as a big.Rat, to
// a decNum. ok is false for a fraction that has no finite decimal expansion
// (a JSON literal always has one) or an unreasonably long one.
func ratDec(r *big.Rat) (decNum, bool) {
	den := new(big.Int).Set(r.Denom())
	twos, fives := 0, 0
	zero, two, five, rem := new(big.Int), big.NewInt(2), big.NewInt(5), new(big.Int)
	for den.Bit(0) == 0 && den.Cmp(two) >= 0 {
		den.Rsh(den, 1)
		twos++
	}
	for {
		q, m := new(big.Int).QuoRem(den, five, rem)
		if m.Cmp(zero) != 0 {
			break
		}
		den = q
		fives++
	}
	k := max(twos, fives)
	if den.Cmp(big.NewInt(1)) != 0 || k > 1000 {
		return decNum{}, false
	}
	scaled := new(big.Int).Mul(r.Num(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	scaled.Quo(scaled, r.Denom())
	return parseDec(scaled.String() + "e-" + strconv.Itoa(k))
}
