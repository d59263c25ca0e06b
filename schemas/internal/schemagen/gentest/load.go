package gentest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pipeline-dev/pipeline/schemas"
)

// Load compiles the rendered files (by file name, as the generators return
// them) as the schemas of system and decodes each one. The documents are
// keyed by file name without ".schema.json". A file that is not JSON or a
// set that does not compile fails the test.
func Load(t testing.TB, system string, files map[string][]byte) (*schemas.Set, map[string]map[string]any) {
	t.Helper()
	fsys := fstest.MapFS{}
	docs := map[string]map[string]any{}
	for name, data := range files {
		fsys[system+"/"+name] = &fstest.MapFile{Data: data}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[strings.TrimSuffix(name, ".schema.json")] = doc
	}
	set, err := schemas.Load(fsys)
	if err != nil {
		t.Fatalf("generated schemas do not load: %v", err)
	}
	return set, docs
}

// Fields returns a lookup of the fields below root that fails the test for a
// path the schema lacks.
func Fields(t testing.TB, root *schemas.Field) func(path ...string) *schemas.Field {
	return func(path ...string) *schemas.Field {
		t.Helper()
		f, ok := root.Lookup(path)
		if !ok {
			t.Fatalf("no field %v", path)
		}
		return f
	}
}

// CheckShape reports an error when the field at path does not have exactly
// the given JSON types, format and read-only flag.
func CheckShape(t testing.TB, f *schemas.Field, path, types []string, format string, readOnly bool) {
	t.Helper()
	if !slices.Equal(f.Types, types) || f.Format != format || f.ReadOnly != readOnly {
		t.Errorf("%v: types %v format %q readOnly %v; want %v %q %v", path, f.Types, f.Format, f.ReadOnly, types, format, readOnly)
	}
}
