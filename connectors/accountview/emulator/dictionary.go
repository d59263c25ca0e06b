package emulator

import "strings"

// The schemas generator writes dictionary_gen.go from the data-dictionary
// dumps beside the checkout (shared/specs/accountview); only the generated
// table is committed. It also writes schemas/accountview, so both agree.
//go:generate go run ../../../schemas/internal/accountviewgen -specs ../../../../shared/specs/accountview -schemas ../../../schemas/accountview -emulator dictionary_gen.go

// fieldFlag marks what the dictionary and the generator's rules say about a
// field.
type fieldFlag uint8

const (
	fMandatory fieldFlag = 1 << iota // INP_MAND: must not be empty after the server's defaults
	fUpper                           // FLD_FMT "!": stored in upper case
	fReadOnly                        // maintained by the server; writes must not set it
	fAssigned                        // the server fills it when a write leaves it empty
	fInherited                       // a detail row takes it from its header row
	fAssumed                         // no dictionary dump describes it
	fSystem                          // not a dictionary field: a row id or a link to one
)

// fieldDef is one field: name, DCT_FLD type letter (C M N Y I B D T L),
// length, flags and the Dutch label.
type fieldDef struct {
	Name  string
	Type  byte
	Len   int
	Flags fieldFlag
	Desc  string
}

func (f *fieldDef) has(fl fieldFlag) bool { return f.Flags&fl != 0 }

// family groups types that convert into each other on write and compare
// with each other in filters: text, number, date, logical.
func family(t byte) byte {
	switch t {
	case 'C', 'M':
		return 'C'
	case 'N', 'Y', 'I', 'B':
		return 'N'
	case 'D', 'T':
		return 'D'
	case 'L':
		return 'L'
	}
	return 0
}

// tableDef is one table (DBF). Key is the field rows are ordered and paged
// by; Parent and Link tie a detail table to its header: Link is either a
// field both share (SUB_NR) or the header's row id (<PARENT>_Id).
type tableDef struct {
	Name, Key, Parent, Link string
	Assumed                 bool
	Fields                  []fieldDef
	index                   map[string]int
}

// field returns the named field; names are matched without regard to case,
// as AccountView does.
func (t *tableDef) field(name string) (*fieldDef, bool) {
	i, ok := t.index[strings.ToUpper(name)]
	if !ok {
		return nil, false
	}
	return &t.Fields[i], true
}

// idField is the name of the row-id column, <TABLE>_Id.
func (t *tableDef) idField() string { return t.Name + "_Id" }

// linksByID reports whether detail rows point at the header's row id.
func (t *tableDef) linksByID() bool { return t.Parent != "" && t.Link == t.Parent+"_Id" }

// boDef is a business object: the code clients pass as BusinessObject, its
// header table and detail tables, and which writes it takes.
type boDef struct {
	Code, Desc     string
	Table          string
	Details        []string
	Insert, Update bool
}

var (
	tables          = map[string]*tableDef{}
	businessObjects = map[string]*boDef{}
	// sysTables are the system tables (DCT_FLD), read through
	// /accountviewsystemdata and kept out of the companies.
	sysTables = map[string]*tableDef{}
)

func tableByName(name string) *tableDef {
	if t, ok := tables[name]; ok {
		return t
	}
	return sysTables[name]
}

func init() {
	for _, t := range genTables {
		t.index = make(map[string]int, len(t.Fields))
		for i, f := range t.Fields {
			t.index[f.Name] = i
		}
		tables[t.Name] = t
	}
	for i := range genBusinessObjects {
		b := &genBusinessObjects[i]
		businessObjects[b.Code] = b
	}
}

// lookupBO finds a business object by code, without regard to case ([AV-RB]
// sends "ar1").
func lookupBO(code string) (*boDef, bool) {
	b, ok := businessObjects[strings.ToUpper(strings.TrimSpace(code))]
	return b, ok
}

// tablesOf lists the header table and the detail tables of a business object.
func (b *boDef) tablesOf() []*tableDef {
	out := []*tableDef{tableByName(b.Table)}
	for _, d := range b.Details {
		out = append(out, tableByName(d))
	}
	return out
}
