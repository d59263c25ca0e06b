package engine

import (
	"fmt"
	"strconv"

	"github.com/govalues/decimal"
	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
)

// lookupTable is a compiled value map.
type lookupTable struct {
	name     string
	values   map[string]any
	def      any
	unmapped string
}

func compileLookup(l *dsl.Lookup) (*lookupTable, hcl.Diagnostics) {
	t := &lookupTable{name: l.Name, values: make(map[string]any, len(l.Keys)), unmapped: l.Unmapped}
	for i, k := range l.Keys {
		t.values[k] = ctyToGo(l.Values[i])
	}
	if l.Default != nil {
		t.def = ctyToGo(*l.Default)
	}
	return t, nil
}

// UnmappedError is the error of lookup() for a key a table does not map
// under the "error" policy; the record is set aside with it.
type UnmappedError struct {
	Table string
	Key   string
}

func (e *UnmappedError) Error() string {
	return fmt.Sprintf("lookup %q has no value for %q and no default", e.Table, e.Key)
}

// lookup backs the lookup() function of expressions.
func (p *Plan) lookup(table string, key any) (any, error) {
	t, ok := p.lookups[table]
	if !ok {
		return nil, fmt.Errorf("no lookup table %q", table)
	}
	k := lookupKey(key)
	if v, ok := t.values[k]; ok {
		return v, nil
	}
	switch t.unmapped {
	case dsl.UnmappedDefault:
		return t.def, nil
	case dsl.UnmappedPass:
		return key, nil
	}
	return nil, &UnmappedError{Table: table, Key: k}
}

// lookupKey turns a key into the text the table is keyed by, so that the
// number 14 finds the entry "14".
func lookupKey(key any) string {
	switch k := key.(type) {
	case nil:
		return ""
	case string:
		return k
	case decimal.Decimal:
		// 21, 21.0 and 21.00 all find the entry "21".
		return k.Trim(0).String()
	case int:
		return strconv.Itoa(k)
	case bool:
		return strconv.FormatBool(k)
	case float64:
		return strconv.FormatFloat(k, 'f', -1, 64)
	}
	return fmt.Sprint(key)
}

// exprNumber parses a JSON number exactly, for comparing amounts.
func exprNumber(raw string) (decimal.Decimal, error) { return decimal.Parse(raw) }
