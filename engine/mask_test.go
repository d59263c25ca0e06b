package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/internal/ordergen"
	"github.com/pipeline-dev/pipeline/schemas"
)

// walkMasked is the plain walk maskPersonal replaced: every object and
// array re-encoded, every field looked up in the schema. The activity log
// must keep exactly what it kept.
func walkMasked(dst []byte, v gjson.Result, f *schemas.Field) []byte {
	switch {
	case f != nil && f.Personal && v.Type != gjson.Null:
		return append(dst, `"`+masked+`"`...)
	case v.IsObject():
		dst = append(dst, '{')
		first := true
		v.ForEach(func(k, child gjson.Result) bool {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst, _ = exprenv.AppendJSON(dst, k.Str)
			dst = append(dst, ':')
			var cf *schemas.Field
			if f != nil {
				cf, _ = f.Child(k.Str)
			}
			dst = walkMasked(dst, child, cf)
			return true
		})
		return append(dst, '}')
	case v.IsArray():
		dst = append(dst, '[')
		var items *schemas.Field
		if f != nil {
			items = f.Items
		}
		for i, child := range v.Array() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = walkMasked(dst, child, items)
		}
		return append(dst, ']')
	}
	return append(dst, v.Raw...)
}

// TestMaskSkipsWhatHoldsNoPersonalData: masking only where the schema has
// personal data gives the same bytes as the full walk, for generated
// orders (compact and indented, with nulls where personal data may be)
// against the order schema and a schema without personal data.
func TestMaskSkipsWhatHoldsNoPersonalData(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	var roots []*schemas.Field
	for _, ref := range []string{"webshop/order", "exactonline/sales_order", "eaccounting/article"} {
		s, ok := set.Lookup(ref)
		if !ok {
			t.Fatalf("no schema %s", ref)
		}
		roots = append(roots, s.Root())
	}
	masks := 0
	for i := 0; i < 200; i++ {
		rec := ordergen.Order(3, i)
		var indented bytes.Buffer
		if err := json.Indent(&indented, rec, "", "  "); err != nil {
			t.Fatal(err)
		}
		variants := [][]byte{rec, indented.Bytes(), []byte(strings.Replace(string(rec), `"phone":"`, `"phone":null,"x":"`, 1))}
		for _, in := range variants {
			for _, root := range roots {
				want := walkMasked(nil, gjson.ParseBytes(in), root)
				got := maskPersonal(in, root)
				if !bytes.Equal(got, want) {
					t.Fatalf("order %d against %s:\ngot  %s\nwant %s", i, root.Path, got, want)
				}
				masks += bytes.Count(got, []byte(masked))
			}
		}
	}
	for _, in := range []string{"", "  ", "null", "[1, {\"a\": 2}]", `"text"`, ` {"customer" : null, "note": "x"} `,
		`{"customer":{"email":["a@b.nl"],"first_name":{"x":1}},"lines":[ ]}`} {
		for _, root := range roots {
			want := walkMasked(nil, gjson.Parse(in), root)
			if got := maskPersonal([]byte(in), root); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("%q against %s: got %q, want %q", in, root.Path, got, want)
			}
		}
	}
	if masks == 0 {
		t.Fatal("nothing was masked: the test proves nothing")
	}
}

// A schema that refers back to itself is masked as the walk did, at every
// depth of the record, and so is a map of undeclared properties.
func TestMaskRecursiveSchema(t *testing.T) {
	set, err := schemas.Load(fstest.MapFS{"test/node.schema.json": {Data: []byte(`{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "schema://test/node",
  "$defs": {"n": {"type": "object", "properties": {
    "name": {"type": "string", "x-personal-data": true},
    "code": {"type": "string"},
    "tags": {"type": "object", "additionalProperties": {"type": "string", "x-personal-data": true}},
    "children": {"type": "array", "items": {"$ref": "#/$defs/n"}}}}},
  "$ref": "#/$defs/n"
}`)}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Lookup("test/node")
	in := []byte(`{"name":"Ann","code":"A","tags":{"x":"Bob"},"children":[{"name":"Cy","code":"C",
		"children":[{"name":"Di","children":[{"name":"Ed","code":"E","tags":{"y":"Flo"}}]}]}]}`)
	want := walkMasked(nil, gjson.ParseBytes(in), s.Root())
	got := maskPersonal(in, s.Root())
	if !bytes.Equal(got, want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if !bytes.Contains(got, []byte(`"code":"E"`)) {
		t.Errorf("a field that is not personal data was masked: %s", got)
	}
	for _, name := range []string{"Ann", "Bob", "Cy", "Di", "Ed", "Flo"} {
		if bytes.Contains(got, []byte(name)) {
			t.Errorf("%s is left in %s", name, got)
		}
	}
}
