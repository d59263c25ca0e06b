package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// schemaDir holds the HubSpot JSON Schemas the connector validates records
// against; they are read as files so the emulator does not depend on the
// schemas package.
const schemaDir = "../../../schemas/hubspot"

type propSchema struct {
	Type     any    `json:"type"`
	Format   string `json:"format"`
	Pattern  string `json:"pattern"`
	Enum     []any  `json:"enum"`
	ReadOnly bool   `json:"readOnly"`
	// Assumed marks a custom property a portal defines for some
	// pipelines; the demo portal need not have it.
	Assumed bool `json:"x-assumed"`
}

// TestSchemasAgreeWithEmulator keeps the schemas and the emulator's
// property definitions (with the default seed's custom properties) in
// step: every schema property exists with the matching type, options,
// pattern and read-only flag, and the required properties agree. Custom
// properties marked x-assumed are checked when the demo portal has them.
func TestSchemasAgreeWithEmulator(t *testing.T) {
	f := newFixture(t, Options{})
	entities := map[string]string{"contact": "contacts", "company": "companies", "product": "products", "deal": "deals", "line_item": "line_items"}
	for entity, typeName := range entities {
		data, err := os.ReadFile(filepath.Join(schemaDir, entity+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Properties struct {
				Properties struct {
					Required   []string              `json:"required"`
					Properties map[string]propSchema `json:"properties"`
				} `json:"properties"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", entity, err)
		}
		typ := lookupType(typeName)
		set := f.e.p.props[typeName]
		for name, ps := range doc.Properties.Properties.Properties {
			d := set.get(name)
			if d == nil && ps.Assumed {
				continue // a custom property of other portals (their seeds define it)
			}
			if d == nil {
				t.Errorf("%s.%s: no such property in the emulator", entity, name)
				continue
			}
			types, _ := ps.Type.([]any)
			kind := ""
			for _, x := range types {
				if x != "null" {
					kind, _ = x.(string)
				}
			}
			if s, ok := ps.Type.(string); ok {
				kind = s
			}
			want := map[string]string{"number": "number", "integer": "number"}[kind]
			switch {
			case ps.Format == "date-time":
				want = "datetime"
			case ps.Format == "date":
				want = "date"
			case want == "" && d.Type == "enumeration":
				want = "enumeration"
			case want == "":
				want = "string"
			}
			if d.Type != want {
				t.Errorf("%s.%s: schema says %s, emulator %s", entity, name, want, d.Type)
			}
			if len(ps.Enum) > 0 {
				var vals []string
				for _, v := range ps.Enum {
					if s, ok := v.(string); ok {
						vals = append(vals, s)
					}
				}
				var opts []string
				for _, o := range d.Options {
					opts = append(opts, o.Value)
				}
				if !slices.Equal(vals, opts) {
					t.Errorf("%s.%s: schema enum %v, emulator options %v", entity, name, vals, opts)
				}
			}
			if ps.ReadOnly != d.ModificationMetadata.ReadOnlyValue {
				t.Errorf("%s.%s: readOnly %v in the schema, %v in the emulator", entity, name, ps.ReadOnly, d.ModificationMetadata.ReadOnlyValue)
			}
			if re := patterns[name]; (re == nil) != (ps.Pattern == "") || (re != nil && re.String() != ps.Pattern) {
				t.Errorf("%s.%s: pattern %q in the schema, %v in the emulator", entity, name, ps.Pattern, re)
			}
		}
		req := typ.Required
		if typeName == "line_items" {
			req = nil // name may come from hs_product_id, which a schema cannot say
		}
		if !slices.Equal(doc.Properties.Properties.Required, req) {
			t.Errorf("%s: required %v in the schema, %v in the emulator", entity, doc.Properties.Properties.Required, req)
		}
	}
}
