package emulator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemaDir holds the JSON Schemas the generator writes with this
// package's dictionary; the tests below keep the two in step.
const schemaDir = "../../../schemas/accountview"

type schemaEntity struct {
	file, bo, table, nested string
	nestedDef               string // "$defs" member describing nested rows in this file
}

var schemaEntities = []schemaEntity{
	{"debtor", "AR1", "CONTACT", "DEL_ADDR", ""},
	{"delivery_address", "ADDR", "DEL_ADDR", "", ""},
	{"article", "AK1", "ARTICLE", "", ""},
	{"article_group", "AG1", "ART_GRP", "", ""},
	{"sales_order", "SO1", "SO_HDR", "SO_LINE", "line"},
	{"journal_entry", "DJ1", "DJ_PAGE", "DJ_LINE", "line"},
	{"vat_code", "VA1", "VAT", "", ""},
	{"ledger_account", "GL1", "LEDGER", "", ""},
}

func loadSchemas(t *testing.T) (*jsonschema.Compiler, map[string]map[string]any) {
	t.Helper()
	c := jsonschema.NewCompiler()
	raw := map[string]map[string]any{}
	for _, e := range schemaEntities {
		data, err := os.ReadFile(filepath.Join(schemaDir, e.file+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		raw[e.file] = doc
		if err := c.AddResource("schema://accountview/"+e.file, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	return c, raw
}

// TestReadsMatchSchemas validates every seeded record, as the connector
// composes it (detail rows nested under their table's name), against its
// schema.
func TestReadsMatchSchemas(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := loadSchemas(t)
	for _, e := range schemaEntities {
		s, err := c.Compile("schema://accountview/" + e.file)
		if err != nil {
			t.Fatalf("%s: %v", e.file, err)
		}
		r := f.get(e.bo, "PageSize", "1000")
		headers := r.rows(t, e.table)
		if len(headers) == 0 {
			t.Fatalf("%s: the seed has no rows", e.bo)
		}
		for _, h := range headers {
			if e.nested != "" {
				h[e.nested] = nestedRows(t, r, e, h)
			}
			// Rows are decoded with UseNumber, as the library wants them.
			if err := s.Validate(map[string]any(h)); err != nil {
				t.Errorf("%s row %v: %v", e.file, h[tables[e.table].Key], err)
			}
		}
	}
}

func nestedRows(t *testing.T, r *response, e schemaEntity, h map[string]any) []any {
	detail := tables[e.nested]
	var out []any
	for _, d := range r.rows(t, e.nested) {
		link := detail.Link
		if d[link] == h[link] {
			out = append(out, d)
		}
	}
	return out
}

// TestSchemasAgreeWithDictionary checks that required fields and lengths in
// the schema files are the emulator's mandatory, not server-filled fields
// and field lengths: a regenerated table with stale schemas (or the other
// way round) fails here.
func TestSchemasAgreeWithDictionary(t *testing.T) {
	_, raw := loadSchemas(t)
	for _, e := range schemaEntities {
		doc := raw[e.file]
		bo, _ := lookupBO(e.bo)
		writable := bo.Insert || bo.Update
		check := func(where string, obj map[string]any, tbl *tableDef, nested bool, extra ...string) {
			var want []string
			for _, f := range tbl.Fields {
				if writable && f.has(fMandatory) && !f.has(fAssigned) && !f.has(fReadOnly) && !(nested && f.has(fInherited)) {
					want = append(want, f.Name)
				}
			}
			want = append(want, extra...)
			var got []string
			for _, x := range obj["required"].([]any) {
				got = append(got, x.(string))
			}
			sort.Strings(want)
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: required %v, dictionary says %v", e.file, where, got, want)
			}
			props := obj["properties"].(map[string]any)
			for _, f := range tbl.Fields {
				p, ok := props[f.Name].(map[string]any)
				if !ok {
					t.Errorf("%s %s: no property %s", e.file, where, f.Name)
					continue
				}
				if ml, ok := p["maxLength"]; f.Type == 'C' && (!ok || int(ml.(float64)) != f.Len) {
					t.Errorf("%s %s.%s: maxLength %v, dictionary says %d", e.file, where, f.Name, ml, f.Len)
				}
				if ro, _ := p["readOnly"].(bool); ro != (f.has(fReadOnly) || !writable) {
					t.Errorf("%s %s.%s: readOnly %v", e.file, where, f.Name, ro)
				}
				if as, _ := p["x-assumed"].(bool); as != f.has(fAssumed) {
					t.Errorf("%s %s.%s: x-assumed %v", e.file, where, f.Name, as)
				}
			}
		}
		var extra []string
		if e.nestedDef != "" {
			extra = append(extra, e.nested)
		}
		check("root", doc, tables[e.table], false, extra...)
		if e.nestedDef != "" {
			def := doc["$defs"].(map[string]any)[e.nestedDef].(map[string]any)
			check("$defs/"+e.nestedDef, def, tables[e.nested], true)
		}
		if defs, ok := doc["$defs"].(map[string]any); ok && defs["inline"] != nil {
			check("$defs/inline", defs["inline"].(map[string]any), tables[e.table], true)
		}
	}
}
