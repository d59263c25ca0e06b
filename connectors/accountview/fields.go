package accountview

import (
	"fmt"
	"strings"
)

// field is one column of an AccountView table as its schema describes it.
type field struct {
	// typ is the dictionary type letter: C M (text), N Y I B (numbers),
	// D (date), T (datetime), L (logical).
	typ byte
	// readOnly marks fields AccountView maintains; writes leave them out.
	readOnly bool
}

// family is the group of types AccountView converts into each other, which
// is what a write definition's FieldType and a filter's ValueType must
// match: C, N, D or L.
func (f field) family() byte {
	switch f.typ {
	case 'C', 'M':
		return 'C'
	case 'N', 'Y', 'I', 'B':
		return 'N'
	case 'D', 'T':
		return 'D'
	}
	return f.typ
}

func (f field) isDate() bool { return f.typ == 'D' || f.typ == 'T' }

// fieldsOf maps each table to its fields, parsed once from the generated
// schemaFields table (fields_gen.go). The connector cannot import the
// schemas package, so the table carries what it needs of them;
// TestFieldTable keeps it equal to them.
var fieldsOf = map[string]map[string]field{}

func init() {
	for table, spec := range schemaFields {
		fs := map[string]field{}
		for _, tok := range strings.Fields(spec) {
			n, k, ok := strings.Cut(tok, ":")
			if !ok || k == "" {
				panic(fmt.Sprintf("accountview: bad field table entry %q of %s", tok, table))
			}
			fs[n] = field{typ: k[0], readOnly: strings.HasSuffix(k, "*")}
		}
		fieldsOf[table] = fs
	}
}

// tableField returns the named field of table.
func tableField(table, name string) (field, bool) {
	f, ok := fieldsOf[table][name]
	return f, ok
}

// isRowID reports whether name is a row id or a link to one (<TABLE>_Id),
// which AccountView returns but never takes in a write.
func isRowID(name string) bool { return strings.HasSuffix(name, "_Id") }
