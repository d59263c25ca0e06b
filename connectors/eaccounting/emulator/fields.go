package emulator

import "strings"

// The OpenAPI document lives outside the repository (shared/specs beside
// the checkout); only the generated table is committed.
//go:generate go run ./internal/gen -spec ../../../../shared/specs/visma-eaccounting/visma_external_api.yaml -out fields_gen.go

// kind is the JSON shape of a property as Visma's OpenAPI document types it.
type kind uint8

const (
	kindString kind = iota
	kindUUID
	kindNumber  // format double
	kindInteger // int32 or int64
	kindBool
	kindDateTime
	kindObject // a nested component (Ref)
	kindArray  // items of Elem kind, or of component Ref
)

var kindNames = [...]string{"string", "uuid", "number", "integer", "boolean", "date-time", "object", "array"}

func (k kind) String() string { return kindNames[k] }

// fieldFlag marks what the document says of a property.
type fieldFlag uint8

const (
	fReadOnly fieldFlag = 1 << iota
	fRequired
	fNullable
)

// genField is one property of a component.
type genField struct {
	Name     string
	Kind     kind
	Flags    fieldFlag
	Elem     kind   // kind of array items
	Ref      string // component of an object, or of array items
	MaxLen   int    // 0: no limit stated
	Min, Max string // decimal bounds; "" when not stated
	Enum     []int  // allowed integers; nil when any
	Decimals int    // decimals the document allows; 0 when not stated
}

func (f *genField) readOnly() bool { return f.Flags&fReadOnly != 0 }
func (f *genField) required() bool { return f.Flags&fRequired != 0 }
func (f *genField) nullable() bool { return f.Flags&fNullable != 0 }

// scalar reports whether the field holds one value a $filter or $orderby
// can use.
func (f *genField) scalar() bool { return f.Kind != kindObject && f.Kind != kindArray }

// genComponent is one schema of components.schemas.
type genComponent struct {
	Name   string
	Fields []genField

	index map[string]int // name → position, built at init
	fold  map[string]int // lower-cased name → position
}

// field returns the property called name. JSON property names bind
// case-insensitively in Visma's .NET API, so a folded match is accepted.
func (c *genComponent) field(name string) (*genField, bool) {
	if i, ok := c.index[name]; ok {
		return &c.Fields[i], true
	}
	if i, ok := c.fold[strings.ToLower(name)]; ok {
		return &c.Fields[i], true
	}
	return nil, false
}

// genOperation is one method on one path of the document.
type genOperation struct {
	Method   string
	Path     string   // relative to /v2, with Visma's {parameter} names
	Scopes   []string // any of them grants the operation, besides ea:api
	Status   int      // the documented success status
	Request  string   // component of the body; "" for none
	Response string   // component of the answer (of Data when Paged)
	Paged    bool     // the answer is a {Meta, Data} page
}

func init() {
	for _, c := range genComponents {
		c.index = make(map[string]int, len(c.Fields))
		c.fold = make(map[string]int, len(c.Fields))
		for i, f := range c.Fields {
			c.index[f.Name] = i
			c.fold[strings.ToLower(f.Name)] = i
		}
	}
}
