package schemas

import (
	"strings"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLoadErrorsNameFileAndProblem(t *testing.T) {
	good := file(`{"$id": "schema://shop/good", "type": "object"}`)
	tests := map[string]struct {
		fsys fstest.MapFS
		want []string // substrings of the error
	}{
		"invalid JSON": {
			fsys: fstest.MapFS{"shop/good.schema.json": good, "shop/bad.schema.json": file("{\n  \"$id\": \"schema://shop/bad\",\n  \"type\": }")},
			want: []string{"shop/bad.schema.json", "invalid JSON at line 3"},
		},
		"wrong $id": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"$id": "schema://shop/other"}`)},
			want: []string{"shop/bad.schema.json", `$id is "schema://shop/other"`, `want "schema://shop/bad"`},
		},
		"missing $id": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"type": "object"}`)},
			want: []string{"shop/bad.schema.json", "$id is missing"},
		},
		"not a schema": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"$id": "schema://shop/bad", "properties": {"a": {"type": "strin"}}}`)},
			want: []string{"shop/bad.schema.json", "not a valid JSON Schema", "/properties/a/type"},
		},
		"ref outside the set": {
			fsys: fstest.MapFS{
				"shop/good.schema.json": good,
				"shop/bad.schema.json":  file(`{"$id": "schema://shop/bad", "properties": {"a": {"$ref": "schema://shop/missing"}}}`),
			},
			want: []string{"shop/bad.schema.json", "schema://shop/missing", "not a schema of the set"},
		},
		"http ref is not fetched": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"$id": "schema://shop/bad", "$ref": "https://example.com/x.json"}`)},
			want: []string{"shop/bad.schema.json", "https://example.com/x.json", "never fetched"},
		},
		"unknown annotation": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"$id": "schema://shop/bad", "properties": {"a": {"x-personal": true}}}`)},
			want: []string{"shop/bad.schema.json", `unknown annotation "x-personal"`},
		},
		"annotation not boolean": {
			fsys: fstest.MapFS{"shop/bad.schema.json": file(`{"$id": "schema://shop/bad", "properties": {"a": {"x-key": "yes"}}}`)},
			want: []string{"shop/bad.schema.json", `"x-key" must be true or false`},
		},
		"misplaced file": {
			fsys: fstest.MapFS{"order.schema.json": file(`{"$id": "schema://order"}`)},
			want: []string{"order.schema.json", "<system>/<entity>.schema.json"},
		},
		"every bad file is named": {
			fsys: fstest.MapFS{
				"shop/a.schema.json": file(`{"$id": "schema://shop/x"}`),
				"shop/b.schema.json": file(`{`),
			},
			want: []string{"shop/a.schema.json", "shop/b.schema.json"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			set, err := Load(tt.fsys)
			if err == nil {
				t.Fatalf("Load succeeded with refs %v", set.Refs())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadIgnoresOtherFiles(t *testing.T) {
	set, err := Load(fstest.MapFS{
		"shop/order.schema.json": file(`{"$id": "schema://shop/order", "type": "object"}`),
		"shop/README.md":         file("# not a schema"),
		"doc.go":                 file("package x"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Refs(); len(got) != 1 || got[0] != "shop/order" {
		t.Errorf("Refs = %v, want [shop/order]", got)
	}
	if _, ok := set.Lookup("shop/README"); ok {
		t.Error("Lookup found a non-schema file")
	}
}

func TestLoadDraft07(t *testing.T) {
	set, err := Load(fstest.MapFS{"old/thing.schema.json": file(`{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"$id": "schema://old/thing",
		"type": "object",
		"definitions": {"code": {"type": "string", "maxLength": 4, "x-natural-key": true}},
		"properties": {
			"code": {"$ref": "#/definitions/code"},
			"tags": {"type": "array", "items": {"$ref": "#/definitions/code"}}
		}
	}`)})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Lookup("old/thing")
	tag, ok := s.Root().Lookup([]string{"tags", "3"})
	if !ok || tag.MaxLength != 4 || !tag.NaturalKey || tag.Path != "tags.#" {
		t.Errorf("tags.3 = %+v, %v", tag, ok)
	}
	if v := s.Validate([]byte(`{"code": "toolong"}`)); len(v) != 1 || v[0].Keyword != "maxLength" {
		t.Errorf("draft-07 maxLength not enforced: %v", v)
	}
}
