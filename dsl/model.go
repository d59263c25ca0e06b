package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// File is one decoded pipeline file.
type File struct {
	Filename string

	// Variables are the file's own variable blocks after those of the
	// folder's settings.hcl, which every pipeline file of the folder sees.
	Variables []*Variable
	Pipelines []*Pipeline

	// Settings is the folder's settings.hcl, nil when there is none. When
	// the file is settings.hcl itself, it is that file and Pipelines is
	// empty.
	Settings *Settings
}

// Pipeline is one pipeline block: where records come from, which pass, how
// they are shaped, and where they go.
type Pipeline struct {
	Name        string
	Description string
	Filename    string

	Source *Endpoint
	Target *Endpoint

	// ForEach, when set, gives a list per source record; each element
	// becomes its own target record, mapped with item bound to it and
	// index to its position.
	ForEach *Expr

	// Filters must all be true for a record to pass.
	Filters []*Expr

	// Lookups are the folder settings' lookup tables, then the pipeline's.
	Lookups []*Lookup
	Related []*Related

	// Map holds the field mappings of the target record in the order they
	// were written; Each blocks are part of it as fields of kind Each.
	Map *Mapping

	// MaxRejects is how many records may be set aside before the run counts
	// as failed; nil means zero.
	MaxRejects *int

	// LogPersonalData keeps personal data unmasked in the activity log; by
	// default fields the schemas mark as personal are masked.
	LogPersonalData bool

	// Timezone is the IANA zone for dates written without an offset.
	Timezone      string
	TimezoneRange hcl.Range

	// Serve holds the schedule and webhook triggers (serve.go).
	Serve Serve

	// Enabled is the enabled attribute (enabled.go), nil when absent: a
	// condition over variables that switches the pipeline off.
	Enabled *Enabled

	DeclRange hcl.Range
	NameRange hcl.Range

	// deferred are the blocks with policy attributes written over
	// variables, decoded again by Resolve (policy.go); resolved are the
	// values Resolve gave them, to explain diagnostics about them.
	deferred []*deferredBlock
	resolved []resolvedAttr
}

// Endpoint is a source or target block: a connector by name, the schema the
// records are checked against, and the connector's own settings.
type Endpoint struct {
	Connector      string
	ConnectorRange hcl.Range

	// Schema is "<system>/<entity>", or empty.
	Schema      string
	SchemaRange hcl.Range

	// Validate is false when the block turned record validation off.
	Validate bool

	// Write semantics of a target (see the sync state): the target field
	// that holds the record's natural key, an expression for the source
	// record's own key, what to do when the target already has the record,
	// and fields written only when a record is created.
	KeyField      string
	KeyFieldRange hcl.Range
	SourceKey     *Expr
	OnExists      string // "skip" (default), "update" or "error"
	OnExistsRange hcl.Range
	CreateOnly    []string
	CreateOnlyRng hcl.Range
	// CompareWithTarget reads the target's record before updating one whose
	// payload changed since it was written, and leaves it alone when the
	// target already holds the mapped values: in a two-way flow, the other
	// direction has just written them.
	CompareWithTarget bool

	// Use names the settings.hcl connection whose settings the block
	// takes (use = "name"), or is empty.
	Use      string
	UseRange hcl.Range
	// Connection is that connection once found.
	Connection *Connection

	// Config is the rest of the block, decoded later into the connector's
	// typed config: merged with the connection's body when the block uses
	// one (ConfigParts).
	Config    hcl.Body
	ownConfig hcl.Body

	DeclRange hcl.Range
}

// Mapping is an ordered list of target fields.
type Mapping struct {
	Fields    []*Field
	DeclRange hcl.Range
}

// FieldKind says what fills a target field.
type FieldKind int

const (
	// FieldExpr is filled by an expression.
	FieldExpr FieldKind = iota
	// FieldObject is a nested object with fields of its own.
	FieldObject
	// FieldEach is an array built element by element from a source array.
	FieldEach
)

// Field is one target field.
type Field struct {
	Name      string
	NameRange hcl.Range
	Kind      FieldKind
	Expr      *Expr    // FieldExpr
	Object    *Mapping // FieldObject
	Each      *Each    // FieldEach
}

// Each maps a source array element by element into a target array, with
// optional filters and extra elements appended after the mapped ones.
type Each struct {
	// From is the expression giving the source array, usually a path such as
	// source.line_items. Inside the block, item is the current element and
	// index its position.
	From    *Expr
	Filters []*Expr
	Map     *Mapping
	Appends []*Append

	DeclRange hcl.Range
}

// Append is an extra array element (a shipping cost line, a discount line)
// added when its condition holds.
type Append struct {
	Name      string
	When      *Expr // nil means always
	Map       *Mapping
	DeclRange hcl.Range
}

// Unmapped policies for lookup tables.
const (
	UnmappedError   = "error"
	UnmappedDefault = "default"
	UnmappedPass    = "pass"
)

// Lookup is a value map: payment terms, VAT code per country, and so on.
type Lookup struct {
	Name      string
	NameRange hcl.Range

	// Entries in the order written (inline values first, then the file).
	Keys   []string
	Values []cty.Value

	// File is the CSV file the entries were read from, relative to the
	// pipeline file, or empty.
	File string

	Default  *cty.Value
	Unmapped string // UnmappedError, UnmappedDefault or UnmappedPass

	DeclRange hcl.Range
}

// Variable is a setting of a pipeline, overridable per run.
type Variable struct {
	Name        string
	Type        cty.Type
	Default     *cty.Value
	Description string
	Sensitive   bool

	DeclRange hcl.Range
	TypeRange hcl.Range
}
