package emulator

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/pipeline-dev/pipeline/connectors/emukit/odata"
)

// This file is Exact's dialect of the OData v2 $filter grammar
// emukit/odata parses into the typed tree of odata_ast.go.
//
// Anything outside that (arithmetic, lambda operators, unknown functions or
// properties) is rejected with an OData error, as Exact rejects what its
// provider cannot translate.

// filterGrammar is Exact's dialect; parseFilter adds the properties.
var filterGrammar = odata.Grammar[fnode, operand]{
	Lexer:     filterLexer,
	Condition: func(n fnode) bool { return n.typ() == tBool },
	TypeName:  func(n fnode) string { return n.typ().String() },
	Logic:     func(op string, l, r fnode) fnode { return fLogic{op, l, r} },
	Not:       func(x fnode) fnode { return fNot{x} },
	Lit:       func(v operand) fnode { return fLit{v} },
	Operator: func(word string) (string, bool, string) {
		op := strings.ToLower(word)
		if arithOps[op] {
			return "", false, fmt.Sprintf("arithmetic operator '%s' is not supported", op)
		}
		return op, compareOps[op], ""
	},
	Compare: func(op string, l, r fnode) (fnode, string) {
		if err := checkComparable(op, l.typ(), r.typ()); err != nil {
			return nil, err.Error()
		}
		return fCompare{op, l, r}, ""
	},
	Function: func(name string) bool { _, ok := filterFuncs[strings.ToLower(name)]; return ok },
	Call: func(name string, args []fnode) (fnode, string) {
		fn := filterFuncs[strings.ToLower(name)]
		if len(args) != len(fn.args) {
			return nil, fmt.Sprintf("function '%s' takes %d argument(s), got %d", name, len(fn.args), len(args))
		}
		for i, a := range args {
			if a.typ() != fn.args[i] && a.typ() != tNull {
				return nil, fmt.Sprintf("argument %d of '%s' must be %s, not %s", i+1, name, fn.args[i], a.typ())
			}
		}
		return fCall{strings.ToLower(name), args, fn.res}, ""
	},
	Expected: map[string]string{")": "')' expected", ",": "',' or ')' expected", "": "expression expected"},
}

// parseFilter parses and type-checks src against def's properties.
func parseFilter(src string, def *genEndpoint) (fnode, error) {
	g := filterGrammar
	g.Property = func(name string) (fnode, string) {
		if !isIdent(name) {
			return nil, fmt.Sprintf("syntax error: unexpected %q", name)
		}
		f, ok := def.field(name)
		if !ok {
			return nil, fmt.Sprintf("no property '%s' exists", name)
		}
		vt, ok := edmVType(f.Type)
		if !ok {
			return nil, fmt.Sprintf("property '%s' of type %s cannot be filtered on", f.Name, f.Type)
		}
		return fField{f.Name, vt}, ""
	}
	return g.Parse(src)
}

var compareOps = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}
var arithOps = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "mod": true}

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

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return s != ""
}
