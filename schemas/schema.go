package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Schema is one compiled schema of the set with its field tree.
type Schema struct {
	// Ref is how pipelines name the schema: "exactonline/sales_order".
	Ref string
	// Title and Description are the root schema's annotations.
	Title, Description string

	compiled *jsonschema.Schema
	root     *Field
	fast     *fnode // nil: every record goes to the library
}

func newSchema(ref string, compiled *jsonschema.Schema) *Schema {
	root := buildRoot(compiled)
	return &Schema{
		Ref:         ref,
		Title:       compiled.Title,
		Description: root.Description,
		compiled:    compiled,
		root:        root,
		fast:        newFastValidator(compiled),
	}
}

// Root returns the field of the whole record.
func (s *Schema) Root() *Field { return s.root }

// Violation is one way a record breaks its schema.
type Violation struct {
	// Pointer is the JSON Pointer (RFC 6901) of the offending value:
	// "/SalesOrderLines/0/Item". For a missing required property it points
	// at where the property should be. "" is the whole record.
	Pointer string
	// Keyword is the JSON Schema keyword that failed ("required",
	// "maxLength", "type", "format", ...), or "json" when the record is
	// not valid JSON.
	Keyword string
	// Message says what is wrong, without repeating the pointer.
	Message string
}

func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(record)"
	}
	return fmt.Sprintf("%s: %s (%s)", p, v.Message, v.Keyword)
}

// Validate decodes one JSON document, keeping numbers exact, and validates
// it. A document that is not JSON yields a single violation with keyword
// "json". Nil means the record is valid.
//
// A valid record is usually recognised on the raw bytes, without decoding
// (see fast.go); any record that the fast path does not accept is decoded
// and validated by the library, so the violations are always the library's.
func (s *Schema) Validate(raw []byte) []Violation {
	if s.fast != nil && s.fast.checkDocument(raw) == fastValid {
		return nil
	}
	return s.validateLibrary(raw)
}

// validateLibrary is Validate without the fast path: decode, then let the
// library validate. Tests and benchmarks compare the two.
func (s *Schema) validateLibrary(raw []byte) []Violation {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []Violation{{Keyword: "json", Message: describeJSONError(raw, err).Error()}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return []Violation{{Keyword: "json", Message: fmt.Sprintf("invalid JSON: data after the end of the document at byte %d", dec.InputOffset())}}
	}
	return s.ValidateValue(v)
}

// ValidateValue validates an already decoded value: map[string]any, []any,
// json.Number or Go numbers, string, bool or nil. Violations are sorted by
// pointer (array indexes numerically), then keyword. Nil means valid.
func (s *Schema) ValidateValue(v any) (vs []Violation) {
	// The library can panic on values it cannot represent (a number like
	// 1e2000000 overflows its rational arithmetic). One such record must be
	// set aside, not bring the run down.
	defer func() {
		if p := recover(); p != nil {
			vs = []Violation{{Keyword: "json", Message: fmt.Sprintf("the record cannot be checked: %v (a number out of range?)", p)}}
		}
	}()
	err := s.compiled.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return fromValidationError(ve)
	}
	var te jsonschema.InvalidJSONTypeError
	if errors.As(err, &te) {
		return []Violation{{Keyword: "type", Message: fmt.Sprintf("a value of Go type %s is not a JSON value", string(te))}}
	}
	return []Violation{{Message: err.Error()}}
}
