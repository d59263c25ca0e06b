package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCreateAndReadContact(t *testing.T) {
	f := newFixture(t, Options{})
	created := f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{
		"email": "New.Person@Example.com", "firstname": "New", "lastname": "Person", "lifecyclestage": "lead"}})
	id := str(created["id"])
	if id == "" || strings.Trim(id, "0123456789") != "" {
		t.Fatalf("id %q is not a numeric string", id)
	}
	if prop(created, "email") != "new.person@example.com" {
		t.Errorf("email %q, want it lower-cased", prop(created, "email"))
	}
	if prop(created, "hs_object_id") != id || prop(created, "createdate") != "2025-03-14T10:00:00.000Z" ||
		prop(created, "lastmodifieddate") != "2025-03-14T10:00:00.000Z" || str(created["createdAt"]) != "2025-03-14T10:00:00.000Z" {
		t.Errorf("system properties %v", created)
	}
	if created["archived"] != false {
		t.Errorf("archived = %v", created["archived"])
	}

	got := f.must(200, "GET", "/crm/v3/objects/contacts/"+id, nil)
	if prop(got, "firstname") != "New" || prop(got, "lifecyclestage") != "" {
		t.Errorf("default read %v: lifecyclestage is not a default property", got["properties"])
	}
	// Requested properties come back, empty ones as null, unknown ones not at all.
	got = f.must(200, "GET", "/crm/v3/objects/contacts/"+id+"?properties=lifecyclestage,phone,nosuchprop", nil)
	props := obj(got, "properties")
	if props["lifecyclestage"] != "lead" || props["phone"] != nil || len(props) != 5 {
		t.Errorf("selected properties %v", props)
	}
	if _, present := props["phone"]; !present {
		t.Error("an empty requested property must be present as null")
	}
	byEmail := f.must(200, "GET", "/crm/v3/objects/contacts/NEW.person@example.com?idProperty=email", nil)
	if str(byEmail["id"]) != id {
		t.Errorf("idProperty=email found %v", byEmail["id"])
	}
	// The type id addresses the same collection.
	f.must(200, "GET", "/crm/v3/objects/0-1/"+id, nil)
	f.must(200, "GET", "/crm/objects/2026-03/contacts/"+id, nil)
}

func TestWireValuesAreStrings(t *testing.T) {
	f := newFixture(t, Options{})
	deal := f.must(201, "POST", "/crm/v3/objects/deals", map[string]any{"properties": map[string]any{
		"dealname": "Typed", "dealstage": "appointmentscheduled", "amount": 1250.50, "closedate": "2025-04-01T12:30:00+02:00"}})
	if prop(deal, "amount") != "1250.5" {
		t.Errorf("amount %q, want the trimmed decimal text", prop(deal, "amount"))
	}
	if prop(deal, "closedate") != "2025-04-01T10:30:00.000Z" {
		t.Errorf("closedate %q, want UTC with milliseconds", prop(deal, "closedate"))
	}
	if prop(deal, "pipeline") != "default" {
		t.Errorf("pipeline %q, want the default pipeline", prop(deal, "pipeline"))
	}
	// Epoch milliseconds are accepted for datetimes.
	ms := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	id := str(deal["id"])
	upd := f.must(200, "PATCH", "/crm/v3/objects/deals/"+id, map[string]any{"properties": map[string]any{"closedate": ms}})
	if prop(upd, "closedate") != "2025-05-01T00:00:00.000Z" {
		t.Errorf("closedate from epoch ms %q", prop(upd, "closedate"))
	}
	// A closed stage dates an undated deal.
	other := f.must(201, "POST", "/crm/v3/objects/deals", map[string]any{"properties": map[string]any{"dealname": "Won", "dealstage": "closedwon"}})
	if prop(other, "closedate") != "2025-03-14T10:00:00.000Z" {
		t.Errorf("closedate of a won deal %q", prop(other, "closedate"))
	}
	var raw map[string]map[string]any
	_, body := f.do("GET", "/crm/v3/objects/deals/"+id+"?properties=amount,hs_object_id", nil)
	data, _ := json.Marshal(body)
	_ = json.Unmarshal(data, &raw)
	for name, v := range raw["properties"] {
		if _, isString := v.(string); !isString && v != nil {
			t.Errorf("property %s is %T on the wire, want a string", name, v)
		}
	}
}

func TestUpdateTimestamps(t *testing.T) {
	f := newFixture(t, Options{})
	before := f.must(200, "GET", "/crm/v3/objects/contacts/201", nil)
	f.clock.Advance(time.Hour)
	f.must(200, "PATCH", "/crm/v3/objects/contacts/201", map[string]any{"properties": map[string]any{"firstname": "Anna"}})
	same := f.must(200, "GET", "/crm/v3/objects/contacts/201", nil)
	if str(same["updatedAt"]) != str(before["updatedAt"]) {
		t.Errorf("an update without changes moved updatedAt from %v to %v", before["updatedAt"], same["updatedAt"])
	}
	f.must(200, "PATCH", "/crm/v3/objects/contacts/201", map[string]any{"properties": map[string]any{"firstname": "Anne"}})
	after := f.must(200, "GET", "/crm/v3/objects/contacts/201", nil)
	if str(after["updatedAt"]) != "2025-03-14T11:00:00.000Z" || prop(after, "lastmodifieddate") != "2025-03-14T11:00:00.000Z" {
		t.Errorf("after a change: updatedAt %v lastmodifieddate %v", after["updatedAt"], prop(after, "lastmodifieddate"))
	}
	if str(after["createdAt"]) != str(before["createdAt"]) {
		t.Error("createdAt moved")
	}
	// Clearing a property removes it.
	f.must(200, "PATCH", "/crm/v3/objects/contacts/201", map[string]any{"properties": map[string]any{"phone": ""}})
	got := f.must(200, "GET", "/crm/v3/objects/contacts/201?properties=phone", nil)
	if obj(got, "properties")["phone"] != nil {
		t.Errorf("cleared phone reads %v", obj(got, "properties")["phone"])
	}
}

func TestValidationErrors(t *testing.T) {
	f := newFixture(t, Options{})
	cases := map[string]struct {
		typ   string
		props map[string]any
		code  string
	}{
		"unknown property":  {"contacts", map[string]any{"email": "a@b.example", "shoe_size": "42"}, "PROPERTY_DOESNT_EXIST"},
		"read-only":         {"contacts", map[string]any{"hs_object_id": "5"}, "READ_ONLY_VALUE"},
		"bad e-mail":        {"contacts", map[string]any{"email": "not-an-address"}, "INVALID_EMAIL"},
		"bad option":        {"contacts", map[string]any{"lifecyclestage": "friend"}, "INVALID_OPTION"},
		"bad number":        {"products", map[string]any{"name": "X", "price": "twelve"}, "INVALID_NUMBER"},
		"missing name":      {"products", map[string]any{"price": "1"}, "REQUIRED_PROPERTY"},
		"stage of no pipe":  {"deals", map[string]any{"dealname": "X", "dealstage": "nope"}, "INVALID_OPTION"},
		"negative price":    {"line_items", map[string]any{"name": "X", "price": "-1"}, "INVALID_NUMBER"},
		"unknown product":   {"line_items", map[string]any{"hs_product_id": "999999"}, "INVALID_PRODUCT_ID"},
		"computed amount":   {"line_items", map[string]any{"name": "X", "amount": "3"}, "READ_ONLY_VALUE"},
		"object as a value": {"contacts", map[string]any{"firstname": map[string]any{"a": 1}}, "INVALID_STRING"},
		"billing period":    {"products", map[string]any{"name": "X", "hs_recurring_billing_period": "12 months"}, "INVALID_FORMAT"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resp, body := f.do("POST", "/crm/v3/objects/"+c.typ, map[string]any{"properties": c.props})
			if resp.StatusCode != 400 {
				t.Fatalf("status %d: %v", resp.StatusCode, body)
			}
			m := checkError(t, body, "VALIDATION_ERROR")
			msg := str(m["message"])
			if !strings.HasPrefix(msg, "Property values were not valid: [") || !strings.Contains(msg, `"error":"`+c.code+`"`) {
				t.Errorf("message %q does not embed %s", msg, c.code)
			}
			errs, _ := m["errors"].([]any)
			if len(errs) == 0 || str(obj(errs[0])["code"]) != c.code || len(obj(errs[0], "context")["propertyName"].([]any)) != 1 {
				t.Errorf("errors %v", m["errors"])
			}
		})
	}
	// A date must be midnight UTC.
	f.must(201, "POST", "/crm/v3/properties/contacts", map[string]any{"name": "birthday", "label": "Birthday",
		"type": "date", "fieldType": "date", "groupName": "contactinformation"})
	resp, body := f.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"birthday": "2025-01-01T10:00:00Z"}})
	if resp.StatusCode != 400 || !strings.Contains(str(obj(body)["message"]), "not midnight") {
		t.Errorf("date at 10:00: %d %v", resp.StatusCode, body)
	}
	ok := f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"birthday": "1990-06-01"}})
	if prop(ok, "birthday") != "1990-06-01" {
		t.Errorf("birthday %q", prop(ok, "birthday"))
	}
}

func TestDuplicateEmailConflict(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "ANNA@bakkerijdevries.example"}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if m := checkError(t, body, "CONFLICT"); str(m["message"]) != "Contact already exists. Existing ID: 201" {
		t.Errorf("message %q", m["message"])
	}
	// Changing another contact to a used address conflicts too.
	resp, _ = f.do("PATCH", "/crm/v3/objects/contacts/202", map[string]any{"properties": map[string]any{"email": "anna@bakkerijdevries.example"}})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("update to a used address: %d", resp.StatusCode)
	}
	// An archived contact frees its address.
	f.must(204, "DELETE", "/crm/v3/objects/contacts/201", nil)
	f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "anna@bakkerijdevries.example"}})
}

func TestArchive(t *testing.T) {
	f := newFixture(t, Options{})
	f.must(204, "DELETE", "/crm/v3/objects/contacts/204", nil)
	resp, body := f.do("GET", "/crm/v3/objects/contacts/204", nil)
	if resp.StatusCode != 404 {
		t.Fatalf("archived contact: %d", resp.StatusCode)
	}
	checkError(t, body, "OBJECT_NOT_FOUND")
	got := f.must(200, "GET", "/crm/v3/objects/contacts/204?archived=true", nil)
	if got["archived"] != true || str(got["archivedAt"]) != "2025-03-14T10:00:00.000Z" {
		t.Errorf("archived read %v", got)
	}
	if l := f.must(200, "GET", "/crm/v3/objects/contacts?archived=true", nil); strings.Join(ids(l), ",") != "204" {
		t.Errorf("archived list %v", ids(l))
	}
	if l := f.must(200, "GET", "/crm/v3/objects/contacts", nil); strings.Contains(strings.Join(ids(l), ","), "204") {
		t.Errorf("live list still has 204: %v", ids(l))
	}
	f.must(204, "DELETE", "/crm/v3/objects/contacts/999999", nil)
	resp, body = f.do("GET", "/crm/v3/objects/contacts/abc", nil)
	if resp.StatusCode != 404 || !strings.Contains(str(obj(body)["message"]), "usually numeric") {
		t.Errorf("non-numeric id: %d %v", resp.StatusCode, body)
	}
}

func TestLineItemFromProduct(t *testing.T) {
	f := newFixture(t, Options{})
	li := f.must(201, "POST", "/crm/v3/objects/line_items", map[string]any{"properties": map[string]any{
		"hs_product_id": "302", "quantity": "3", "discount": "0.95"}})
	if prop(li, "name") != "Gadget deluxe" || prop(li, "price") != "24.95" || prop(li, "amount") != "72" {
		t.Errorf("line item %v", li["properties"])
	}
	pct := f.must(200, "PATCH", "/crm/v3/objects/line_items/"+str(li["id"]), map[string]any{"properties": map[string]any{
		"discount": "", "hs_discount_percentage": "10"}})
	if prop(pct, "amount") != "67.365" {
		t.Errorf("amount with 10%% off 3 × 24.95 = %q, want 67.365", prop(pct, "amount"))
	}
	if q := f.must(200, "GET", "/crm/v3/objects/line_items/"+str(li["id"])+"?properties=hs_sku", nil); prop(q, "hs_sku") != "GADGET-002" {
		t.Errorf("hs_sku %q", prop(q, "hs_sku"))
	}
}

func TestUnknownTypeAndMethod(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("GET", "/crm/v3/objects/tickets", nil)
	if resp.StatusCode != 400 {
		t.Errorf("unknown type: %d", resp.StatusCode)
	}
	checkError(t, body, "VALIDATION_ERROR")
	resp, body = f.do("PUT", "/crm/v3/objects/contacts/201", map[string]any{})
	if resp.StatusCode != 405 {
		t.Errorf("PUT: %d", resp.StatusCode)
	}
	checkError(t, body, "METHOD_NOT_ALLOWED")
	resp, _ = f.do("POST", "/crm/v3/objects/contacts", "{not json")
	if resp.StatusCode != 400 {
		t.Errorf("bad JSON: %d", resp.StatusCode)
	}
}
