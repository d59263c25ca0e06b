package emulator

import (
	"fmt"
	"strings"
)

// This file parses $filter expressions into a typed tree with a small
// recursive-descent parser:
//
//	or    := and { "or" and }
//	and   := unary { "and" unary }
//	unary := "not" unary | cmp
//	cmp   := term [ ("eq"|"ne"|"gt"|"ge"|"lt"|"le") term ]
//	term  := "(" or ")" | literal | "-" term | name "(" args ")" | property
//
// Anything else (arithmetic, lambda operators such as Rows/any, unknown
// functions or properties, properties that are objects or arrays) is
// refused with a 400, as Visma refuses what it cannot translate.

// fnode is a node of a parsed filter.
type fnode interface{ typ() vtype }

type (
	fLogic struct { // and / or
		op   string
		l, r fnode
	}
	fNot     struct{ x fnode }
	fCompare struct {
		op   string
		l, r fnode
	}
	fField struct {
		f *genField
		t vtype
	}
	fNeg  struct{ x fnode }
	fLit  struct{ v operand }
	fCall struct {
		name string
		args []fnode
		t    vtype
	}
)

func (fLogic) typ() vtype   { return tBool }
func (fNot) typ() vtype     { return tBool }
func (fCompare) typ() vtype { return tBool }
func (n fField) typ() vtype { return n.t }
func (fNeg) typ() vtype     { return tNumber }
func (n fLit) typ() vtype   { return n.v.t }
func (n fCall) typ() vtype  { return n.t }

// filterFuncs are the functions a $filter may call: argument and result
// types.
var filterFuncs = map[string]struct {
	args []vtype
	res  vtype
}{
	"contains":   {[]vtype{tString, tString}, tBool},
	"startswith": {[]vtype{tString, tString}, tBool},
	"endswith":   {[]vtype{tString, tString}, tBool},
	"tolower":    {[]vtype{tString}, tString},
	"toupper":    {[]vtype{tString}, tString},
}

// kindVType maps a property kind to its filter type.
func kindVType(k kind) vtype {
	switch k {
	case kindUUID:
		return tGuid
	case kindNumber, kindInteger:
		return tNumber
	case kindBool:
		return tBool
	case kindDateTime:
		return tTime
	}
	return tString
}

type filterParser struct {
	src  string
	toks []token
	pos  int
	comp *genComponent
}

// parseFilter parses and type-checks src against comp's properties.
func parseFilter(src string, comp *genComponent) (fnode, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	p := &filterParser{src: src, toks: toks, comp: comp}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errAt(t, "syntax error: unexpected %q", t.text)
	}
	if n.typ() != tBool {
		return nil, filterError("expression of type %s is not a condition in '%s'", n.typ(), src)
	}
	return n, nil
}

func (p *filterParser) peek() token { return p.toks[p.pos] }
func (p *filterParser) next() token { t := p.toks[p.pos]; p.pos++; return t }

func (p *filterParser) errAt(t token, format string, args ...any) error {
	return filterError("%s at position %d in '%s'", fmt.Sprintf(format, args...), t.pos, p.src)
}

func (p *filterParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tokIdent && strings.EqualFold(t.text, w)
}

func (p *filterParser) parseOr() (fnode, error)  { return p.parseLogic("or", p.parseAnd) }
func (p *filterParser) parseAnd() (fnode, error) { return p.parseLogic("and", p.parseUnary) }

func (p *filterParser) parseLogic(op string, sub func() (fnode, error)) (fnode, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for p.isWord(op) {
		t := p.next()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		if l.typ() != tBool || r.typ() != tBool {
			return nil, p.errAt(t, "operator '%s' needs conditions on both sides", op)
		}
		l = fLogic{op, l, r}
	}
	return l, nil
}

func (p *filterParser) parseUnary() (fnode, error) {
	if !p.isWord("not") {
		return p.parseCompare()
	}
	t := p.next()
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	if x.typ() != tBool {
		return nil, p.errAt(t, "operator 'not' needs a condition")
	}
	return fNot{x}, nil
}

var compareOps = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

func (p *filterParser) parseCompare() (fnode, error) {
	l, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind != tokIdent || !compareOps[strings.ToLower(t.text)] {
		if t.kind == tokIdent && !strings.EqualFold(t.text, "and") && !strings.EqualFold(t.text, "or") {
			return nil, p.errAt(t, "unknown operator '%s' (use eq, ne, gt, ge, lt, le, and, or, not)", t.text)
		}
		return l, nil
	}
	p.next()
	op := strings.ToLower(t.text)
	r, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	l, r = coerce(l, r), coerce(r, l)
	if err := checkComparable(op, l.typ(), r.typ()); err != nil {
		return nil, p.errAt(t, "%s", err)
	}
	return fCompare{op, l, r}, nil
}

// coerce reads a quoted literal as the type of the property it is
// compared with: '2024-05-01' against a date-time, a quoted Guid against a
// Guid. A literal that does not read stays a string and fails the check.
func coerce(n, other fnode) fnode {
	lit, ok := n.(fLit)
	if !ok || lit.v.t != tString {
		return n
	}
	switch other.typ() {
	case tTime:
		if t, ok := parseTime(lit.v.s); ok {
			return fLit{operand{t: tTime, tm: t}}
		}
	case tGuid:
		if g, ok := parseUUID(lit.v.s); ok {
			return fLit{operand{t: tGuid, s: g}}
		}
	}
	return n
}

// checkComparable applies the operand rules: equal types (or null), and
// ordering only where it is defined.
func checkComparable(op string, l, r vtype) error {
	if l != r && l != tNull && r != tNull {
		return fmt.Errorf("operator '%s' cannot compare %s with %s", op, l, r)
	}
	if op != "eq" && op != "ne" && (l == tBool || l == tNull || r == tNull) {
		return fmt.Errorf("operator '%s' is not defined for %s", op, l)
	}
	return nil
}

func (p *filterParser) parseTerm() (fnode, error) {
	t := p.next()
	switch t.kind {
	case tokLParen:
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, p.errAt(c, "expected ')'")
		}
		return n, nil
	case tokLiteral:
		return fLit{t.lit}, nil
	case tokMinus:
		x, err := p.parseTerm()
		if err != nil {
			return nil, err
		}
		if x.typ() != tNumber {
			return nil, p.errAt(t, "'-' needs a number")
		}
		return fNeg{x}, nil
	case tokIdent:
		if p.peek().kind == tokLParen {
			return p.parseCall(t)
		}
		return p.property(t)
	}
	return nil, p.errAt(t, "syntax error: unexpected %q", t.text)
}

func (p *filterParser) property(t token) (fnode, error) {
	f, ok := p.comp.field(t.text)
	if !ok {
		return nil, p.errAt(t, "unknown property '%s'", t.text)
	}
	if !f.scalar() {
		return nil, p.errAt(t, "property '%s' is an %s and cannot be filtered on", f.Name, f.Kind)
	}
	return fField{f: f, t: kindVType(f.Kind)}, nil
}

func (p *filterParser) parseCall(name token) (fnode, error) {
	fn, ok := filterFuncs[strings.ToLower(name.text)]
	if !ok {
		return nil, p.errAt(name, "unknown function '%s'", name.text)
	}
	p.next() // (
	var args []fnode
	for p.peek().kind != tokRParen {
		if len(args) > 0 {
			if c := p.next(); c.kind != tokComma {
				return nil, p.errAt(c, "expected ',' or ')'")
			}
		}
		a, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	p.next() // )
	if len(args) != len(fn.args) {
		return nil, p.errAt(name, "%s takes %d arguments, not %d", name.text, len(fn.args), len(args))
	}
	for i, a := range args {
		if a.typ() != fn.args[i] && a.typ() != tNull {
			return nil, p.errAt(name, "argument %d of %s must be a %s, not a %s", i+1, name.text, fn.args[i], a.typ())
		}
	}
	return fCall{strings.ToLower(name.text), args, fn.res}, nil
}
