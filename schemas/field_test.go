package schemas

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// fixture is a small set that exercises every way a field can be composed:
// local $ref into $defs, a cross-file $ref with a fragment, allOf, the
// nullable anyOf idiom, a general oneOf, a map (additionalProperties schema)
// and a recursive schema.
var fixture = fstest.MapFS{
	"shop/base.schema.json": file(`{
		"$id": "schema://shop/base",
		"type": "object",
		"required": ["id"],
		"properties": {
			"id": {"type": "string", "format": "uuid", "x-key": true, "readOnly": true, "description": "base id"},
			"created": {"type": "string", "format": "date-time", "readOnly": true}
		},
		"$defs": {
			"money": {"type": "number", "minimum": 0, "maximum": 1000000, "description": "an amount"}
		}
	}`),
	"shop/order.schema.json": file(`{
		"$id": "schema://shop/order",
		"description": "an order",
		"allOf": [{"$ref": "schema://shop/base"}],
		"type": "object",
		"additionalProperties": false,
		"required": ["number", "lines"],
		"properties": {
			"id": {},
			"created": {},
			"number": {"type": "string", "maxLength": 10, "pattern": "^WS-", "x-natural-key": true},
			"status": {"enum": ["new", "paid"]},
			"kind": {"const": "order"},
			"email": {"type": "string", "format": "email", "x-personal-data": true},
			"total": {"$ref": "schema://shop/base#/$defs/money", "description": "order total"},
			"lines": {"type": "array", "items": {"$ref": "#/$defs/line"}},
			"delivery": {"anyOf": [{"$ref": "#/$defs/address"}, {"type": "null"}]},
			"party": {"oneOf": [
				{"type": "object", "properties": {"person": {"type": "string"}}, "additionalProperties": false},
				{"type": "object", "properties": {"company": {"type": "string"}}, "additionalProperties": false}
			]},
			"labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 5}},
			"category": {"$ref": "#/$defs/category"}
		},
		"$defs": {
			"line": {
				"type": "object",
				"required": ["sku", "qty"],
				"properties": {
					"sku": {"type": "string", "x-natural-key": true},
					"qty": {"type": "integer", "minimum": 1},
					"price": {"$ref": "schema://shop/base#/$defs/money"},
					"x.y": {"type": "boolean"}
				}
			},
			"address": {
				"type": "object",
				"additionalProperties": false,
				"required": ["city"],
				"properties": {"city": {"type": "string", "x-personal-data": true}}
			},
			"category": {
				"type": "object",
				"properties": {
					"name": {"type": "string"},
					"parent": {"$ref": "#/$defs/category"}
				}
			}
		}
	}`),
}

func fixtureSchema(t *testing.T, ref string) *Schema {
	t.Helper()
	set, err := Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := set.Lookup(ref)
	if !ok {
		t.Fatalf("no %s in %v", ref, set.Refs())
	}
	return s
}

func TestFieldMergesRefAndAllOf(t *testing.T) {
	root := fixtureSchema(t, "shop/order").Root()

	if want := []string{"number", "lines", "id"}; !slices.Equal(root.Required, want) {
		t.Errorf("Required = %v, want %v (own then allOf)", root.Required, want)
	}
	if root.Description != "an order" {
		t.Errorf("Description = %q", root.Description)
	}
	if root.Open() {
		t.Error("order is closed (additionalProperties false) but Open is true")
	}

	// "id" is declared empty in order and fully in base: both apply.
	id, ok := root.Child("id")
	if !ok || !id.Key || !id.ReadOnly || id.Format != "uuid" || !slices.Equal(id.Types, []string{"string"}) {
		t.Errorf("id = %+v, want base's uuid key", id)
	}

	// The property's own description wins over its $ref target's; the
	// target's constraints still apply.
	total, _ := root.Child("total")
	if total.Description != "order total" || *total.Minimum != 0 || *total.Maximum != 1000000 {
		t.Errorf("total = %+v", total)
	}

	want := []string{"category", "created", "delivery", "email", "id", "kind", "labels", "lines", "number", "party", "status", "total"}
	if got := root.Names(); !slices.Equal(got, want) {
		t.Errorf("Names = %v, want %v", got, want)
	}
	names := root.Names()
	names[0] = "changed"
	if root.Names()[0] == "changed" {
		t.Error("Names exposes the field's own slice")
	}
}

func TestFieldLookup(t *testing.T) {
	root := fixtureSchema(t, "shop/order").Root()
	tests := []struct {
		path     string
		wantPath string
		wantOK   bool
	}{
		{"number", "number", true},
		{"lines", "lines", true},
		{"lines.#", "lines.#", true},
		{"lines.#.sku", "lines.#.sku", true},
		{"lines.7.qty", "lines.#.qty", true},
		{"lines.#.price", "lines.#.price", true},
		{"lines.#.x.y", "", false}, // the name has a dot: one segment, not two
		{"lines.#.nope", "", false},
		{"number.length", "", false},
		{"delivery.city", "delivery.city", true},
		{"party.person", "party.person", true},
		{"party.company", "party.company", true},
		{"labels.anything", "labels.*", true},
		{"category.name", "category.name", true},
		{"category.parent", "category.parent", true},
		{"category.parent.name", "category.parent.name", true},
		{"category.parent.parent.parent.name", "category.parent.parent.parent.name", true}, // recursion to any depth
		{"category.parent.parent.nope", "", false},
		{"missing", "", false},
	}
	for _, tt := range tests {
		f, ok := root.Lookup(strings.Split(tt.path, "."))
		if ok != tt.wantOK {
			t.Errorf("Lookup(%s) ok = %v, want %v", tt.path, ok, tt.wantOK)
			continue
		}
		if ok && f.Path != tt.wantPath {
			t.Errorf("Lookup(%s).Path = %q, want %q", tt.path, f.Path, tt.wantPath)
		}
	}
	dotted, ok := root.Lookup([]string{"lines", "#", "x.y"})
	if !ok || dotted.Path != `lines.#.x\.y` {
		t.Errorf("dotted name: %+v, %v; want gjson-escaped path", dotted, ok)
	}
	if f, ok := root.Lookup(nil); !ok || f != root {
		t.Error("Lookup of an empty path should return the field itself")
	}
}

func TestFieldShapes(t *testing.T) {
	root := fixtureSchema(t, "shop/order").Root()
	get := func(path string) *Field {
		t.Helper()
		f, ok := root.Lookup(strings.Split(path, "."))
		if !ok {
			t.Fatalf("no %s", path)
		}
		return f
	}

	// anyOf [address, null] is a nullable address, with its constraints.
	delivery := get("delivery")
	if !slices.Equal(delivery.Types, []string{"object", "null"}) || delivery.Open() ||
		!slices.Equal(delivery.Required, []string{"city"}) {
		t.Errorf("delivery = types %v open %v required %v", delivery.Types, delivery.Open(), delivery.Required)
	}
	if !get("delivery.city").Personal {
		t.Error("delivery.city lost x-personal-data through the anyOf")
	}

	// oneOf of two closed objects: both branches' names, closed, and no
	// branch's required list imposed.
	party := get("party")
	if !slices.Equal(party.Names(), []string{"company", "person"}) || party.Open() || len(party.Required) != 0 {
		t.Errorf("party = names %v open %v required %v", party.Names(), party.Open(), party.Required)
	}
	if !slices.Equal(party.Types, []string{"object"}) {
		t.Errorf("party types = %v", party.Types)
	}

	// A map: open, and every key has the value schema.
	labels := get("labels")
	if !labels.Open() || len(labels.Names()) != 0 {
		t.Errorf("labels = open %v names %v", labels.Open(), labels.Names())
	}

	// The recursive category has fields at every depth, each with its own
	// path, and they share one identity, which is where a walk stops.
	deep := get("category.parent.parent")
	if !slices.Equal(deep.Names(), []string{"name", "parent"}) || deep.Path != "category.parent.parent" {
		t.Errorf("category.parent.parent = names %v path %q", deep.Names(), deep.Path)
	}
	if id := get("category.parent").Identity(); id == "" || id != deep.Identity() || id == get("category.parent.name").Identity() {
		t.Errorf("identities: parent %q, parent.parent %q, parent.name %q", id, deep.Identity(), get("category.parent.name").Identity())
	}

	// Scalars cannot take properties.
	if get("number").Open() {
		t.Error("a string field reports Open")
	}
	if lines := get("lines"); lines.Items == nil || lines.Items.Name != "#" || !slices.Equal(lines.Items.Required, []string{"sku", "qty"}) {
		t.Errorf("lines.Items = %+v", lines.Items)
	}
	if n := get("number"); n.MaxLength != 10 || n.Pattern != "^WS-" || !n.NaturalKey {
		t.Errorf("number = %+v", n)
	}
	if e := get("email"); e.MaxLength != -1 || !e.Personal {
		t.Errorf("email = %+v", e)
	}
	if k := get("kind"); !k.HasConst() || k.Const != "order" {
		t.Errorf("kind = %+v", k)
	}
	if s := get("status"); len(s.Enum) != 2 || len(s.Types) != 0 {
		t.Errorf("status = %+v", s)
	}
}
