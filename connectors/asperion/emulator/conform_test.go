package emulator

import (
	"encoding/json"
	"testing"

	"github.com/pipeline-dev/pipeline/schemas"
)

// TestAnswersConformToSchemas validates every record the emulator serves,
// in both seeded administrations and after writes, against its schema in
// schemas/asperion, and checks that a write body the emulator accepts is
// valid there too: pipelines validate against the schemas what the
// emulator then has to accept.
func TestAnswersConformToSchemas(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Options{})
	order := map[string]any{"debtorId": 2, "reference": "WEB-9", "lines": []any{
		map[string]any{"articleId": articleRoos, "quantity": 2},
		map[string]any{"description": "Bezorging", "quantity": 1, "unitPrice": 4.95, "salesTypeId": salesTypeHi},
	}}
	person := map[string]any{"type": "Person", "contact": map[string]any{"firstName": "Eva", "lastName": "Smit", "email": "eva@example.com"}, "email": "eva@example.com"}
	mutation := map[string]any{"articleId": articleRoos, "quantity": -2, "reference": "COUNT-1"}
	writes := map[string]map[string]any{"sales_order": order, "debtor": person, "stock_mutation": mutation}
	for name, body := range writes {
		s, _ := set.Lookup("asperion/" + name)
		raw, _ := json.Marshal(body)
		if vs := s.Validate(raw); len(vs) > 0 {
			t.Errorf("accepted %s body is invalid: %v", name, vs)
		}
	}
	f.must(201, "POST", "/v1/SalesOrderWithLines", order)
	f.must(201, "POST", "/v1/debtors", person)
	f.must(201, "POST", "/v1/stockmutations", mutation)

	for _, tenant := range []string{"1001", "1002"} {
		for i := range entities {
			ent := &entities[i]
			s, ok := set.Lookup("asperion/" + ent.Name)
			if !ok {
				t.Fatalf("no schema asperion/%s", ent.Name)
			}
			path := ent.Path
			if ent.Name == "article" {
				path += "?activeState=All"
			}
			r := f.do("GET", path, nil, "X-Tenant-Id", tenant)
			var env map[string]json.RawMessage
			if err := json.Unmarshal(r.raw, &env); err != nil {
				t.Fatal(err)
			}
			var recs []json.RawMessage
			if err := json.Unmarshal(env[api.ItemsMember], &recs); err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 && ent.Name != "sales_order" && ent.Name != "sales_invoice" && ent.Name != "journal_entry" && ent.Name != "stock_mutation" {
				t.Errorf("%s in %s: no records to check", ent.Name, tenant)
			}
			for _, rec := range recs {
				if vs := s.Validate(rec); len(vs) > 0 {
					t.Errorf("%s in %s: %s\n%v", ent.Name, tenant, rec, vs)
				}
			}
		}
	}
}
