package odata

import (
	"fmt"
	"strings"
)

// Grammar is a dialect's tree and type rules over the shared grammar; N
// is the emulator's node type and L its literal value. A hook that refuses
// returns the message; the parser adds the position of the token at fault.
type Grammar[N, L any] struct {
	Lexer[L]
	// Condition says whether n is a boolean expression; TypeName names
	// n's type in messages.
	Condition func(n N) bool
	TypeName  func(n N) string
	// Logic, Not and Lit build nodes.
	Logic func(op string, l, r N) N
	Not   func(x N) N
	Lit   func(v L) N
	// Operator reads the name after a term: op and true for a comparison,
	// false for anything else (and, or), or a refusal (arithmetic, an
	// unknown operator).
	Operator func(word string) (op string, compare bool, refusal string)
	// Compare type-checks and builds a comparison.
	Compare func(op string, l, r N) (N, string)
	// Neg builds -x; nil means the dialect has no unary minus.
	Neg func(x N) (N, string)
	// Property reads a name that is not followed by '('.
	Property func(name string) (N, string)
	// Function says whether name (as written) is a function; Call
	// type-checks and builds a call of it.
	Function func(name string) bool
	Call     func(name string, args []N) (N, string)
	// Expected are the texts of the errors where something else was due:
	// ")" a closing parenthesis, "," a comma in an argument list, "" a
	// term at the end of the input ("" uses the generic syntax error).
	Expected map[string]string
}

// parser is the state of one Parse.
type parser[N, L any] struct {
	g    *Grammar[N, L]
	src  string
	toks []Token[L]
	pos  int
}

// Parse lexes, parses and type-checks src as a condition.
func (g *Grammar[N, L]) Parse(src string) (N, error) {
	var zero N
	toks, err := g.Lex(src)
	if err != nil {
		return zero, err
	}
	p := &parser[N, L]{g: g, src: src, toks: toks}
	n, err := p.or()
	if err != nil {
		return zero, err
	}
	if t := p.peek(); t.Kind != EOF {
		return zero, p.errAt(t, fmt.Sprintf("syntax error: unexpected %q", t.Text))
	}
	if !g.Condition(n) {
		return zero, g.failf("expression of type %s is not a condition in '%s'", g.TypeName(n), src)
	}
	return n, nil
}

func (p *parser[N, L]) peek() Token[L] { return p.toks[p.pos] }
func (p *parser[N, L]) next() Token[L] { t := p.toks[p.pos]; p.pos++; return t }

func (p *parser[N, L]) errAt(t Token[L], msg string) error {
	return p.g.failf("%s at position %d in '%s'", msg, t.Pos, p.src)
}

func (p *parser[N, L]) isWord(w string) bool {
	t := p.peek()
	return t.Kind == Ident && strings.EqualFold(t.Text, w)
}

func (p *parser[N, L]) or() (N, error)  { return p.logic("or", p.and) }
func (p *parser[N, L]) and() (N, error) { return p.logic("and", p.unary) }

func (p *parser[N, L]) logic(op string, sub func() (N, error)) (N, error) {
	var zero N
	l, err := sub()
	if err != nil {
		return zero, err
	}
	for p.isWord(op) {
		t := p.next()
		r, err := sub()
		if err != nil {
			return zero, err
		}
		if !p.g.Condition(l) || !p.g.Condition(r) {
			return zero, p.errAt(t, fmt.Sprintf("operator '%s' needs conditions on both sides", op))
		}
		l = p.g.Logic(op, l, r)
	}
	return l, nil
}

func (p *parser[N, L]) unary() (N, error) {
	var zero N
	if !p.isWord("not") {
		return p.compare()
	}
	t := p.next()
	x, err := p.unary()
	if err != nil {
		return zero, err
	}
	if !p.g.Condition(x) {
		return zero, p.errAt(t, "operator 'not' needs a condition")
	}
	return p.g.Not(x), nil
}

func (p *parser[N, L]) compare() (N, error) {
	var zero N
	l, err := p.term()
	if err != nil {
		return zero, err
	}
	t := p.peek()
	if t.Kind != Ident {
		return l, nil
	}
	op, ok, refusal := p.g.Operator(t.Text)
	if refusal != "" {
		return zero, p.errAt(t, refusal)
	}
	if !ok {
		return l, nil
	}
	p.next()
	r, err := p.term()
	if err != nil {
		return zero, err
	}
	n, msg := p.g.Compare(op, l, r)
	if msg != "" {
		return zero, p.errAt(t, msg)
	}
	return n, nil
}

func (p *parser[N, L]) term() (N, error) {
	var zero N
	t := p.next()
	switch t.Kind {
	case LParen:
		n, err := p.or()
		if err != nil {
			return zero, err
		}
		if c := p.next(); c.Kind != RParen {
			return zero, p.errAt(c, p.g.Expected[")"])
		}
		return n, nil
	case Literal:
		return p.g.Lit(t.Lit), nil
	case Minus:
		if p.g.Neg == nil {
			break
		}
		x, err := p.term()
		if err != nil {
			return zero, err
		}
		return p.built(t)(p.g.Neg(x))
	case Ident:
		if p.peek().Kind == LParen {
			return p.call(t)
		}
		return p.built(t)(p.g.Property(t.Text))
	case EOF:
		if msg := p.g.Expected[""]; msg != "" {
			return zero, p.errAt(t, msg)
		}
	}
	return zero, p.errAt(t, fmt.Sprintf("syntax error: unexpected %q", t.Text))
}

// built turns a hook's (node, refusal) into the parser's (node, error),
// the error placed at t.
func (p *parser[N, L]) built(t Token[L]) func(N, string) (N, error) {
	return func(n N, refusal string) (N, error) {
		if refusal != "" {
			var zero N
			return zero, p.errAt(t, refusal)
		}
		return n, nil
	}
}

func (p *parser[N, L]) call(name Token[L]) (N, error) {
	var zero N
	if !p.g.Function(name.Text) {
		return zero, p.errAt(name, fmt.Sprintf("unknown function '%s'", name.Text))
	}
	p.next() // (
	var args []N
	for p.peek().Kind != RParen {
		if len(args) > 0 {
			if c := p.next(); c.Kind != Comma {
				return zero, p.errAt(c, p.g.Expected[","])
			}
		}
		a, err := p.or()
		if err != nil {
			return zero, err
		}
		args = append(args, a)
	}
	p.next() // )
	return p.built(name)(p.g.Call(name.Text, args))
}
