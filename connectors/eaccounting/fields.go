package eaccounting

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// fieldKind is the type family of a field, which decides how a value is
// written as a $filter literal.
type fieldKind byte

const (
	kindString     fieldKind = 's'
	kindGuid       fieldKind = 'g'
	kindNumber     fieldKind = 'n'
	kindBool       fieldKind = 'b'
	kindDateTime   fieldKind = 'd'
	kindCollection fieldKind = 'c'
)

// fieldsOf maps each entity to its top-level fields, parsed once from the
// generated schemaFields table (fields_gen.go): the connector cannot
// import the schemas package, and TestFieldTable keeps the table equal to
// the schemas.
var fieldsOf = map[string]map[string]fieldKind{}

func init() {
	for name, spec := range schemaFields {
		fs := map[string]fieldKind{}
		for _, tok := range strings.Fields(spec) {
			n, k, ok := strings.Cut(tok, ":")
			if !ok || k == "" {
				panic(fmt.Sprintf("eaccounting: bad field table entry %q of %s", tok, name))
			}
			fs[n] = fieldKind(k[0])
		}
		fieldsOf[name] = fs
	}
}

// field returns the kind of e's field name.
func (e *entity) field(name string) (fieldKind, bool) {
	k, ok := fieldsOf[e.Name][name]
	return k, ok
}

var (
	guidRE   = regexp.MustCompile(`^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$`)
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// literal writes value as a $filter literal for a field of kind k. ok is
// false when no record can have that value (a number field and "cheap"):
// the caller answers "none" without a call that would only earn a 400.
func literal(k fieldKind, value string) (string, bool) {
	v := strings.TrimSpace(value)
	switch k {
	case kindGuid:
		if !guidRE.MatchString(v) {
			return "", false
		}
		return strings.ToLower(strings.Trim(v, "{}")), true
	case kindNumber:
		return v, numberRE.MatchString(v)
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
		return t.UTC().Format("2006-01-02T15:04:05.000Z"), true
	case kindCollection:
		return "", false
	}
	return "'" + strings.ReplaceAll(value, "'", "''") + "'", true
}

// parseTime reads the date forms a lookup key or cursor may come in; a
// time without offset is UTC, as Visma's audit stamps are.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// condition is the $filter condition "name equals value" on e; ok is
// false when no record can match.
func (e *entity) condition(name, value string) (cond string, ok bool, err error) {
	k, known := e.field(name)
	if !known {
		return "", false, fmt.Errorf("%s has no field %q", e.ref(), name)
	}
	if k == kindCollection {
		return "", false, fmt.Errorf("%s.%s is a list or object; eAccounting filters on plain fields only", e.ref(), name)
	}
	lit, ok := literal(k, value)
	if !ok {
		return "", false, nil
	}
	return name + " eq " + lit, true, nil
}
