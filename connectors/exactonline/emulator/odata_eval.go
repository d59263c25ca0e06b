package emulator

import (
	"strings"
	"unicode/utf8"
)

// evalFilter reports whether r matches the parsed filter n.
func evalFilter(n fnode, r row) bool {
	v := eval(n, r)
	return v.t == tBool && !v.null && v.b
}

func eval(n fnode, r row) operand {
	switch x := n.(type) {
	case fLogic:
		l := evalFilter(x.l, r)
		if x.op == "and" {
			return boolOp(l && evalFilter(x.r, r))
		}
		return boolOp(l || evalFilter(x.r, r))
	case fNot:
		return boolOp(!evalFilter(x.x, r))
	case fCompare:
		return boolOp(compare(x.op, eval(x.l, r), eval(x.r, r)))
	case fLit:
		return x.v
	case fField:
		return fieldOperand(x.t, r[x.name])
	case fCall:
		return call(x, r)
	}
	return operand{t: tNull, null: true}
}

func boolOp(b bool) operand { return operand{t: tBool, b: b} }

// fieldOperand converts a stored wire value to an operand of type t.
func fieldOperand(t vtype, v any) operand {
	if v == nil {
		return operand{t: t, null: true}
	}
	o := operand{t: t}
	switch t {
	case tString, tGuid:
		o.s = str(v)
	case tNumber:
		o.n = ratOr(v)
	case tBool:
		o.b, _ = v.(bool)
	case tTime:
		ms, ok := dateMillis(v)
		if !ok {
			return operand{t: t, null: true}
		}
		o.ms = ms
	}
	return o
}

// compare applies op. Comparisons with null are true only for eq null / ne
// null, as in SQL behind OData. Strings compare case-insensitively and
// ignore trailing spaces, like the SQL Server collation behind Exact; a
// leading space still counts, which is why Account codes need trim().
func compare(op string, l, r operand) bool {
	if l.null || r.null || l.t == tNull || r.t == tNull {
		ln, rn := l.null || l.t == tNull, r.null || r.t == tNull
		switch op {
		case "eq":
			return ln && rn
		case "ne":
			return ln != rn
		}
		return false
	}
	var c int
	switch l.t {
	case tString:
		c = strings.Compare(collate(l.s), collate(r.s))
	case tGuid:
		c = strings.Compare(l.s, r.s)
	case tNumber:
		c = l.n.Cmp(r.n)
	case tTime:
		c = cmpInt(l.ms, r.ms)
	case tBool:
		if l.b != r.b {
			c = 1
		}
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
	case "le":
		return c <= 0
	}
	return false
}

func collate(s string) string { return strings.ToLower(strings.TrimRight(s, " ")) }

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func call(x fCall, r row) operand {
	args := make([]operand, len(x.args))
	for i, a := range x.args {
		args[i] = eval(a, r)
		if args[i].null || args[i].t == tNull {
			return operand{t: x.t, null: true}
		}
	}
	switch x.name {
	case "trim":
		return operand{t: tString, s: strings.TrimSpace(args[0].s)}
	case "tolower":
		return operand{t: tString, s: strings.ToLower(args[0].s)}
	case "toupper":
		return operand{t: tString, s: strings.ToUpper(args[0].s)}
	case "length":
		return operand{t: tNumber, n: ratOr(int64(utf8.RuneCountInString(args[0].s)))}
	case "substringof": // substringof(needle, haystack) in OData v2
		return boolOp(strings.Contains(strings.ToLower(args[1].s), strings.ToLower(args[0].s)))
	case "startswith":
		return boolOp(strings.HasPrefix(strings.ToLower(args[0].s), strings.ToLower(args[1].s)))
	case "endswith":
		return boolOp(strings.HasSuffix(strings.ToLower(args[0].s), strings.ToLower(args[1].s)))
	}
	return operand{t: tNull, null: true}
}

// filterFields returns the property names a filter refers to.
func filterFields(n fnode, out map[string]bool) {
	switch x := n.(type) {
	case fLogic:
		filterFields(x.l, out)
		filterFields(x.r, out)
	case fNot:
		filterFields(x.x, out)
	case fCompare:
		filterFields(x.l, out)
		filterFields(x.r, out)
	case fCall:
		for _, a := range x.args {
			filterFields(a, out)
		}
	case fField:
		out[x.name] = true
	}
}
