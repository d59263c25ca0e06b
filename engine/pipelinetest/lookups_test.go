package pipelinetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
)

// The fixture answers lookups by a nested key field (HubSpot's
// properties.hs_sku) as well as by a flat one.
func TestFixtureLookupByNestedAndFlatField(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "hubspot"), 0o755); err != nil {
		t.Fatal(err)
	}
	data := `{"id":"1","properties":{"hs_sku":"A-1"},"Email":"x@example.com"}` + "\n" +
		`{"id":"2","properties":{"hs_sku":"B-2"},"a.b":"dotted"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "hubspot", "product.ndjson"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	lk := FixtureLookuper(dir)
	for _, c := range []struct{ field, value, wantID string }{
		{"properties.hs_sku", "B-2", "2"},
		{"Email", "x@example.com", "1"},
		{"a.b", "dotted", "2"},
		{"properties.hs_sku", "C-3", ""},
	} {
		recs, err := lk.Lookup(t.Context(), connectors.LookupQuery{Entity: "hubspot/product", Field: c.field, Value: c.value})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(recs) == 1 {
			got = string(recs[0].Raw[7:8])
		}
		if len(recs) > 1 || got != c.wantID {
			t.Errorf("%s = %s: got %d records (%q), want id %q", c.field, c.value, len(recs), got, c.wantID)
		}
	}
}
