package emulator

import (
	"strings"
)

// call parses a function call whose name is t.
func (p *exprParser) call(t token) (*xnode, *apiError) {
	p.next() // (
	var args []*xnode
	if p.peek().kind != tRParen {
		for {
			a, err := p.or()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek().kind != tComma {
				break
			}
			p.next()
		}
	}
	if p.next().kind != tRParen {
		return nil, filterError(errNrSyntax, "Filter: missing ')' after the arguments of %s", strings.ToUpper(t.text))
	}
	name := strings.ToUpper(t.text)
	arity := func(min, max int) *apiError {
		if len(args) < min {
			return filterError(1229, "Filter: too few arguments to %s", name)
		}
		if max >= 0 && len(args) > max {
			return filterError(1230, "Filter: too many arguments to %s", name)
		}
		return nil
	}
	switch name {
	case "EMPTY":
		if err := arity(1, 1); err != nil {
			return nil, err
		}
		a := args[0]
		return &xnode{typ: 'L', eval: func(h *row) fval {
			v := a.eval(h)
			switch a.typ {
			case 'N':
				return fval{b: v.d.IsZero()}
			case 'L':
				return fval{b: !v.b}
			}
			return fval{b: strings.TrimSpace(v.s) == ""}
		}}, nil
	case "UPPER", "LOWER", "ALLTRIM", "TRIM", "RTRIM", "LTRIM":
		if err := arity(1, 1); err != nil {
			return nil, err
		}
		a := args[0]
		if a.typ != 'C' {
			return nil, filterError(errNrTypeMismatch, "Filter: %s needs a text argument", name)
		}
		fn := map[string]func(string) string{"UPPER": strings.ToUpper, "LOWER": strings.ToLower,
			"ALLTRIM": strings.TrimSpace, "TRIM": trimRight, "RTRIM": trimRight,
			"LTRIM": func(s string) string { return strings.TrimLeft(s, " ") }}[name]
		return &xnode{typ: 'C', eval: func(h *row) fval { return fval{s: fn(a.eval(h).s)} }}, nil
	case "INLIST":
		if err := arity(2, -1); err != nil {
			return nil, err
		}
		var tests []*xnode
		for _, b := range args[1:] {
			eq, err := compare("=", args[0], b)
			if err != nil {
				return nil, err
			}
			tests = append(tests, eq)
		}
		return &xnode{typ: 'L', eval: func(h *row) fval {
			for _, t := range tests {
				if t.eval(h).b {
					return fval{b: true}
				}
			}
			return fval{}
		}}, nil
	case "BETWEEN":
		if err := arity(3, 3); err != nil {
			return nil, err
		}
		lo, err := compare(">=", args[0], args[1])
		if err != nil {
			return nil, err
		}
		hi, err := compare("<=", args[0], args[2])
		if err != nil {
			return nil, err
		}
		return &xnode{typ: 'L', eval: func(h *row) fval { return fval{b: lo.eval(h).b && hi.eval(h).b} }}, nil
	}
	return nil, filterError(errNrUnknownName, "Filter: function %s is not known to the emulator (EMPTY, UPPER, LOWER, ALLTRIM, TRIM, LTRIM, INLIST, BETWEEN)", name)
}

func trimRight(s string) string { return strings.TrimRight(s, " ") }
