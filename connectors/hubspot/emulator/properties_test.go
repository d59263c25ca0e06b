package emulator

import (
	"strings"
	"testing"
)

func TestPropertyDefinitions(t *testing.T) {
	f := newFixture(t, Options{})
	all := f.must(200, "GET", "/crm/v3/properties/deals", nil)
	byName := map[string]map[string]any{}
	for _, r := range list(all, "results") {
		byName[str(obj(r)["name"])] = obj(r)
	}
	if d := byName["amount"]; str(d["type"]) != "number" || d["hubspotDefined"] != true {
		t.Errorf("amount %v", d)
	}
	if d := byName["external_order_number"]; d["hasUniqueValue"] != true || d["hubspotDefined"] != nil {
		t.Errorf("seeded custom property %v", d)
	}
	stages := byName["dealstage"]["options"].([]any)
	if len(stages) != 7 || str(obj(stages[5])["value"]) != "closedwon" {
		t.Errorf("dealstage options %v", stages)
	}
	if ro := obj(byName["hs_lastmodifieddate"], "modificationMetadata"); ro["readOnlyValue"] != true {
		t.Errorf("hs_lastmodifieddate metadata %v", ro)
	}
	one := f.must(200, "GET", "/crm/v3/properties/0-1/email", nil)
	if str(one["type"]) != "string" || str(one["fieldType"]) != "text" {
		t.Errorf("email definition %v", one)
	}
	resp, body := f.do("GET", "/crm/v3/properties/contacts/shoe_size", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown property: %d", resp.StatusCode)
	}
	checkError(t, body, "OBJECT_NOT_FOUND")
}

func TestCustomProperty(t *testing.T) {
	f := newFixture(t, Options{})
	def := map[string]any{"name": "erp_item_code", "label": "ERP item code", "type": "string", "fieldType": "text",
		"groupName": "productinformation", "hasUniqueValue": true}
	created := f.must(201, "POST", "/crm/v3/properties/products", def)
	if str(created["createdAt"]) == "" || created["hasUniqueValue"] != true {
		t.Errorf("created %v", created)
	}
	resp, body := f.do("POST", "/crm/v3/properties/products", def)
	if resp.StatusCode != 409 {
		t.Errorf("second create: %d", resp.StatusCode)
	}
	checkError(t, body, "OBJECT_ALREADY_EXISTS")
	// The new property is writable, searchable and usable as idProperty.
	f.must(200, "PATCH", "/crm/v3/objects/products/301", map[string]any{"properties": map[string]any{"erp_item_code": "ITM-1"}})
	if got := f.must(200, "GET", "/crm/v3/objects/products/itm-1?idProperty=erp_item_code", nil); str(got["id"]) != "301" {
		t.Errorf("read by custom unique property %v", got["id"])
	}
	resp, body = f.do("PATCH", "/crm/v3/objects/products/302", map[string]any{"properties": map[string]any{"erp_item_code": "ITM-1"}})
	if resp.StatusCode != 409 || !strings.Contains(str(obj(body)["message"]), "Existing ID: 301") {
		t.Errorf("duplicate unique value: %d %v", resp.StatusCode, body)
	}
	f.must(201, "POST", "/crm/v3/properties/products", map[string]any{"name": "colour", "label": "Colour",
		"type": "enumeration", "fieldType": "checkbox", "groupName": "productinformation",
		"options": []any{map[string]any{"label": "Red", "value": "red"}, map[string]any{"label": "Blue", "value": "blue"}}})
	p := f.must(200, "PATCH", "/crm/v3/objects/products/301", map[string]any{"properties": map[string]any{"colour": "red;blue"}})
	if prop(p, "colour") != "red;blue" {
		t.Errorf("multi-checkbox %q", prop(p, "colour"))
	}
	res := f.must(200, "POST", "/crm/v3/objects/products/search", map[string]any{"filterGroups": []any{
		group(flt("colour", "EQ", "blue"))}})
	if strings.Join(ids(res), ",") != "301" {
		t.Errorf("search on a multi-checkbox %v", ids(res))
	}
	f.must(204, "DELETE", "/crm/v3/properties/products/colour", nil)
	if resp, _ := f.do("PATCH", "/crm/v3/objects/products/301", map[string]any{"properties": map[string]any{"colour": "red"}}); resp.StatusCode != 400 {
		t.Errorf("write to an archived property: %d", resp.StatusCode)
	}
	if resp, _ := f.do("DELETE", "/crm/v3/properties/products/price", nil); resp.StatusCode != 400 {
		t.Errorf("archiving a HubSpot property: %d", resp.StatusCode)
	}
	patched := f.must(200, "PATCH", "/crm/v3/properties/products/erp_item_code", map[string]any{"label": "Item code"})
	if str(patched["label"]) != "Item code" {
		t.Errorf("patched label %v", patched["label"])
	}
}

func TestBadPropertyDefinitions(t *testing.T) {
	f := newFixture(t, Options{})
	cases := map[string]map[string]any{
		"bad name":         {"name": "Bad Name", "label": "x", "type": "string", "fieldType": "text", "groupName": "g"},
		"no label":         {"name": "x1", "type": "string", "fieldType": "text", "groupName": "g"},
		"no group":         {"name": "x2", "label": "x", "type": "string", "fieldType": "text"},
		"wrong field type": {"name": "x3", "label": "x", "type": "number", "fieldType": "select", "groupName": "g"},
		"unknown type":     {"name": "x4", "label": "x", "type": "money", "fieldType": "number", "groupName": "g"},
		"options missing":  {"name": "x5", "label": "x", "type": "enumeration", "fieldType": "select", "groupName": "g"},
		"unique date":      {"name": "x6", "label": "x", "type": "date", "fieldType": "date", "groupName": "g", "hasUniqueValue": true},
	}
	for name, def := range cases {
		resp, body := f.do("POST", "/crm/v3/properties/contacts", def)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d", name, resp.StatusCode)
			continue
		}
		checkError(t, body, "VALIDATION_ERROR")
	}
}
