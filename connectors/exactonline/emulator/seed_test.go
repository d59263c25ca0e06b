package emulator

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDefaultSeed(t *testing.T) {
	f := newFixture(t, Options{})
	counts := map[string]int{"crm/Accounts": 3, "logistics/Items": 4, "vat/VATCodes": 3, "cashflow/PaymentConditions": 2,
		"inventory/ItemWarehouses": 3, "inventory/Warehouses": 1, "financial/GLAccounts": 4}
	for path, want := range counts {
		if got := len(results(t, f.mustDo(200, "GET", path, nil))); got != want {
			t.Errorf("%s: %d rows, want %d", path, got, want)
		}
	}
	vat := results(t, f.mustDo(200, "GET", "vat/VATCodes?$filter=Code eq '2'", nil))
	if len(vat) != 1 || num(vat[0]["Percentage"]) != "0.21" {
		t.Errorf("seeded read-only Percentage: %v", vat)
	}
	if got := itemStock(t, f, seedWidget); got != "100" {
		t.Errorf("seeded widget stock %s, want 100", got)
	}
	var doc map[string]any
	if err := json.Unmarshal(DefaultSeed(), &doc); err != nil || doc["divisions"] == nil {
		t.Errorf("DefaultSeed() is not a seed document: %v", err)
	}
}

func TestLoadSeed(t *testing.T) {
	seed := `{
	  "divisions": [{"Code": 7, "Description": "Zeven BV"}, 8],
	  "Accounts": [{"Name": "In seven", "Code": "100"}, {"Name": "In eight", "Division": 8}],
	  "Items": [{"Code": "A", "Description": "Apple"}],
	  "SalesOrders": [{"OrderedBy": "aaaaaaaa-0000-4000-8000-000000000001", "OrderNumber": 500,
	                   "SalesOrderLines": [{"Item": "bbbbbbbb-0000-4000-8000-000000000001", "Quantity": 2, "UnitPrice": 1.5}]}]
	}`
	// The order refers to rows by key, so give them keys.
	seed = strings.Replace(seed, `{"Name": "In seven", "Code": "100"}`, `{"ID": "aaaaaaaa-0000-4000-8000-000000000001", "Name": "In seven", "Code": "100"}`, 1)
	seed = strings.Replace(seed, `{"Code": "A", "Description": "Apple"}`, `{"ID": "bbbbbbbb-0000-4000-8000-000000000001", "Code": "A", "Description": "Apple"}`, 1)
	f := newFixture(t, Options{Seed: strings.NewReader(seed)})
	if divs := f.e.Divisions(); len(divs) != 2 || divs[0] != 7 || divs[1] != 8 {
		t.Fatalf("divisions %v", divs)
	}
	if me := results(t, f.mustDo(200, "GET", "/api/v1/current/Me", nil)); num(me[0]["CurrentDivision"]) != "7" {
		t.Errorf("current division %v, want the first seeded", me[0]["CurrentDivision"])
	}
	seven := results(t, f.mustDo(200, "GET", "crm/Accounts", nil))
	if len(seven) != 1 || seven[0]["Code"] != "               100" {
		t.Errorf("division 7 accounts: %v", seven)
	}
	f.div = 8
	if eight := results(t, f.mustDo(200, "GET", "crm/Accounts", nil)); len(eight) != 1 || eight[0]["Name"] != "In eight" {
		t.Errorf("division 8 accounts: %v", eight)
	}
	f.div = 7
	// A seeded order number moves the sequence on.
	o := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": "aaaaaaaa-0000-4000-8000-000000000001",
		"SalesOrderLines": []any{map[string]any{"Item": "bbbbbbbb-0000-4000-8000-000000000001"}}}))
	if num(o["OrderNumber"]) != "501" {
		t.Errorf("order number after seeded 500: %v", o["OrderNumber"])
	}

	// Reseeding over HTTP replaces everything.
	resp, err := f.srv.Client().Post(f.srv.URL+"/__emulator/seed", "application/json", bytes.NewBufferString(`{"divisions":[7]}`))
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("POST /__emulator/seed: %v %v", resp, err)
	}
	if rows := results(t, f.mustDo(200, "GET", "crm/Accounts", nil)); len(rows) != 0 {
		t.Errorf("after reseed: %d accounts", len(rows))
	}
}

func TestSeedErrors(t *testing.T) {
	tests := map[string]string{
		`[]`:                                   "not a JSON object",
		`{"Accounts": []}`:                     "no divisions",
		`{"divisions": [1, 1]}`:                "listed twice",
		`{"divisions": [0]}`:                   "not a positive number",
		`{"divisions": [1], "Customers": []}`:  `unknown entity "Customers"`,
		`{"divisions": [1], "Accounts": [{}]}`: "seed Accounts[0]: Mandatory: Name",
		`{"divisions": [1], "Accounts": [{"Name": "x", "Division": 2}]}`:                                                           "division 2 is not listed",
		`{"divisions": [1], "Contacts": [{"Account": "aaaaaaaa-0000-4000-8000-000000000001", "FirstName": "a", "LastName": "b"}]}`: "Account aaaaaaaa-0000-4000-8000-000000000001 does not exist",
	}
	for seed, want := range tests {
		_, err := New(Options{Seed: strings.NewReader(seed)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("seed %s: error %v, want one containing %q", seed, err, want)
		}
	}
}
