package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// fileSuffix is how every schema file name ends.
const fileSuffix = ".schema.json"

// idScheme prefixes a ref to make a schema's $id: "schema://webshop/order".
const idScheme = "schema://"

// Set is a compiled collection of schemas, keyed by ref ("webshop/order").
// A Set is immutable once loaded and safe for concurrent use.
type Set struct {
	byRef map[string]*Schema
	refs  []string

	// A lazy set compiles a schema the first time it is looked up: a
	// command that uses two of the fifty-odd schemas should not pay for
	// compiling them all (`pipeline validate` stays well under 100 ms).
	mu      sync.Mutex
	lazy    *jsonschema.Compiler
	pending map[string]bool
}

// Lookup returns the schema of a ref such as "exactonline/sales_order".
func (s *Set) Lookup(ref string) (*Schema, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.byRef[ref]; ok {
		return sch, true
	}
	if !s.pending[ref] {
		return nil, false
	}
	delete(s.pending, ref)
	compiled, err := s.lazy.Compile(idScheme + ref)
	if err != nil {
		// Embedded schemas are all compiled by a test, so this means a
		// broken build; the schema is reported as unknown.
		return nil, false
	}
	sch := newSchema(ref, compiled)
	s.byRef[ref] = sch
	return sch, true
}

// LoadLazy is Load without compiling: each schema is compiled on its first
// Lookup. Files are still read and their $id checked up front.
func LoadLazy(fsys fs.FS) (*Set, error) {
	files, err := schemaFiles(fsys)
	if err != nil {
		return nil, err
	}
	set := &Set{byRef: map[string]*Schema{}, lazy: newCompiler(), pending: map[string]bool{}}
	var errs []error
	for _, file := range files {
		ref := strings.TrimSuffix(file, fileSuffix)
		if err := addFile(set.lazy, fsys, file, ref); err != nil {
			errs = append(errs, fmt.Errorf("schemas: %s: %w", file, err))
			continue
		}
		set.pending[ref] = true
		set.refs = append(set.refs, ref)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.Sort(set.refs)
	return set, nil
}

// Refs returns every ref in the set, sorted, for listings and "did you mean"
// suggestions on unknown refs. The caller may modify the returned slice.
func (s *Set) Refs() []string { return slices.Clone(s.refs) }

// Load reads every <system>/<entity>.schema.json file of fsys and compiles
// it. It never touches the network: a $ref may only point into the set. The
// error, when there is one, names each failing file and its problem; all
// files are checked, not only the first failing one.
func Load(fsys fs.FS) (*Set, error) {
	files, err := schemaFiles(fsys)
	if err != nil {
		return nil, err
	}
	c := newCompiler()
	var errs []error
	var loaded []string // refs whose file was added to the compiler
	for _, file := range files {
		ref := strings.TrimSuffix(file, fileSuffix)
		if err := addFile(c, fsys, file, ref); err != nil {
			errs = append(errs, fmt.Errorf("schemas: %s: %w", file, err))
			continue
		}
		loaded = append(loaded, ref)
	}

	set := &Set{byRef: make(map[string]*Schema, len(loaded))}
	for _, ref := range loaded {
		compiled, err := c.Compile(idScheme + ref)
		if err != nil {
			errs = append(errs, fmt.Errorf("schemas: %s%s: %s", ref, fileSuffix, describeCompileError(err)))
			continue
		}
		set.byRef[ref] = newSchema(ref, compiled)
		set.refs = append(set.refs, ref)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.Sort(set.refs)
	return set, nil
}

// schemaFiles lists the schema files of fsys, sorted, and rejects schema
// files outside the <system>/<entity> layout so that none is silently ignored.
func schemaFiles(fsys fs.FS) ([]string, error) {
	var files, misplaced []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, fileSuffix) {
			return nil
		}
		if dir := path.Dir(p); dir == "." || strings.Contains(dir, "/") {
			misplaced = append(misplaced, p)
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("schemas: %w", err)
	}
	if len(misplaced) > 0 {
		return nil, fmt.Errorf("schemas: %s: schema files must be <system>/<entity>%s", strings.Join(misplaced, ", "), fileSuffix)
	}
	slices.Sort(files)
	return files, nil
}

// newCompiler returns a compiler that asserts formats (a malformed uuid is a
// violation, not an annotation), keeps annotations (readOnly, description)
// and our x- keywords, and refuses to load anything from outside the set.
func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.ExtractAnnotations = true
	c.LoadURL = func(url string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("%s is not a schema of the set (schemas are never fetched)", url)
	}
	c.RegisterExtension(annotationsExt, nil, annotationCompiler{})
	return c
}

// addFile checks that a file is JSON with the $id its path implies and adds
// it to the compiler under that $id, so that cross-file refs find it.
func addFile(c *jsonschema.Compiler, fsys fs.FS, file, ref string) error {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	var head struct {
		ID *string `json:"$id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return describeJSONError(data, err)
	}
	want := idScheme + ref
	switch {
	case head.ID == nil:
		return fmt.Errorf("$id is missing; want %q", want)
	case *head.ID != want:
		return fmt.Errorf("$id is %q; want %q (the $id must match the file's path)", *head.ID, want)
	}
	return c.AddResource(want, bytes.NewReader(data))
}

// describeJSONError turns a decoding error into "line L, column C: ...".
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("invalid JSON at line %d, column %d: %v", line, col, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("a schema file must be a JSON object with a string $id, not %s at %s", typ.Value, orRoot(typ.Field))
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func orRoot(field string) string {
	if field == "" {
		return "the top level"
	}
	return field
}

func lineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// describeCompileError reduces the library's error to what a schema author
// needs: for a schema that breaks the meta-schema, each offending location
// and message; otherwise the cause without the library's prefix.
func describeCompileError(err error) string {
	var se *jsonschema.SchemaError
	if !errors.As(err, &se) || se.Err == nil {
		return err.Error()
	}
	var ve *jsonschema.ValidationError
	if errors.As(se.Err, &ve) {
		var parts []string
		for _, leaf := range leaves(ve) {
			at := leaf.InstanceLocation
			if at == "" {
				at = "/"
			}
			parts = append(parts, fmt.Sprintf("at %s: %s", at, leaf.Message))
		}
		slices.Sort(parts)
		parts = slices.Compact(parts)
		return "not a valid JSON Schema: " + strings.Join(parts, "; ")
	}
	return strings.TrimPrefix(se.Err.Error(), "jsonschema: ")
}

// leaves returns the innermost errors of a validation error tree.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}
