package emulator

// The facts file lives outside the repository (shared/specs beside the
// checkout); only the generated table is committed.
//go:generate go run ./internal/gen -facts ../../../../shared/specs/exact-online/exact-online-entities.facts.json -out entities_gen.go

// edm is an OData v2 primitive type as the Exact reference names it.
type edm uint8

const (
	edmString edm = iota
	edmGuid
	edmDouble
	edmInt16
	edmInt32
	edmInt64
	edmByte
	edmBoolean
	edmDateTime
	edmBinary
	edmNav // navigation property (a line collection or an unsupported complex type)
)

var edmNames = [...]string{"Edm.String", "Edm.Guid", "Edm.Double", "Edm.Int16", "Edm.Int32",
	"Edm.Int64", "Edm.Byte", "Edm.Boolean", "Edm.DateTime", "Edm.Binary", "navigation"}

func (t edm) String() string { return edmNames[t] }

// fieldFlag marks the facts the reference gives per field.
type fieldFlag uint8

const (
	fKey fieldFlag = 1 << iota
	fReadOnly
	fMandatory
)

// genField is one property of an endpoint: name, type, flags and, for
// navigation properties, the name of the collection type.
type genField struct {
	Name  string
	Type  edm
	Flags fieldFlag
	Nav   string
}

func (f genField) readOnly() bool  { return f.Flags&fReadOnly != 0 }
func (f genField) mandatory() bool { return f.Flags&fMandatory != 0 }

// genEndpoint is one row of the generated table.
type genEndpoint struct {
	Methods string // space-separated HTTP methods the reference allows
	Key     string // entity key per the official SDK; empty for views
	Fields  []genField

	index map[string]int // field name → position, built on first use
}

// field returns the named property. Property names are case-sensitive in
// OData, so no folding is done.
func (e *genEndpoint) field(name string) (genField, bool) {
	i, ok := e.index[name]
	if !ok {
		return genField{}, false
	}
	return e.Fields[i], true
}

// allows reports whether the reference lists method for this endpoint.
func (e *genEndpoint) allows(method string) bool {
	for _, m := range splitSpaces(e.Methods) {
		if m == method {
			return true
		}
	}
	return false
}

func init() {
	for _, e := range genEndpoints {
		e.index = make(map[string]int, len(e.Fields))
		for i, f := range e.Fields {
			e.index[f.Name] = i
		}
	}
}
