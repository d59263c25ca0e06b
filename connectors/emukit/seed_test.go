package emukit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSeed(t *testing.T) {
	doc, err := ReadSeed(strings.NewReader(`{"tenants": [1], "Customers": [{"Name": "Acme", "Credit": 1000.50}], "Orders": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.CheckNames([]string{"Orders", "Customers", "Items"}, "tenants"); err != nil {
		t.Errorf("CheckNames: %v", err)
	}
	rows, err := doc.Rows("Customers")
	if err != nil || len(rows) != 1 || rows[0]["Name"] != "Acme" {
		t.Fatalf("Rows: %v %v", rows, err)
	}
	if n, ok := rows[0]["Credit"].(json.Number); !ok || n != "1000.50" {
		t.Errorf("Credit = %#v, want json.Number 1000.50", rows[0]["Credit"])
	}
	if rows, err := doc.Rows("Items"); rows != nil || err != nil {
		t.Errorf("absent entity: %v %v", rows, err)
	}
	if rows, err := doc.Rows("Orders"); len(rows) != 0 || err != nil {
		t.Errorf("empty entity: %v %v", rows, err)
	}
}

func TestSeedErrors(t *testing.T) {
	for _, bad := range []string{`[]`, `"x"`, `{`} {
		if _, err := ReadSeed(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "not a JSON object") {
			t.Errorf("ReadSeed(%s): %v", bad, err)
		}
	}
	doc, _ := ReadSeed(strings.NewReader(`{"Zebras": [], "Apes": [], "Items": {"a": 1}}`))
	err := doc.CheckNames([]string{"Items", "Customers"})
	if err == nil || err.Error() != `seed: unknown entity "Apes" (known: Customers, Items)` {
		t.Errorf("CheckNames: %v", err)
	}
	if _, err := doc.Rows("Items"); err == nil || !strings.HasPrefix(err.Error(), "seed Items: expected an array of objects") {
		t.Errorf("Rows of an object: %v", err)
	}
}
