package exprenv

import (
	"fmt"
	"math"
	"time"

	"github.com/expr-lang/expr"
	"github.com/govalues/decimal"
)

// Hidden functions that replace the operators. The overload patcher tries
// the functions of an operator in order and, within one, each signature; a
// signature fits when its parameter types equal the static operand types or
// are interfaces. The checker, on the other hand, takes the first signature
// an argument is assignable to, and a value it only knows as `any` (a record
// field) is assignable to everything. So each arithmetic operator has two
// functions with one implementation:
//
//   - <op>Exact lists exact signatures only (int+int → int, Decimal*int →
//     Decimal, string+string → string). It is tried first and keeps precise
//     static result types for operands the checker knows.
//   - <op> has the single signature func(any, any) any, so an operation on
//     `any` is typed `any`, not int (which would make the checker reject
//     hasPrefix(get("a") + get("b"), "NL")).
const (
	opAdd = "__add"
	opSub = "__sub"
	opMul = "__mul"
	opDiv = "__div"
	opMod = "__mod"
	opEq  = "__eq"
	opNe  = "__ne"
	opLt  = "__lt"
	opLe  = "__le"
	opGt  = "__gt"
	opGe  = "__ge"
	opIn  = "__in"
	opNeg = "__neg"

	exact = "Exact"
)

var (
	sigIntInt    = new(func(int, int) int)
	sigIntIntDec = new(func(int, int) decimal.Decimal)
	sigStrStr    = new(func(string, string) string)
	sigDecDec    = new(func(decimal.Decimal, decimal.Decimal) decimal.Decimal)
	sigDecInt    = new(func(decimal.Decimal, int) decimal.Decimal)
	sigIntDec    = new(func(int, decimal.Decimal) decimal.Decimal)
	sigAnyAny    = new(func(any, any) any)
	sigAnyBool   = new(func(any, any) bool)
)

func operatorOptions() []expr.Option {
	decimals := []any{sigDecDec, sigDecInt, sigIntDec}
	arith := func(token string, name string, op byte, exactSigs ...any) []expr.Option {
		impl := func(args ...any) (any, error) { return arithmetic(op, args[0], args[1]) }
		return []expr.Option{
			expr.Function(name+exact, impl, exactSigs...),
			expr.Function(name, impl, sigAnyAny),
			expr.Operator(token, name+exact, name),
		}
	}
	cmp := func(token, name string, test func(int) bool) []expr.Option {
		impl := func(args ...any) (any, error) {
			c, err := compare(args[0], args[1], token)
			if err != nil {
				return nil, err
			}
			return test(c), nil
		}
		return []expr.Option{expr.Function(name, impl, sigAnyBool), expr.Operator(token, name)}
	}
	var opts []expr.Option
	for _, group := range [][]expr.Option{
		arith("+", opAdd, '+', append([]any{sigIntInt, sigStrStr}, decimals...)...),
		arith("-", opSub, '-', append([]any{sigIntInt}, decimals...)...),
		arith("*", opMul, '*', append([]any{sigIntInt}, decimals...)...),
		arith("/", opDiv, '/', append([]any{sigIntIntDec}, decimals...)...),
		arith("%", opMod, '%', append([]any{sigIntInt}, decimals...)...),
		cmp("<", opLt, func(c int) bool { return c < 0 }),
		cmp("<=", opLe, func(c int) bool { return c <= 0 }),
		cmp(">", opGt, func(c int) bool { return c > 0 }),
		cmp(">=", opGe, func(c int) bool { return c >= 0 }),
	} {
		opts = append(opts, group...)
	}
	return append(opts,
		expr.Function(opEq, func(args ...any) (any, error) { return equal(args[0], args[1]), nil }, sigAnyBool),
		expr.Function(opNe, func(args ...any) (any, error) { return !equal(args[0], args[1]), nil }, sigAnyBool),
		expr.Function(opIn, func(args ...any) (any, error) { return contains(args[1], args[0]) }, sigAnyBool),
		expr.Function(opNeg, func(args ...any) (any, error) { return negate(args[0]) }, sig1),
		expr.Operator("==", opEq),
		expr.Operator("!=", opNe),
		expr.Operator("in", opIn),
	)
}

var opVerbs = map[byte]string{'+': "add", '-': "subtract", '*': "multiply", '/': "divide", '%': "take the remainder of"}

// arithmetic implements + - * / % for every operand mix of the value model.
// int op int stays int (except /, which is exact and yields a Decimal);
// everything numeric else is computed in decimal.
func arithmetic(op byte, a, b any) (any, error) {
	switch x := a.(type) {
	case int:
		if y, ok := b.(int); ok && op != '/' {
			if r, ok := intArithmetic(op, x, y); ok {
				return r, nil
			}
			if op == '%' {
				return nil, fmt.Errorf("division by zero (%d %% 0)", x)
			}
		}
	case string:
		if y, ok := b.(string); ok && op == '+' {
			return x + y, nil
		}
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			if op == '-' {
				return x.Sub(y), nil
			}
		case time.Duration:
			if op == '+' {
				return x.Add(y), nil
			}
			if op == '-' {
				return x.Add(-y), nil
			}
		}
	case time.Duration:
		if y, ok := b.(time.Time); ok && op == '+' {
			return y.Add(x), nil
		}
	}
	da, okA := asNumber(a)
	db, okB := asNumber(b)
	if !okA || !okB {
		hint := ""
		if _, isStr := a.(string); isStr && op == '+' && b != nil {
			hint = " (use concat() or string() to build text)"
		} else if _, isStr := b.(string); isStr && op == '+' && a != nil {
			hint = " (use concat() or string() to build text)"
		}
		return nil, fmt.Errorf("cannot %s %s and %s%s", opVerbs[op], describe(a), describe(b), hint)
	}
	var r decimal.Decimal
	var err error
	switch op {
	case '+':
		r, err = da.Add(db)
	case '-':
		r, err = da.Sub(db)
	case '*':
		r, err = da.Mul(db)
	case '/', '%':
		if db.IsZero() {
			return nil, fmt.Errorf("division by zero (%s %c 0)", da, op)
		}
		if op == '/' {
			r, err = da.Quo(db)
		} else {
			_, r, err = da.QuoRem(db)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot %s %s and %s: %w", opVerbs[op], da, db, err)
	}
	return r, nil
}

// intArithmetic computes x op y on ints; ok is false on overflow or a zero
// divisor so that the caller can fall back to decimals or report the error.
func intArithmetic(op byte, x, y int) (int, bool) {
	switch op {
	case '+':
		r := x + y
		return r, (r > x) == (y > 0)
	case '-':
		r := x - y
		return r, (r < x) == (y > 0)
	case '*':
		if x == 0 || y == 0 {
			return 0, true
		}
		r := x * y
		return r, r/y == x && !(y == -1 && x == math.MinInt)
	case '%':
		if y == 0 {
			return 0, false
		}
		return x % y, true
	}
	return 0, false
}

// negate implements unary minus for the values the built-in operator does
// not handle (Decimal, and operands the checker only knows as `any`).
func negate(v any) (any, error) {
	switch x := v.(type) {
	case int:
		return -x, nil
	case float64:
		return -x, nil
	case decimal.Decimal:
		return x.Neg(), nil
	case time.Duration:
		return -x, nil
	}
	if d, ok := asNumber(v); ok {
		return d.Neg(), nil
	}
	return nil, fmt.Errorf("cannot negate %s", describe(v))
}
