package emulator

import "math/big"

// The typed tree a parsed $filter becomes (see odata_filter.go) and the
// functions it may call.

// vtype is the static type of a filter expression.
type vtype int

const (
	tNull vtype = iota
	tString
	tNumber
	tBool
	tGuid
	tTime
)

var vtypeNames = [...]string{"null", "Edm.String", "a number", "Edm.Boolean", "Edm.Guid", "Edm.DateTime"}

func (t vtype) String() string { return vtypeNames[t] }

// operand is a filter value at run time.
type operand struct {
	t    vtype
	s    string   // tString, tGuid
	n    *big.Rat // tNumber
	b    bool     // tBool
	ms   int64    // tTime
	null bool     // a typed null (a property without a value)
}

// fnode is a node of a parsed filter.
type fnode interface{ typ() vtype }

type (
	fLogic struct { // and / or
		op   string
		l, r fnode
	}
	fNot     struct{ x fnode }
	fCompare struct {
		op   string // eq ne gt ge lt le
		l, r fnode
	}
	fField struct {
		name string
		t    vtype
	}
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
func (n fLit) typ() vtype   { return n.v.t }
func (n fCall) typ() vtype  { return n.t }

// filterFunc describes a supported function: argument and result types.
type filterFunc struct {
	args []vtype
	res  vtype
}

var filterFuncs = map[string]filterFunc{
	"trim":        {[]vtype{tString}, tString},
	"tolower":     {[]vtype{tString}, tString},
	"toupper":     {[]vtype{tString}, tString},
	"length":      {[]vtype{tString}, tNumber},
	"substringof": {[]vtype{tString, tString}, tBool},
	"startswith":  {[]vtype{tString, tString}, tBool},
	"endswith":    {[]vtype{tString, tString}, tBool},
}

// edmVType maps a property's Edm type to a filter type.
func edmVType(t edm) (vtype, bool) {
	switch t {
	case edmString:
		return tString, true
	case edmGuid:
		return tGuid, true
	case edmDouble, edmInt16, edmInt32, edmInt64, edmByte:
		return tNumber, true
	case edmBoolean:
		return tBool, true
	case edmDateTime:
		return tTime, true
	}
	return 0, false
}
