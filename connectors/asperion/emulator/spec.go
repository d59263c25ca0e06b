package emulator

import "strings"

// This file defines the shape of the declarative API table in api.go and
// the indexes built from it. Nothing here names an Asperion path or field.

// kind is a field's JSON value type.
type kind int

const (
	kText     kind = iota // JSON string
	kInt                  // JSON integer (int64)
	kDecimal              // JSON number, kept exact (govalues/decimal)
	kBool                 // JSON true/false
	kDate                 // JSON string "YYYY-MM-DD"
	kDateTime             // JSON string, RFC 3339 in UTC with milliseconds
	kRef                  // JSON integer: the id of a record of field.Ref
	kObject               // JSON object of field.Fields
	kLines                // JSON array of objects of field.Fields
)

// flag is a set of field properties.
type flag uint16

const (
	// fRequired: a write must carry a non-null, non-empty value.
	fRequired flag = 1 << iota
	// fReadOnly: the server sets it; writes ignore it (Options.Strict: 400).
	fReadOnly
	// fAssigned: writable, but the server assigns it when a create leaves
	// it out, and an update that leaves it out keeps it (debtor number).
	fAssigned
	// fKey, fNatural, fPersonal, fAssumed mirror the schema annotations
	// x-key, x-natural-key, x-personal-data and x-assumed; schema_test.go
	// holds the table and schemas/asperion to each other.
	fKey
	fNatural
	fPersonal
	fAssumed
)

// field is one property of an entity (or of a nested object or line).
type field struct {
	// Name is the logical name the emulator's rules and state file use.
	// It never changes; correcting the API means changing Wire.
	Name string
	// Wire is the JSON member name in requests and responses.
	Wire  string
	Kind  kind
	Flags flag
	// Ref names the entity a kRef field points to.
	Ref string
	// MaxLength limits text in characters (0: no limit).
	MaxLength int
	// Enum lists the allowed text values (matched ignoring case, stored
	// as listed).
	Enum []string
	// Default is stored when a write leaves the field out: a string for
	// text, decimal and enum fields, a bool for kBool.
	Default any
	// MinItems is the least number of lines of a kLines field.
	MinItems int
	// Fields are the members of a kObject or kLines field.
	Fields []field
}

func (f *field) is(fl flag) bool { return f.Flags&fl != 0 }

// op is a set of operations an endpoint supports.
type op uint8

const (
	opList   op = 1 << iota // GET Path
	opGet                   // GET Path/{id}
	opCreate                // POST Path
	opUpdate                // PUT Path/{id}
)

// filter is a query parameter of a list that selects records whose field
// equals the parameter's value: ignoring case for text, exactly for
// numbers and ids.
type filter struct {
	// Param is the query parameter, matched ignoring case (ASP.NET model
	// binding does).
	Param string
	// Field is the logical name of the compared field.
	Field string
	// Default applies when the parameter is absent ("" : no filter).
	Default string
	// All is the value that switches the filter off ("" : none).
	All string
}

// entity is one endpoint family: a collection and its items.
type entity struct {
	// Name is the schema name (schemas/asperion/<Name>.schema.json) and the
	// name the connector's table should use for the same entity.
	Name string
	// Path is the collection path; an item is Path + "/{id}". Matching
	// ignores case, as ASP.NET routing does.
	Path string
	Ops  op
	// Seed is the member of a seed administration holding its rows.
	Seed string
	// Tenant is false for the one endpoint that is not per administration;
	// it ignores the tenant header.
	Tenant bool
	// Incremental lists support the modified-since parameter on the
	// "modifiedAt" field.
	Incremental bool
	// NumberStart is the first number the server assigns to the "number"
	// field in an administration (0: the entity has no server number).
	NumberStart int64
	// Unique lists logical fields whose values are unique within an
	// administration (text compared ignoring case).
	Unique  []string
	Filters []filter
	Fields  []field
}

// Label is the entity's name in messages: sales_order → "sales order".
func (e *entity) label() string { return strings.ReplaceAll(e.Name, "_", " ") }

// field returns the top-level field with logical name.
func (e *entity) field(name string) *field { return findField(e.Fields, name) }

func findField(fields []field, name string) *field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// has reports whether the entity supports o.
func (e *entity) has(o op) bool { return e.Ops&o != 0 }

// Indexes over the table, built once.
var (
	entityByName = map[string]*entity{}
	entityByPath = map[string]*entity{} // lower-case path
)

func init() {
	for i := range entities {
		e := &entities[i]
		entityByName[e.Name] = e
		entityByPath[strings.ToLower(e.Path)] = e
	}
}
