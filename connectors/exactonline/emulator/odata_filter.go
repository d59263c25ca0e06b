package emulator

import (
	"fmt"
	"strings"
	"unicode"
)

// This file parses OData v2 $filter expressions into a typed tree with a
// small recursive-descent parser:
//
//	or    := and { "or" and }
//	and   := unary { "and" unary }
//	unary := "not" unary | cmp
//	cmp   := term [ ("eq"|"ne"|"gt"|"ge"|"lt"|"le") term ]
//	term  := "(" or ")" | literal | name "(" args ")" | property
//
// Anything outside that (arithmetic, lambda operators, unknown functions or
// properties) is rejected with an OData error, as Exact rejects what its
// provider cannot translate.

// filterParser holds the token stream of one $filter.
type filterParser struct {
	src  string
	toks []token
	pos  int
	def  *genEndpoint
}

// parseFilter parses and type-checks src against def's properties.
func parseFilter(src string, def *genEndpoint) (fnode, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	p := &filterParser{src: src, toks: toks, def: def}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errAt(t, "syntax error: unexpected %q", t.text)
	}
	if n.typ() != tBool {
		return nil, badRequest("$filter: expression of type %s is not a condition in '%s'", n.typ(), src)
	}
	return n, nil
}

func (p *filterParser) peek() token { return p.toks[p.pos] }
func (p *filterParser) next() token { t := p.toks[p.pos]; p.pos++; return t }

func (p *filterParser) errAt(t token, format string, args ...any) error {
	return badRequest("$filter: %s at position %d in '%s'", fmt.Sprintf(format, args...), t.pos, p.src)
}

func (p *filterParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tokIdent && strings.EqualFold(t.text, w)
}

func (p *filterParser) parseOr() (fnode, error) {
	return p.parseLogic("or", p.parseAnd)
}

func (p *filterParser) parseAnd() (fnode, error) {
	return p.parseLogic("and", p.parseUnary)
}

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
	if p.isWord("not") {
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
	return p.parseCompare()
}

var compareOps = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}
var arithOps = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "mod": true}

func (p *filterParser) parseCompare() (fnode, error) {
	l, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind != tokIdent {
		return l, nil
	}
	op := strings.ToLower(t.text)
	if arithOps[op] {
		return nil, p.errAt(t, "arithmetic operator '%s' is not supported", op)
	}
	if !compareOps[op] {
		return l, nil
	}
	p.next()
	r, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	if err := checkComparable(op, l.typ(), r.typ()); err != nil {
		return nil, p.errAt(t, "%s", err)
	}
	return fCompare{op, l, r}, nil
}

// checkComparable applies OData's operand rules: equal types (or null) and
// ordering only where it is defined.
func checkComparable(op string, l, r vtype) error {
	if l != r && l != tNull && r != tNull {
		return fmt.Errorf("operator '%s' incompatible with operand types '%s' and '%s'", op, l, r)
	}
	ordered := op != "eq" && op != "ne"
	if ordered && (l == tBool || l == tGuid || l == tNull || r == tNull) {
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
			return nil, p.errAt(c, "')' expected")
		}
		return n, nil
	case tokLiteral:
		return fLit{t.lit}, nil
	case tokIdent:
		return p.parseName(t)
	case tokEOF:
		return nil, p.errAt(t, "expression expected")
	}
	return nil, p.errAt(t, "syntax error: unexpected %q", t.text)
}

func (p *filterParser) parseName(t token) (fnode, error) {
	lower := strings.ToLower(t.text)
	switch lower {
	case "true", "false":
		return fLit{operand{t: tBool, b: lower == "true"}}, nil
	case "null":
		return fLit{operand{t: tNull, null: true}}, nil
	}
	if p.peek().kind == tokLParen {
		return p.parseCall(t)
	}
	if !isIdent(t.text) {
		return nil, p.errAt(t, "syntax error: unexpected %q", t.text)
	}
	f, ok := p.def.field(t.text)
	if !ok {
		return nil, p.errAt(t, "no property '%s' exists", t.text)
	}
	vt, ok := edmVType(f.Type)
	if !ok {
		return nil, p.errAt(t, "property '%s' of type %s cannot be filtered on", f.Name, f.Type)
	}
	return fField{f.Name, vt}, nil
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
				return nil, p.errAt(c, "',' or ')' expected")
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
		return nil, p.errAt(name, "function '%s' takes %d argument(s), got %d", name.text, len(fn.args), len(args))
	}
	for i, a := range args {
		if a.typ() != fn.args[i] && a.typ() != tNull {
			return nil, p.errAt(name, "argument %d of '%s' must be %s, not %s", i+1, name.text, fn.args[i], a.typ())
		}
	}
	return fCall{strings.ToLower(name.text), args, fn.res}, nil
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return s != ""
}
