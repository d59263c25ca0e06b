package emulator

import (
	"strings"
)

// evalFilter reports whether a stored row matches a parsed filter.
func evalFilter(n fnode, r row) bool {
	v := eval(n, r)
	return v.t == tBool && !v.null && v.b
}

func eval(n fnode, r row) operand {
	switch x := n.(type) {
	case fLogic:
		l, rr := eval(x.l, r), eval(x.r, r)
		if x.op == "and" {
			return operand{t: tBool, b: l.b && rr.b}
		}
		return operand{t: tBool, b: l.b || rr.b}
	case fNot:
		return operand{t: tBool, b: !eval(x.x, r).b}
	case fCompare:
		return operand{t: tBool, b: compare(x.op, eval(x.l, r), eval(x.r, r))}
	case fField:
		return fieldOperand(x, r)
	case fNeg:
		v := eval(x.x, r)
		if v.null {
			return v
		}
		return operand{t: tNumber, n: v.n.Neg()}
	case fLit:
		return x.v
	case fCall:
		return callFunc(x, r)
	}
	return operand{t: tNull, null: true}
}

// fieldOperand reads a property of a stored row; an absent property has
// its rendered empty value, so a filter sees what a GET shows.
func fieldOperand(x fField, r row) operand {
	v, ok := r[x.f.Name]
	if !ok || v == nil {
		v = empty(x.f)
	}
	if v == nil {
		return operand{t: x.t, null: true}
	}
	switch x.t {
	case tNumber:
		return operand{t: tNumber, n: dec(v)}
	case tBool:
		return operand{t: tBool, b: boolOf(v)}
	case tTime:
		t, ok := parseTime(str(v))
		if !ok {
			return operand{t: tTime, null: true}
		}
		return operand{t: tTime, tm: t}
	}
	return operand{t: x.t, s: str(v)}
}

// compare applies a comparison operator. A null side equals only null and
// is never ordered. Strings compare case-insensitively, ignoring trailing
// spaces (SQL Server's default collation).
func compare(op string, l, r operand) bool {
	if l.null || r.null || l.t == tNull || r.t == tNull {
		bothNull := (l.null || l.t == tNull) && (r.null || r.t == tNull)
		switch op {
		case "eq":
			return bothNull
		case "ne":
			return !bothNull
		}
		return false
	}
	var c int
	switch l.t {
	case tNumber:
		c = l.n.Cmp(r.n)
	case tBool: // false sorts before true
		switch {
		case l.b == r.b:
		case l.b:
			c = 1
		default:
			c = -1
		}
	case tTime:
		c = l.tm.Compare(r.tm)
	default:
		c = strings.Compare(fold(l.s), fold(r.s))
	}
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	case "lt":
		return c < 0
	}
	return c <= 0 // le
}

func callFunc(x fCall, r row) operand {
	args := make([]operand, len(x.args))
	for i, a := range x.args {
		args[i] = eval(a, r)
		if args[i].null || args[i].t == tNull {
			return operand{t: x.t, null: true}
		}
	}
	switch x.name {
	case "contains":
		return operand{t: tBool, b: strings.Contains(strings.ToLower(args[0].s), strings.ToLower(args[1].s))}
	case "startswith":
		return operand{t: tBool, b: strings.HasPrefix(strings.ToLower(args[0].s), strings.ToLower(args[1].s))}
	case "endswith":
		return operand{t: tBool, b: strings.HasSuffix(strings.ToLower(args[0].s), strings.ToLower(args[1].s))}
	case "tolower":
		return operand{t: tString, s: strings.ToLower(args[0].s)}
	}
	return operand{t: tString, s: strings.ToUpper(args[0].s)} // toupper
}
