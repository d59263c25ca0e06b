package schemas

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// loadOne compiles one schema file of the "t" system from its JSON text.
func loadOne(t *testing.T, entity, body string) *Schema {
	t.Helper()
	schema := `"$schema": "https://json-schema.org/draft/2020-12/schema", `
	if len(body) > 2 && body[1] == '!' { // "{!...": keep the body's own $schema
		body, schema = "{"+body[2:], ""
	}
	set, err := Load(fstest.MapFS{"t/" + entity + ".schema.json": {
		Data: []byte(`{` + schema + `"$id": "schema://t/` + entity + `", ` + body[1:]),
	}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Lookup("t/" + entity)
	return s
}

// TestFastPathKeywords runs schemas that use each supported keyword, and
// some that the fast path must leave (wholly or in part) to the library,
// against documents on both sides of each rule.
func TestFastPathKeywords(t *testing.T) {
	tests := map[string]struct {
		schema string
		fast   string // "all", "part" (library nodes inside) or "none"
		docs   []string
	}{
		"additionalProperties as a schema": {`{"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}`,
			"all", []string{`{"a": "x", "b": 1}`, `{"a": "x", "b": "y"}`, `{"a": 1}`, `{"b": 2.0}`}},
		"required but not declared in a closed object": {`{"required": ["x"], "additionalProperties": false}`,
			"all", []string{`{}`, `{"x": 1}`, `1`}},
		"boolean schemas": {`{"properties": {"never": false, "any": true}}`,
			"all", []string{`{"any": [1, {"x": null}]}`, `{"never": null}`, `{}`}},
		"exclusive bounds": {`{"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5}`,
			"all", []string{`0`, `1e-9`, `1.4999`, `1.5`, `-0`, `15e-1`}},
		"const and enum together": {`{"const": 2, "enum": [1, 2.0, "2"]}`,
			"all", []string{`2`, `2.00`, `"2"`, `1`, `null`}},
		"enum of mixed scalars": {`{"enum": [null, true, 0.5, "a"]}`,
			"all", []string{`null`, `true`, `false`, `5e-1`, `"a"`, `"b"`, `{}`, `[]`}},
		"array bounds and items": {`{"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}}`,
			"all", []string{`[]`, `[1]`, `[1, 2]`, `[1, 2, 3]`, `[1.5]`, `{}`}},
		"ref with siblings and allOf": {`{"$defs": {"s": {"type": "string", "maxLength": 3}}, "$ref": "#/$defs/s", "allOf": [{"pattern": "^a"}, {"minLength": 2}]}`,
			"all", []string{`"ab"`, `"abc"`, `"abcd"`, `"a"`, `"bc"`, `1`}},
		"nullable in either order": {`{"properties": {"a": {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}}}`,
			"all", []string{`{"a": null}`, `{"a": "2024-02-29"}`, `{"a": "2023-02-29"}`, `{"a": 1}`}},
		"recursive schema": {`{"$defs": {"n": {"type": "object", "properties": {"v": {"type": "integer"}, "next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"}`,
			"all", []string{`{"v": 1, "next": {"v": 2, "next": {"v": 3}}}`, `{"v": 1, "next": {"v": 2, "next": {"v": "3"}}}`}},
		"draft-07 items": {`{!"$schema": "http://json-schema.org/draft-07/schema#", "items": {"type": "string"}}`,
			"all", []string{`["a"]`, `[1]`, `{}`}},
		"contentEncoding only annotates in 2020-12": {`{"type": "string", "contentEncoding": "base64"}`,
			"all", []string{`"aGk="`, `"not base64!"`, `1`}},
		"contentEncoding asserts in draft-07": {`{!"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"p": {"type": "string", "contentEncoding": "base64"}}}`,
			"part", []string{`{"p": "aGk="}`, `{"p": "not base64!"}`}},
		"oneOf below a property": {`{"properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}, "b": {"maxLength": 3}}}`,
			"part", []string{`{"a": "x", "b": "abc"}`, `{"a": 1.5}`, `{"a": 1, "b": "abcd"}`}},
		"general anyOf below items": {`{"items": {"anyOf": [{"type": "string"}, {"minimum": 3}]}}`,
			"part", []string{`["a", 3]`, `[2]`}},
		"enum of objects": {`{"properties": {"a": {"enum": [{"x": 1}]}}}`,
			"part", []string{`{"a": {"x": 1.0}}`, `{"a": {"x": 2}}`}},
		"oneOf at the root": {`{"oneOf": [{"type": "string"}, {"type": "integer"}]}`,
			"none", []string{`"a"`, `1`, `1.5`}},
		"unevaluatedProperties at the root": {`{"properties": {"a": {}}, "unevaluatedProperties": false}`,
			"none", []string{`{"a": 1}`, `{"b": 1}`}},
		"dynamic reference anywhere": {`{"type": "object", "$dynamicAnchor": "n", "properties": {"x": {"$dynamicRef": "#n"}}}`,
			"none", []string{`{"x": {"x": {}}}`, `{"x": {"x": 1}}`}},
		"multipleOf": {`{"properties": {"q": {"multipleOf": 0.5}}}`,
			"part", []string{`{"q": 1.5}`, `{"q": 1.25}`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			s := loadOne(t, "x", tt.schema)
			if got := fastCoverage(s.fast); got != tt.fast {
				t.Fatalf("fast path covers %q, want %q", got, tt.fast)
			}
			valid := 0
			for _, doc := range tt.docs {
				lib := s.validateLibrary([]byte(doc))
				if lib == nil {
					valid++
				}
				if diff := cmp.Diff(lib, s.Validate([]byte(doc))); diff != "" {
					t.Errorf("%s: Validate differs from the library (-library +Validate):\n%s", doc, diff)
				}
				if s.fast == nil {
					continue
				}
				if fast := s.fast.checkDocument([]byte(doc)); fast == fastUnsure || (fast == fastValid) != (lib == nil) {
					t.Errorf("%s: fast verdict %d, library %v", doc, fast, lib)
				}
			}
			if valid == 0 || valid == len(tt.docs) {
				t.Errorf("%d of %d documents valid; the case needs both kinds", valid, len(tt.docs))
			}
		})
	}
}

// fastCoverage says how much of a schema the fast path checks itself.
func fastCoverage(root *fnode) string {
	if root == nil {
		return "none"
	}
	seen, lib := map[*fnode]bool{}, false
	var walk func(n *fnode)
	walk = func(n *fnode) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		lib = lib || n.lib != nil
		for _, e := range n.props {
			walk(e.node)
		}
		for _, c := range append([]*fnode{n.additional, n.items, n.nullOr}, n.subs...) {
			walk(c)
		}
	}
	walk(root)
	if lib {
		return "part"
	}
	return "all"
}
