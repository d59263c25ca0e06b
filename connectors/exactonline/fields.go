package exactonline

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// fieldKind is the OData type family of a field, which decides how a value
// is written as a $filter literal: Exact's OData provider refuses a Guid
// compared with a string, a number in quotes, and so on.
type fieldKind byte

const (
	kindString     fieldKind = 's'
	kindGuid       fieldKind = 'g'
	kindNumber     fieldKind = 'n'
	kindBool       fieldKind = 'b'
	kindDateTime   fieldKind = 'd'
	kindCollection fieldKind = 'c'
)

// field is one property of an entity as its schema describes it.
type field struct {
	kind fieldKind
	// syncOnly marks properties only the sync endpoint returns; the CRUD
	// endpoint refuses them in $filter and $select.
	syncOnly bool
}

// fieldsOf maps each entity to its fields, parsed once from the generated
// schemaFields table (fields_gen.go). The connector cannot import the
// schemas package, so the table carries what it needs of the schemas;
// TestFieldTable keeps it equal to them.
var fieldsOf = map[string]map[string]field{}

func init() {
	for name, spec := range schemaFields {
		fs := map[string]field{}
		for _, tok := range strings.Fields(spec) {
			n, k, ok := strings.Cut(tok, ":")
			if !ok || k == "" {
				panic(fmt.Sprintf("exactonline: bad field table entry %q of %s", tok, name))
			}
			fs[n] = field{kind: fieldKind(k[0]), syncOnly: strings.HasSuffix(k, "*")}
		}
		fieldsOf[name] = fs
	}
}

// field returns the named field of e.
func (e *entity) field(name string) (field, bool) {
	f, ok := fieldsOf[e.Name][name]
	return f, ok
}

var guidRE = regexp.MustCompile(`^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$`)

// numberRE is an OData numeric literal without a type suffix.
var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// literal writes value as an OData literal for a field of kind k. ok is
// false when the value cannot be of that kind (not a GUID for a Guid
// field): no record can match it, so the caller answers "none" without
// asking Exact, whose reply would be a 400 that counts toward its
// ten-errors-an-hour block.
func literal(k fieldKind, value string) (lit string, ok bool) {
	v := strings.TrimSpace(value)
	switch k {
	case kindGuid:
		if !guidRE.MatchString(v) {
			return "", false
		}
		return "guid'" + strings.ToLower(strings.Trim(v, "{}")) + "'", true
	case kindNumber:
		if !numberRE.MatchString(v) {
			return "", false
		}
		return v, true
	case kindBool:
		switch strings.ToLower(v) {
		case "true", "false":
			return strings.ToLower(v), true
		}
		return "", false
	case kindDateTime:
		t, ok := parseTime(v)
		if !ok {
			return "", false
		}
		return "datetime'" + t.UTC().Format("2006-01-02T15:04:05") + "'", true
	case kindCollection:
		return "", false
	}
	return "'" + strings.ReplaceAll(value, "'", "''") + "'", true
}

// parseTime reads the date forms a lookup key may come in.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// condition is the $filter condition "field equals value" on e, handling
// padded codes; ok is false when no record can match.
func (e *entity) condition(name, value string) (cond string, ok bool, err error) {
	f, known := e.field(name)
	if !known {
		return "", false, fmt.Errorf("%s has no field %q", e.ref(), name)
	}
	if f.syncOnly {
		return "", false, fmt.Errorf("%s.%s is returned by the sync endpoint only and cannot be filtered on", e.ref(), name)
	}
	if f.kind == kindString && contains(e.Padded, name) {
		// Exact right-aligns these in a fixed width: "    25". Its
		// comparison ignores trailing spaces but not leading ones.
		lit, _ := literal(kindString, strings.TrimSpace(value))
		return "trim(" + name + ") eq " + lit, true, nil
	}
	lit, ok := literal(f.kind, value)
	if !ok {
		return "", false, nil
	}
	return name + " eq " + lit, true, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
