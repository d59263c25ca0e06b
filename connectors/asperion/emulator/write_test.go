package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestCreateDebtor(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v1/debtors", newDebtor("Tuinarchitect Groen", "info@groen.example"))
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	d := r.body
	if d["number"] != jsonNum(10004) || d["id"] != jsonNum(6) {
		t.Errorf("assigned number %v id %v, want 10004 and 6 (ids are global: 1002 holds 4 and 5)", d["number"], d["id"])
	}
	if r.header.Get("Location") != "/v1/debtors/6" {
		t.Errorf("Location %q", r.header.Get("Location"))
	}
	if d["createdAt"] != "2025-03-14T10:00:00.000Z" || d["modifiedAt"] != d["createdAt"] {
		t.Errorf("timestamps %v %v", d["createdAt"], d["modifiedAt"])
	}
	addr := d["address"].(map[string]any)
	if addr["countryCode"] != "NL" || d["contact"] != nil || d["vatNumber"] != nil {
		t.Errorf("defaults and nulls: %v", d)
	}
	// A person's name comes from the contact.
	p := f.must(201, "POST", "/v1/debtors", map[string]any{"type": "person",
		"contact": map[string]any{"firstName": "Jan", "middleName": "de", "lastName": "Boer"}})
	if p["name"] != "Jan de Boer" || p["type"] != "Person" {
		t.Errorf("person: name %v type %v", p["name"], p["type"])
	}
	// A given number is kept, must be unique, and moves the sequence on.
	f.must(201, "POST", "/v1/debtors", map[string]any{"type": "Company", "name": "Eigen nummer", "number": 20000})
	dup := f.do("POST", "/v1/debtors", map[string]any{"type": "Company", "name": "Dubbel", "number": 20000}, "Accept-Language", "en")
	if dup.status != 400 || errorsOf(t, dup.body)["number"][0] != "A debtor with number '20000' already exists." {
		t.Errorf("duplicate number: %d %s", dup.status, dup.raw)
	}
	if next := f.must(201, "POST", "/v1/debtors", newDebtor("Volgende", "v@example.com")); next["number"] != jsonNum(20001) {
		t.Errorf("number after a given one: %v", next["number"])
	}
	// Numbers are per administration.
	if other := f.must(201, "POST", "/v1/debtors", newDebtor("Elders", "e@example.com"), "X-Tenant-Id", "1002"); other["number"] != jsonNum(10003) {
		t.Errorf("number in 1002: %v", other["number"])
	}
}

func TestValidationMessages(t *testing.T) {
	f := newFixture(t, Options{})
	body := map[string]any{"type": "Shop", "name": strings.Repeat("x", 101), "paymentConditionId": 99,
		"address": map[string]any{"city": 12}}
	nlr := f.do("POST", "/v1/debtors", body)
	if nlr.status != 400 || nlr.body["title"] != "Er zijn een of meer validatiefouten opgetreden." {
		t.Fatalf("Dutch validation: %d %s", nlr.status, nlr.raw)
	}
	want := map[string]string{
		"type":               "Het veld type moet een van de volgende waarden hebben: Company, Person.",
		"name":               "Het veld name mag maximaal 100 tekens bevatten.",
		"address.city":       "De waarde van address.city is geen geldige tekst.",
		"paymentConditionId": "Betalingsconditie 99 bestaat niet in deze administratie.",
	}
	got := errorsOf(t, nlr.body)
	for k, msg := range want {
		if len(got[k]) != 1 || got[k][0] != msg {
			t.Errorf("nl %s: %v, want %q", k, got[k], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("nl errors %v", got)
	}
	if nlr.body["type"] != "https://tools.ietf.org/html/rfc9110#section-15.5.1" || nlr.body["status"] != jsonNum(400) ||
		!strings.HasPrefix(nlr.body["traceId"].(string), "00-") {
		t.Errorf("problem members: %v", nlr.body)
	}

	enr := f.do("POST", "/v1/debtors", map[string]any{"name": "x"}, "Accept-Language", "de-DE, en-US;q=0.8, nl;q=0.5")
	if enr.body["title"] != "One or more validation errors occurred." || errorsOf(t, enr.body)["type"][0] != "The type field is required." {
		t.Errorf("English validation: %s", enr.raw)
	}
	// A company needs a name; an empty string counts as missing.
	r := f.do("POST", "/v1/debtors", map[string]any{"type": "Company", "name": ""}, "Accept-Language", "en")
	if errorsOf(t, r.body)["name"][0] != "The name field is required." {
		t.Errorf("company without a name: %s", r.raw)
	}
	// Nothing of a rejected write is stored.
	if n := items(t, f.must(200, "GET", "/v1/debtors", nil)); len(n) != 3 {
		t.Errorf("debtors after rejected writes: %d", len(n))
	}
}

func TestBodyErrors(t *testing.T) {
	f := newFixture(t, Options{})
	if r := f.do("POST", "/v1/debtors", "{not json"); r.status != 400 || errorsOf(t, r.body)["$"] == nil {
		t.Errorf("bad JSON: %d %s", r.status, r.raw)
	}
	if r := f.do("POST", "/v1/debtors", "[1,2]"); r.status != 400 || errorsOf(t, r.body)["$"] == nil {
		t.Errorf("array body: %d %s", r.status, r.raw)
	}
	if r := f.do("POST", "/v1/debtors", `{"type":"Company","name":"x"}`, "Content-Type", "text/plain"); r.status != 415 {
		t.Errorf("text/plain body: %d %s", r.status, r.raw)
	}
	if r := f.do("DELETE", "/v1/debtors/1", nil); r.status != 405 || r.header.Get("Allow") != "GET, PUT" {
		t.Errorf("DELETE: %d %v", r.status, r.header)
	}
	if r := f.do("PUT", "/v1/SalesOrderWithLines/1", map[string]any{}); r.status != 405 || r.header.Get("Allow") != "GET" {
		t.Errorf("PUT order: %d %v", r.status, r.header)
	}
	if r := f.do("GET", "/v1/nothing", nil, "Accept-Language", "en"); r.status != 404 || r.body["detail"] != "There is no endpoint /v1/nothing." {
		t.Errorf("unknown path: %d %s", r.status, r.raw)
	}
	if r := f.do("PUT", "/v1/debtors/424242", newDebtor("x", "y")); r.status != 404 {
		t.Errorf("PUT unknown id: %d", r.status)
	}
}

func TestUpdateReplaces(t *testing.T) {
	f := newFixture(t, Options{})
	f.clock.Advance(5 * time.Minute)
	// PUT replaces the record: members left out are cleared, server-owned
	// ones (number, createdAt, currentStock) survive, read-only members in
	// the body are ignored.
	r := f.must(200, "PUT", "/v1/debtors/1", map[string]any{"type": "Company", "name": "Groenrijk Hoveniers B.V.",
		"createdAt": "2000-01-01T00:00:00Z", "id": 77})
	if r["name"] != "Groenrijk Hoveniers B.V." || r["email"] != nil || r["address"] != nil || r["number"] != jsonNum(10001) {
		t.Errorf("after PUT: %v", r)
	}
	if r["createdAt"] != "2025-03-14T10:00:00.000Z" || r["modifiedAt"] != "2025-03-14T10:05:00.000Z" || r["id"] != jsonNum(1) {
		t.Errorf("server-owned values after PUT: %v %v %v", r["id"], r["createdAt"], r["modifiedAt"])
	}
	a := f.must(200, "PUT", "/v1/articles/1", map[string]any{"code": "ROOS-ROOD-10", "description": "Rozen", "salesTypeId": 2, "currentStock": 999})
	if a["currentStock"] != jsonNum(36) || a["salesPrice"] != jsonNum(0) || a["isStockArticle"] != false || a["activeState"] != "Active" {
		t.Errorf("article after PUT: %v", a)
	}
	// Renaming onto another article's code is refused.
	if r := f.do("PUT", "/v1/articles/1", map[string]any{"code": "pot-terra-30", "description": "x", "salesTypeId": 2}); r.status != 400 || errorsOf(t, r.body)["code"] == nil {
		t.Errorf("duplicate code on PUT: %d %s", r.status, r.raw)
	}
}

func TestStrict(t *testing.T) {
	f := newFixture(t, Options{Strict: true})
	r := f.do("POST", "/v1/articles", map[string]any{"code": "X", "description": "x", "salesTypeId": 1, "currentStock": 5, "colour": "red"}, "Accept-Language", "en")
	got := errorsOf(t, r.body)
	if r.status != 400 || got["currentStock"][0] != "The field currentStock is read-only." || got["colour"][0] != "The field colour is unknown." {
		t.Errorf("strict: %d %v", r.status, got)
	}
	lax := newFixture(t, Options{})
	a := lax.must(201, "POST", "/v1/articles", map[string]any{"Code": "X", "description": "x", "salesTypeId": 1, "currentStock": 5, "colour": "red"})
	if a["currentStock"] != jsonNum(0) || a["code"] != "X" {
		t.Errorf("lax create ignores read-only and unknown members and matches names ignoring case: %v", a)
	}
}
