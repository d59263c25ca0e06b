package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// schemaDir holds the hand-written schemas the emulator's table must agree
// with: both describe the same assumed API.
const schemaDir = "../../../schemas/asperion"

// TestTableMatchesSchemas holds the table in api.go and the schema files to
// each other, field by field: names, JSON types and formats, required,
// read-only, lengths, enums, line counts and the x- annotations. When the
// real Swagger corrects one, this test makes the other follow.
func TestTableMatchesSchemas(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".schema.json"))
	}
	var want []string
	for _, e := range entities {
		want = append(want, e.Name)
	}
	sort.Strings(names)
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Fatalf("schema files %v, table entities %v", names, want)
	}
	for _, e := range entities {
		t.Run(e.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(schemaDir, e.Name+".schema.json"))
			if err != nil {
				t.Fatal(err)
			}
			var s map[string]any
			if err := json.Unmarshal(data, &s); err != nil {
				t.Fatal(err)
			}
			if s["$id"] != "schema://asperion/"+e.Name {
				t.Errorf("$id %v", s["$id"])
			}
			if d, _ := s["description"].(string); !strings.Contains(d, "x-assumed") || !strings.Contains(d, e.Path[strings.LastIndexByte(e.Path, '/'):]) {
				t.Errorf("description does not name the endpoint and the assumption: %q", d)
			}
			compareFields(t, e.Name, e.Fields, s)
		})
	}
}

func compareFields(t *testing.T, at string, fields []field, node map[string]any) {
	props, _ := node["properties"].(map[string]any)
	var required []string
	seen := map[string]bool{}
	for i := range fields {
		f := &fields[i]
		path := at + "." + f.Wire
		seen[f.Wire] = true
		p, ok := props[f.Wire].(map[string]any)
		if !ok {
			t.Errorf("%s: not in the schema", path)
			continue
		}
		if f.is(fRequired) {
			required = append(required, f.Wire)
		}
		types := schemaTypes(p["type"])
		wantType := map[kind]string{kText: "string", kDate: "string", kDateTime: "string", kInt: "integer",
			kRef: "integer", kDecimal: "number", kBool: "boolean", kObject: "object", kLines: "array"}[f.Kind]
		if !slices.Contains(types, wantType) {
			t.Errorf("%s: schema type %v, table kind wants %s", path, types, wantType)
		}
		if f.is(fRequired) && slices.Contains(types, "null") {
			t.Errorf("%s: required but nullable", path)
		}
		wantFormat := map[kind]string{kDate: "date", kDateTime: "date-time"}[f.Kind]
		if got, _ := p["format"].(string); got != wantFormat {
			t.Errorf("%s: format %q, want %q", path, got, wantFormat)
		}
		for kw, fl := range map[string]flag{"readOnly": fReadOnly, "x-key": fKey, "x-natural-key": fNatural,
			"x-personal-data": fPersonal, "x-assumed": fAssumed} {
			if got := p[kw] == true; got != f.is(fl) {
				t.Errorf("%s: %s is %v in the schema, %v in the table", path, kw, got, f.is(fl))
			}
		}
		if got, _ := p["maxLength"].(float64); int(got) != f.MaxLength {
			t.Errorf("%s: maxLength %v, table %d", path, got, f.MaxLength)
		}
		var enum []string
		if list, ok := p["enum"].([]any); ok {
			for _, v := range list {
				if s, ok := v.(string); ok {
					enum = append(enum, s)
				}
			}
		}
		if !slices.Equal(enum, f.Enum) {
			t.Errorf("%s: enum %v, table %v", path, enum, f.Enum)
		}
		switch f.Kind {
		case kObject:
			compareFields(t, path, f.Fields, p)
		case kLines:
			if got, _ := p["minItems"].(float64); int(got) != f.MinItems {
				t.Errorf("%s: minItems %v, table %d", path, got, f.MinItems)
			}
			item, _ := p["items"].(map[string]any)
			compareFields(t, path+"[]", f.Fields, item)
		}
	}
	for name := range props {
		if !seen[name] {
			t.Errorf("%s.%s: in the schema, not in the table", at, name)
		}
	}
	var got []string
	if list, ok := node["required"].([]any); ok {
		for _, v := range list {
			got = append(got, v.(string))
		}
	}
	sort.Strings(got)
	sort.Strings(required)
	if !slices.Equal(got, required) {
		t.Errorf("%s: schema requires %v, table %v", at, got, required)
	}
}

func schemaTypes(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, s := range x {
			out = append(out, s.(string))
		}
		return out
	}
	return nil
}
