package emulator

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestDefaultSeed(t *testing.T) {
	var doc struct {
		Administrations []map[string]any `json:"administrations"`
	}
	if err := json.Unmarshal(DefaultSeed(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Administrations) != 2 {
		t.Fatalf("default seed has %d administrations, want 2", len(doc.Administrations))
	}
	f := newFixture(t, Options{})
	if got := f.e.Administrations(); len(got) != 2 || got[0] != adminLinde || got[1] != adminVanDam {
		t.Errorf("Administrations() = %v", got)
	}
	for _, tenant := range []string{"1001", "1002"} {
		for _, path := range []string{"/v1/vatcodes", "/v1/paymentconditions", "/v1/salestypes", "/v1/debtors", "/v1/articles"} {
			if n := len(items(t, f.must(200, "GET", path, nil, "X-Tenant-Id", tenant))); n < 2 {
				t.Errorf("%s in %s: %d records", path, tenant, n)
			}
		}
	}
	// Seed rows pass the write rules: the person's name is derived and the
	// seeded order lowered the stock it was seeded with.
	if d := f.must(200, "GET", "/v1/debtors/2", nil); d["name"] != "Pieter van Dijk" {
		t.Errorf("seeded person: %v", d["name"])
	}
	if a := f.must(200, "GET", "/v1/articles/1", nil); a["currentStock"] != jsonNum(36) {
		t.Errorf("seeded stock after the seeded order: %v", a["currentStock"])
	}
	// Sequences continue after the seeded ids and numbers.
	o := f.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 1, "lines": []any{map[string]any{"articleId": 1, "quantity": 1}}})
	if o["id"] != jsonNum(2) || o["number"] != jsonNum(2) {
		t.Errorf("new order id %v number %v", o["id"], o["number"])
	}
	DefaultSeed()[0] = 'x'
	if DefaultSeed()[0] != '{' {
		t.Error("DefaultSeed exposes the embedded bytes")
	}
}

func TestCustomSeed(t *testing.T) {
	seed := `{"administrations": [
	  {"id": 5, "name": "Eerste"},
	  {"id": 6, "name": "Tweede", "default": true,
	   "vatCodes": [{"id": 1, "code": "H", "percentage": 21}],
	   "salesTypes": [{"id": 1, "code": "S", "vatCodeId": 1}],
	   "articles": [{"code": "A", "description": "a", "salesTypeId": 1, "isStockArticle": true, "currentStock": 3}]}]}`
	f := newFixture(t, Options{Seed: strings.NewReader(seed)})
	if got := f.e.Administrations(); len(got) != 2 || got[0] != 6 {
		t.Fatalf("administrations %v, want the default (6) first", got)
	}
	a := items(t, f.must(200, "GET", "/v1/articles", nil))
	if len(a) != 1 || a[0]["currentStock"] != jsonNum(3) || a[0]["id"] != jsonNum(1) {
		t.Errorf("seeded article in the default administration: %v", a)
	}
	if n := len(items(t, f.must(200, "GET", "/v1/articles", nil, "X-Tenant-Id", "5"))); n != 0 {
		t.Errorf("first administration has %d articles", n)
	}
}

func TestSeedErrors(t *testing.T) {
	cases := map[string]struct{ seed, want string }{
		"not an object":  {`[1]`, "not a JSON object"},
		"no admins":      {`{"administrations": []}`, "no administrations"},
		"unknown top":    {`{"administrations": [{"id": 1}], "debtors": []}`, `unknown entity "debtors"`},
		"unknown member": {`{"administrations": [{"id": 1, "customers": []}]}`, `unknown member "customers"`},
		"no id":          {`{"administrations": [{"name": "x"}]}`, "id must be a positive number"},
		"twice":          {`{"administrations": [{"id": 1}, {"id": 1}]}`, "listed twice"},
		"bad reference": {`{"administrations": [{"id": 1, "articles": [{"code": "A", "description": "a", "salesTypeId": 9}]}]}`,
			"administrations[0].articles[0]: Sales type 9 does not exist"},
		"invalid row": {`{"administrations": [{"id": 1, "debtors": [{"type": "Company"}]}]}`, "The name field is required."},
		"id used twice": {`{"administrations": [{"id": 1, "vatCodes": [{"id": 3, "code": "H", "percentage": 21}]},
			{"id": 2, "vatCodes": [{"id": 3, "code": "H", "percentage": 21}]}]}`, "administrations[1].vatCodes[0]: A vat code with id '3' already exists."},
		"rows not array": {`{"administrations": [{"id": 1, "debtors": {}}]}`, "expected an array"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := New(Options{Seed: strings.NewReader(c.seed)})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestSetStock(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(90 * time.Second)
	if err := f.e.SetStock(0, "pot-terra-30", "50"); err != nil {
		t.Fatal(err)
	}
	got := items(t, f.must(200, "GET", "/v1/articles?modifiedSince=2025-03-14T10:01:00Z", nil))
	if len(got) != 1 || got[0]["code"] != "POT-TERRA-30" || got[0]["currentStock"] != jsonNum(50) {
		t.Errorf("articles changed by SetStock: %v", got)
	}
	for _, bad := range [][3]string{{"1001", "POT-TERRA-30", "many"}, {"4", "POT-TERRA-30", "1"}, {"1001", "NOPE", "1"}} {
		var admin int64
		json.Unmarshal([]byte(bad[0]), &admin)
		if err := f.e.SetStock(admin, bad[1], bad[2]); err == nil {
			t.Errorf("SetStock%v accepted", bad)
		}
	}
}
