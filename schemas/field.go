package schemas

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Field is the merged view of the schema at one place of a record: the
// schema itself, what its $ref points at and its allOf parts, taken
// together. The compiler asks fields whether a mapping's target path exists,
// what type it has and whether a constant fits; Validate stays the authority
// on whole records.
//
// A field's properties are built the first time Child, Lookup or a walk
// asks for them, and never change afterwards; fields are safe for
// concurrent use. A recursive schema ($ref back to an enclosing schema)
// therefore has fields at any depth, as deep as someone looks: Lookup
// follows "children.#.children.#.name" like a record would. A walk over
// the whole tree, not along a record, must stop where an Identity repeats.
type Field struct {
	// Name is the property name ("Item"), "#" for array items, "*" for the
	// schema of undeclared properties, "" for the root.
	Name string
	// Path is the dotted path from the root in gjson syntax, with "#" for
	// array items: "SalesOrderLines.#.Item". The root's path is "".
	Path string

	// Types are the JSON types allowed: "string", "number", "integer",
	// "boolean", "object", "array", "null". Empty means any.
	Types []string
	// Enum lists the allowed values when the schema has an enum. Numbers
	// are json.Number, exactly as written in the schema.
	Enum []any
	// Const is the required value when HasConst reports true.
	Const any
	// Format is the format keyword ("uuid", "date-time", "email"); it is
	// asserted by Validate and Check.
	Format string
	// Pattern is the regular expression a string must contain a match of.
	Pattern string
	// MaxLength is the maximum number of characters (Unicode code points)
	// of a string, or -1 when there is none.
	MaxLength int
	// Minimum and Maximum bound numbers (inclusive) when set.
	Minimum, Maximum *float64
	// Required lists, for an object, the property names that must be there.
	Required []string

	// ReadOnly is the standard readOnly annotation: the system sets it, a
	// writer must not.
	ReadOnly bool
	// Personal marks personal data (x-personal-data): names, e-mail, phone,
	// addresses, personal tax and registration numbers.
	Personal bool
	// NaturalKey marks a field other systems match records on
	// (x-natural-key), such as an item code or a customer e-mail.
	NaturalKey bool
	// Key marks the system's own id of the record (x-key).
	Key bool
	// Assumed marks a field that no source document describes (x-assumed):
	// its existence or shape is our assumption.
	Assumed bool
	// Description is the schema's description.
	Description string

	// Items is the schema of the elements of an array, nil when the field
	// is not an array or says nothing about its elements.
	Items *Field

	hasConst   bool
	minLength  int
	pattern    *regexp.Regexp
	props      map[string]*Field
	names      []string // sorted keys of props
	open       bool
	additional *Field // schema of undeclared properties, when one is given

	id   string     // see Identity
	lazy *lazyProps // builds props and additional on first use; nil when none
}

// HasConst reports whether the field has a const keyword; Const alone cannot
// tell "const null" from "no const".
func (f *Field) HasConst() bool { return f.hasConst }

// Child returns the property name of an object field. A property the schema
// does not declare is still returned when additionalProperties gives a
// schema for such properties; that field is named "*".
func (f *Field) Child(name string) (*Field, bool) {
	f.expand()
	if c, ok := f.props[name]; ok {
		return c, true
	}
	if f.additional != nil {
		return f.additional, true
	}
	return nil, false
}

// Names returns the declared property names, sorted. The caller may modify
// the returned slice.
func (f *Field) Names() []string { return slices.Clone(f.names) }

// Lookup walks a path of property names from f. The segment "#", or an
// array index such as "0", steps into the items of an array field. It
// returns false at the first segment that does not exist.
func (f *Field) Lookup(path []string) (*Field, bool) {
	cur := f
	for _, seg := range path {
		if cur.Items != nil && (seg == "#" || isIndex(seg)) {
			cur = cur.Items
			continue
		}
		next, ok := cur.Child(seg)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return cur, true
}

// Open reports whether an object field allows property names it does not
// declare (additionalProperties is absent, true or a schema). It is false
// for fields that cannot be objects.
func (f *Field) Open() bool { return f.open }

// Identity is the same for two fields built from the same schema parts
// (the schema, its $ref targets and allOf parts), which therefore have the
// same types, annotations and children; only Name and Path tell them
// apart. In a recursive schema the field of a node and those of its
// descendants share one, which is how a walk over the tree knows where it
// would go round forever.
func (f *Field) Identity() string { return f.id }

// lazyProps is what a field needs to build its properties on first use.
type lazyProps struct {
	once       sync.Once
	props      map[string][]*jsonschema.Schema
	additional []*jsonschema.Schema
}

// expand builds the fields of f's properties once; fields are shared by
// every goroutine of the process, hence the sync.Once.
func (f *Field) expand() {
	l := f.lazy
	if l == nil {
		return
	}
	l.once.Do(func() {
		props := make(map[string]*Field, len(l.props))
		for n, ps := range l.props {
			props[n] = build(n, joinPath(f.Path, n), sortedBySource(ps), map[string]*Field{})
		}
		f.props = props
		if len(l.additional) > 0 {
			f.additional = build("*", joinPath(f.Path, "*"), l.additional, map[string]*Field{})
		}
		l.props, l.additional = nil, nil
	})
}

// identity names a list of compiled schemas by their addresses: fields
// built from the same list are alike but for Name and Path.
func identity(applies []*jsonschema.Schema) string {
	b := make([]byte, 0, 14*len(applies))
	for _, s := range applies {
		b = fmt.Appendf(b, "%p,", s)
	}
	return string(b)
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

// joinPath appends a segment to a gjson path, escaping characters gjson
// would read as syntax.
func joinPath(parent, seg string) string {
	if seg != "#" && seg != "*" {
		seg = escapeSegment(seg)
	}
	if parent == "" {
		return seg
	}
	return parent + "." + seg
}

func escapeSegment(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !safePathChar(c) {
			out = append(out, '\\')
		}
		out = append(out, c)
	}
	return string(out)
}

// safePathChar mirrors the characters gjson leaves unescaped in a key.
func safePathChar(c byte) bool {
	return c <= ' ' || c > '~' || c == '_' || c == '-' || c == ':' ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
