package emulator

import (
	"fmt"
	"strings"

	"github.com/pipeline-dev/pipeline/connectors/emukit/odata"
)

// This file is Visma's dialect of the $filter grammar emukit/odata
// parses into the typed tree below.
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

// filterGrammar is Visma's dialect; parseFilter adds the properties.
var filterGrammar = odata.Grammar[fnode, operand]{
	Lexer:     filterLexer,
	Condition: func(n fnode) bool { return n.typ() == tBool },
	TypeName:  func(n fnode) string { return n.typ().String() },
	Logic:     func(op string, l, r fnode) fnode { return fLogic{op, l, r} },
	Not:       func(x fnode) fnode { return fNot{x} },
	Lit:       func(v operand) fnode { return fLit{v} },
	Operator: func(word string) (string, bool, string) {
		op := strings.ToLower(word)
		if compareOps[op] {
			return op, true, ""
		}
		if op != "and" && op != "or" {
			return "", false, fmt.Sprintf("unknown operator '%s' (use eq, ne, gt, ge, lt, le, and, or, not)", word)
		}
		return "", false, ""
	},
	Compare: func(op string, l, r fnode) (fnode, string) {
		l, r = coerce(l, r), coerce(r, l)
		if err := checkComparable(op, l.typ(), r.typ()); err != nil {
			return nil, err.Error()
		}
		return fCompare{op, l, r}, ""
	},
	Neg: func(x fnode) (fnode, string) {
		if x.typ() != tNumber {
			return nil, "'-' needs a number"
		}
		return fNeg{x}, ""
	},
	Function: func(name string) bool { _, ok := filterFuncs[strings.ToLower(name)]; return ok },
	Call: func(name string, args []fnode) (fnode, string) {
		fn := filterFuncs[strings.ToLower(name)]
		if len(args) != len(fn.args) {
			return nil, fmt.Sprintf("%s takes %d arguments, not %d", name, len(fn.args), len(args))
		}
		for i, a := range args {
			if a.typ() != fn.args[i] && a.typ() != tNull {
				return nil, fmt.Sprintf("argument %d of %s must be a %s, not a %s", i+1, name, fn.args[i], a.typ())
			}
		}
		return fCall{strings.ToLower(name), args, fn.res}, ""
	},
	Expected: map[string]string{")": "expected ')'", ",": "expected ',' or ')'"},
}

// parseFilter parses and type-checks src against comp's properties.
func parseFilter(src string, comp *genComponent) (fnode, error) {
	g := filterGrammar
	g.Property = func(name string) (fnode, string) {
		f, ok := comp.field(name)
		if !ok {
			return nil, fmt.Sprintf("unknown property '%s'", name)
		}
		if !f.scalar() {
			return nil, fmt.Sprintf("property '%s' is an %s and cannot be filtered on", f.Name, f.Kind)
		}
		return fField{f: f, t: kindVType(f.Kind)}, ""
	}
	return g.Parse(src)
}

var compareOps = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

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
