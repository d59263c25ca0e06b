package emulator

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultSeed(t *testing.T) {
	f := newFixture(t, Options{})
	counts := map[string]int{"companies": 3, "contacts": 4, "products": 4, "deals": 2, "line_items": 4}
	for typ, n := range counts {
		if got := len(list(f.must(200, "GET", "/crm/v3/objects/"+typ+"?limit=100", nil), "results")); got != n {
			t.Errorf("%s: %d objects, want %d", typ, got, n)
		}
	}
	// Line item amounts are derived from their products, and add up to the
	// deal amounts.
	items := f.must(200, "POST", "/crm/v3/objects/line_items/batch/read", map[string]any{"properties": []any{"amount", "hs_sku"},
		"inputs": []any{map[string]any{"id": "501"}, map[string]any{"id": "502"}}})
	r := list(items, "results")
	if prop(r[0], "amount") != "25" || prop(r[1], "amount") != "24.95" || prop(r[0], "hs_sku") != "WIDGET-001" {
		t.Errorf("line items %v", r)
	}
	deal := f.must(200, "GET", "/crm/v3/objects/deals/401?properties=amount,external_order_number", nil)
	if prop(deal, "amount") != "49.95" || prop(deal, "external_order_number") != "WEB-1001" {
		t.Errorf("deal %v", deal["properties"])
	}
	// Seed dates are kept, for incremental reads.
	c := f.must(200, "GET", "/crm/v3/objects/contacts/201", nil)
	if str(c["createdAt"]) != "2025-01-06T09:05:00.000Z" || str(c["updatedAt"]) != "2025-03-01T11:00:00.000Z" {
		t.Errorf("seed dates %v %v", c["createdAt"], c["updatedAt"])
	}
	// New ids continue after the seed's.
	n := f.must(201, "POST", "/crm/v3/objects/companies", map[string]any{"properties": map[string]any{"name": "Nieuw BV"}})
	if str(n["id"]) != "505" {
		t.Errorf("next id %v, want 505", n["id"])
	}
	if f.e.PortalID() != 146012345 {
		t.Errorf("portal id %d", f.e.PortalID())
	}
	var doc map[string]any
	if err := json.Unmarshal(DefaultSeed(), &doc); err != nil || doc["portal"] == nil {
		t.Errorf("DefaultSeed is not the seed document: %v", err)
	}
}

func TestSeedErrors(t *testing.T) {
	cases := map[string]string{
		"unknown entity":          `{"tickets": []}`,
		"invalid row":             `{"contacts": [{"properties": {"email": "nope"}}]}`,
		"ids must grow":           `{"companies": [{"id": "5", "properties": {"name": "A"}}, {"id": "4", "properties": {"name": "B"}}]}`,
		"dangling association":    `{"contacts": [{"properties": {"email": "a@b.example"}, "associations": {"companies": ["9"]}}]}`,
		"unknown time zone":       `{"portal": {"id": 1, "timeZone": "Mars/Olympus"}}`,
		"bad custom property":     `{"properties": {"deals": [{"name": "X", "type": "string", "fieldType": "text"}]}}`,
		"pipelines without deals": `{"pipelines": {"deals": []}}`,
		"not an object":           `[1, 2]`,
	}
	for name, seed := range cases {
		if _, err := New(Options{Seed: strings.NewReader(seed)}); err == nil {
			t.Errorf("%s: seed accepted", name)
		}
	}
}

func TestSeedPipelinesAndArchived(t *testing.T) {
	seed := `{"pipelines": {"deals": [{"id": "webshop", "label": "Webshop", "stages": [
	    {"id": "paid", "label": "Paid", "probability": "1.0", "closed": true},
	    {"id": "new", "label": "New", "probability": "0.5"}]}]},
	  "deals": [{"properties": {"dealname": "A", "dealstage": "new"}},
	            {"properties": {"dealname": "B", "dealstage": "paid"}, "archived": true}]}`
	f := newFixture(t, Options{Seed: strings.NewReader(seed)})
	if l := f.must(200, "GET", "/crm/v3/objects/deals", nil); len(list(l, "results")) != 1 || prop(list(l, "results")[0], "pipeline") != "webshop" {
		t.Errorf("deals %v", l)
	}
	pl := f.must(200, "GET", "/crm/v3/pipelines/deals", nil)
	stages := obj(list(pl, "results")[0])["stages"].([]any)
	if len(stages) != 2 || str(obj(stages[0], "metadata")["isClosed"]) != "true" {
		t.Errorf("pipelines %v", pl)
	}
	f.must(200, "GET", "/crm/v3/pipelines/deals/webshop", nil)
	if resp, _ := f.do("POST", "/crm/v3/objects/deals", map[string]any{"properties": map[string]any{"dealname": "C", "dealstage": "closedwon"}}); resp.StatusCode != 400 {
		t.Errorf("a stage of the replaced default pipeline: %d", resp.StatusCode)
	}
}

func num(v any) int64 {
	n, _ := strconv.ParseInt(str(v), 10, 64)
	return n
}

func TestStateRoundTrip(t *testing.T) {
	path := t.TempDir() + "/hubspot.json"
	first, err := New(Options{StatePath: path, Now: testClock()})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, e: first, token: DefaultPrivateAppToken}
	f.srv = newTestServer(t, first)
	f.must(201, "POST", "/crm/v3/properties/contacts", map[string]any{"name": "webshop_id", "label": "Webshop id",
		"type": "number", "fieldType": "number", "groupName": "contactinformation", "hasUniqueValue": true})
	c := f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "kept@example.com", "webshop_id": 77}})
	f.must(200, "PUT", "/crm/v4/objects/contacts/"+str(c["id"])+"/associations/default/companies/101", nil)
	f.must(204, "DELETE", "/crm/v3/objects/deals/402", nil)
	tok, err := first.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second, err := New(Options{StatePath: path, Now: testClock(), Seed: strings.NewReader(`{"tickets": "ignored"}`)})
	if err != nil {
		t.Fatal(err)
	}
	g := &fixture{t: t, e: second, token: DefaultPrivateAppToken}
	g.srv = newTestServer(t, second)
	defer second.Close()
	got := g.must(200, "GET", "/crm/v3/objects/contacts/77?idProperty=webshop_id&associations=companies", nil)
	if str(got["id"]) != str(c["id"]) || len(list(obj(got, "associations", "companies"), "results")) != 1 {
		t.Errorf("after restart %v", got)
	}
	if resp, _ := g.do("GET", "/crm/v3/objects/deals/402", nil); resp.StatusCode != 404 {
		t.Errorf("archived deal after restart: %d", resp.StatusCode)
	}
	if resp, _ := g.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "kept@example.com"}}); resp.StatusCode != 409 {
		t.Errorf("unique index after restart: %d", resp.StatusCode)
	}
	if n := g.must(201, "POST", "/crm/v3/objects/companies", map[string]any{"properties": map[string]any{"name": "Next"}}); num(n["id"]) <= num(c["id"]) {
		t.Errorf("id sequence restarted: %v after %v", n["id"], c["id"])
	}
	if resp, _ := g.doToken(tok.AccessToken, "GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 200 {
		t.Errorf("access token after restart: %d", resp.StatusCode)
	}
	if err := second.SaveState(); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path, Now: testClock()}); err != nil {
		t.Errorf("reloading a saved state: %v", err)
	}
}
