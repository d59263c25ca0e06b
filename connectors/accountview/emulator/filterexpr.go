package emulator

import (
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// fval is a value while a Filter expression runs: s for text and dates
// (wire form, "" empty), d for numbers, b for logicals.
type fval struct {
	s string
	d decimal.Decimal
	b bool
}

// xnode is a type-checked expression: its family (C N D L), whether a date
// has no time part, and how to evaluate it on a header row.
type xnode struct {
	typ      byte
	dateOnly bool
	eval     func(h *row) fval
}

type exprParser struct {
	toks []token
	pos  int
	bo   *boDef
	loc  *time.Location
}

// parseFilterExpr compiles the Filter parameter into a predicate.
func parseFilterExpr(src string, bo *boDef, loc *time.Location) (predicate, *apiError) {
	toks, err := lexFox(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, bo: bo, loc: loc}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, filterError(errNrSyntax, "Filter: unexpected %q at position %d", t.text, t.pos+1)
	}
	if n.typ != 'L' {
		return nil, filterError(errNrTypeMismatch, "Filter: the expression is not a logical condition")
	}
	return func(_ *company, h *row) bool { return n.eval(h).b }, nil
}

func (p *exprParser) peek() token { return p.toks[p.pos] }

func (p *exprParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *exprParser) acceptOp(ops ...string) (string, bool) {
	t := p.peek()
	if t.kind == tOp {
		for _, op := range ops {
			if t.text == op {
				p.pos++
				return op, true
			}
		}
	}
	return "", false
}

func (p *exprParser) or() (*xnode, *apiError) {
	return p.chain(p.and, "OR", func(a, b bool) bool { return a || b })
}

func (p *exprParser) and() (*xnode, *apiError) {
	return p.chain(p.not, "AND", func(a, b bool) bool { return a && b })
}

func (p *exprParser) chain(sub func() (*xnode, *apiError), op string, join func(a, b bool) bool) (*xnode, *apiError) {
	left, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		if _, ok := p.acceptOp(op); !ok {
			return left, nil
		}
		right, err := sub()
		if err != nil {
			return nil, err
		}
		if left.typ != 'L' || right.typ != 'L' {
			return nil, filterError(errNrTypeMismatch, "Filter: %s needs logical operands", op)
		}
		l, r := left, right
		left = &xnode{typ: 'L', eval: func(h *row) fval { return fval{b: join(l.eval(h).b, r.eval(h).b)} }}
	}
}

func (p *exprParser) not() (*xnode, *apiError) {
	if _, ok := p.acceptOp("NOT", "!"); ok {
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		if n.typ != 'L' {
			return nil, filterError(errNrTypeMismatch, "Filter: NOT needs a logical operand")
		}
		return &xnode{typ: 'L', eval: func(h *row) fval { return fval{b: !n.eval(h).b} }}, nil
	}
	return p.comparison()
}

func (p *exprParser) comparison() (*xnode, *apiError) {
	left, err := p.primary()
	if err != nil {
		return nil, err
	}
	op, ok := p.acceptOp("==", "!=", "<>", "#", "<=", ">=", "=", "<", ">", "$")
	if !ok {
		return left, nil
	}
	right, err := p.primary()
	if err != nil {
		return nil, err
	}
	return compare(op, left, right)
}

// compare builds a comparison of two operands of one family. Text compares
// without regard to case and trailing blanks, except == which is exact; a
// date without time compares with a datetime by its date.
func compare(op string, l, r *xnode) (*xnode, *apiError) {
	if l.typ != r.typ {
		return nil, filterError(errNrTypeMismatch, "Filter: Operator/operand type mismatch (%c %s %c)", l.typ, op, r.typ)
	}
	if op == "$" {
		if l.typ != 'C' {
			return nil, filterError(errNrTypeMismatch, "Filter: $ needs text operands")
		}
		return &xnode{typ: 'L', eval: func(h *row) fval {
			return fval{b: strings.Contains(normText(r.eval(h).s), normText(l.eval(h).s))}
		}}, nil
	}
	switch op {
	case "<>", "#":
		op = "!="
	}
	exact := op == "=="
	if exact {
		op = "="
	}
	dateOnly := l.dateOnly || r.dateOnly
	cmp := func(h *row) int {
		a, b := l.eval(h), r.eval(h)
		switch l.typ {
		case 'N':
			return a.d.Cmp(b.d)
		case 'L':
			return boolCmp(a.b, b.b)
		case 'D':
			if dateOnly && a.s != "" && b.s != "" {
				return strings.Compare(a.s[:10], b.s[:10])
			}
			return strings.Compare(a.s, b.s)
		}
		if exact {
			return strings.Compare(a.s, b.s)
		}
		return strings.Compare(normText(a.s), normText(b.s))
	}
	if l.typ == 'L' && op != "=" && op != "!=" {
		return nil, filterError(errNrTypeMismatch, "Filter: logical values can only be compared for equality")
	}
	return &xnode{typ: 'L', eval: func(h *row) fval { return fval{b: holds(op, cmp(h))} }}, nil
}

func (p *exprParser) primary() (*xnode, *apiError) {
	t := p.next()
	switch t.kind {
	case tLParen:
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next().kind != tRParen {
			return nil, filterError(errNrSyntax, "Filter: missing ')' for '(' at position %d", t.pos+1)
		}
		return n, nil
	case tString:
		v := fval{s: t.text}
		return &xnode{typ: 'C', eval: func(*row) fval { return v }}, nil
	case tNumber:
		d, err := decimal.Parse(t.text)
		if err != nil {
			return nil, filterError(errNrSyntax, "Filter: %q is not a number", t.text)
		}
		return &xnode{typ: 'N', eval: func(*row) fval { return fval{d: d} }}, nil
	case tLogical:
		v := fval{b: t.text == "T"}
		return &xnode{typ: 'L', eval: func(*row) fval { return v }}, nil
	case tDate:
		fd, ok := parseFoxDate(t.text, p.loc)
		if !ok {
			return nil, filterError(errNrSyntax, "Filter: %s is not a date literal such as {^2024-01-31}", t.text)
		}
		v := fval{s: fd.wire}
		return &xnode{typ: 'D', dateOnly: !fd.hasTime, eval: func(*row) fval { return v }}, nil
	case tIdent:
		if p.peek().kind == tLParen {
			return p.call(t)
		}
		return p.fieldRef(t)
	}
	if t.kind == tEOF {
		return nil, filterError(errNrSyntax, "Filter: the expression ends too early")
	}
	return nil, filterError(errNrSyntax, "Filter: unexpected %q at position %d", t.text, t.pos+1)
}

// fieldRef resolves a field of the header table.
func (p *exprParser) fieldRef(t token) (*xnode, *apiError) {
	tbl, f, err := resolveField(t.text, p.bo)
	if err != nil {
		return nil, filterError(errNrUnknownName, "Filter: Variable '%s' is not found (%s)", strings.ToUpper(t.text), err.Message)
	}
	if tbl.Name != p.bo.Table {
		return nil, filterError(errNrUnknownName, "Filter: %s is a field of detail table %s; Filter expressions see %s only",
			f.Name, tbl.Name, p.bo.Table)
	}
	fam := family(f.Type)
	return &xnode{typ: fam, dateOnly: f.Type == 'D', eval: func(h *row) fval {
		v := valueOf(tbl, h, f)
		switch fam {
		case 'N':
			return fval{d: decOf(v)}
		case 'L':
			b, _ := v.(bool)
			return fval{b: b}
		}
		return fval{s: strOf(v)}
	}}, nil
}
