package emulator

import (
	"fmt"
	"strings"
	"testing"
)

// assocIDs lists toObjectId: typeIds of a v4 association read.
func assocIDs(v any) string {
	var out []string
	for _, r := range list(v, "results") {
		var types []string
		for _, at := range obj(r)["associationTypes"].([]any) {
			types = append(types, str(obj(at)["typeId"]))
		}
		out = append(out, str(obj(r)["toObjectId"])+":"+strings.Join(types, "+"))
	}
	return strings.Join(out, ",")
}

func TestDefaultAssociationBothWays(t *testing.T) {
	f := newFixture(t, Options{})
	res := f.must(200, "PUT", "/crm/v4/objects/contacts/204/associations/default/companies/103", nil)
	if r := list(res, "results"); len(r) != 2 || str(obj(r[0], "associationSpec")["associationTypeId"]) != "279" ||
		str(obj(r[1], "associationSpec")["associationTypeId"]) != "280" {
		t.Errorf("default association answer %v", res)
	}
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/contacts/204/associations/companies", nil)); got != "103:279" {
		t.Errorf("contact → companies %s", got)
	}
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/companies/103/associations/contacts", nil)); got != "203:280,204:280" {
		t.Errorf("company → contacts %s", got)
	}
	// A labelled type adds to the default one; its label shows.
	lab := f.must(201, "PUT", "/crm/v4/objects/contacts/204/associations/companies/103",
		[]any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}})
	if fmt.Sprint(lab["labels"]) != "[Primary]" || str(lab["fromObjectTypeId"]) != "0-1" || str(lab["toObjectId"]) != "103" {
		t.Errorf("labelled answer %v", lab)
	}
	read := f.must(200, "GET", "/crm/v4/objects/contacts/204/associations/companies", nil)
	if got := assocIDs(read); got != "103:1+279" {
		t.Errorf("after labelling %s", got)
	}
	if l := obj(list(read, "results")[0])["associationTypes"].([]any); obj(l[0])["label"] != "Primary" || obj(l[1])["label"] != nil {
		t.Errorf("labels %v", l)
	}
	// v3 reads show the association by type name.
	c := f.must(200, "GET", "/crm/v3/objects/contacts/204?associations=companies", nil)
	if refs := list(obj(c, "associations", "companies"), "results"); len(refs) != 2 || str(obj(refs[0])["type"]) != "contact_to_company" {
		t.Errorf("v3 associations %v", refs)
	}
	f.must(204, "DELETE", "/crm/v4/objects/companies/103/associations/contacts/204", nil)
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/contacts/204/associations/companies", nil)); got != "" {
		t.Errorf("after delete %s", got)
	}
}

func TestAssociationErrors(t *testing.T) {
	f := newFixture(t, Options{})
	cases := map[string]struct {
		method, path string
		body         any
		status       int
	}{
		"wrong type for pair": {"PUT", "/crm/v4/objects/contacts/204/associations/companies/103",
			[]any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 19}}, 400},
		"missing target":     {"PUT", "/crm/v4/objects/contacts/204/associations/default/companies/999", nil, 404},
		"missing source":     {"GET", "/crm/v4/objects/contacts/999/associations/companies", nil, 404},
		"no default type":    {"PUT", "/crm/v4/objects/products/301/associations/default/deals/401", nil, 400},
		"line item twice":    {"PUT", "/crm/v4/objects/line_items/501/associations/default/deals/402", nil, 400},
		"unknown to type":    {"GET", "/crm/v4/objects/contacts/201/associations/tickets", nil, 400},
		"wrong method on id": {"POST", "/crm/v4/objects/contacts/201/associations/companies/101", nil, 405},
	}
	for name, c := range cases {
		resp, body := f.do(c.method, c.path, c.body)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d: %v", name, resp.StatusCode, c.status, body)
		}
	}
}

func TestAssociationBatches(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v4/associations/deals/contacts/batch/create", map[string]any{"inputs": []any{
		map[string]any{"from": map[string]any{"id": "402"}, "to": map[string]any{"id": "204"},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}}},
		map[string]any{"from": map[string]any{"id": "402"}, "to": map[string]any{"id": "999"},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}}},
	}})
	if resp.StatusCode != 207 || len(list(body, "results")) != 1 || len(list(body, "errors")) != 1 {
		t.Fatalf("batch create: %d %v", resp.StatusCode, body)
	}
	f.must(200, "POST", "/crm/v4/associations/companies/deals/batch/associate/default", map[string]any{"inputs": []any{
		map[string]any{"from": map[string]any{"id": "103"}, "to": map[string]any{"id": "402"}}}})
	read := f.must(200, "POST", "/crm/v4/associations/deals/contacts/batch/read", map[string]any{"inputs": []any{
		map[string]any{"id": "402"}}})
	to := obj(list(read, "results")[0])["to"].([]any)
	if len(to) != 2 || str(obj(to[1])["toObjectId"]) != "204" {
		t.Errorf("batch read %v", read)
	}
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/deals/402/associations/companies", nil)); got != "102:341,103:341" {
		t.Errorf("deal companies %s", got)
	}
	f.must(204, "POST", "/crm/v4/associations/deals/contacts/batch/archive", map[string]any{"inputs": []any{
		map[string]any{"from": map[string]any{"id": "402"}, "to": []any{map[string]any{"id": "204"}, map[string]any{"id": "202"}}}}})
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/deals/402/associations/contacts", nil)); got != "" {
		t.Errorf("after batch archive %s", got)
	}
	labels := f.must(200, "GET", "/crm/v4/associations/deals/companies/labels", nil)
	if len(list(labels, "results")) != 2 {
		t.Errorf("labels %v", labels)
	}
}

func TestCreateWithAssociationsAndCascade(t *testing.T) {
	f := newFixture(t, Options{})
	deal := f.must(201, "POST", "/crm/v3/objects/deals", map[string]any{
		"properties": map[string]any{"dealname": "Order WEB-3000", "dealstage": "qualifiedtobuy", "external_order_number": "WEB-3000"},
		"associations": []any{map[string]any{"to": map[string]any{"id": "204"},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}}}}})
	dealID := str(deal["id"])
	item := f.must(201, "POST", "/crm/v3/objects/line_items", map[string]any{
		"properties": map[string]any{"hs_product_id": "301", "quantity": "4"},
		"associations": []any{map[string]any{"to": map[string]any{"id": dealID},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 20}}}}})
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/deals/"+dealID+"/associations/line_items", nil)); got != str(item["id"])+":19" {
		t.Errorf("deal line items %s", got)
	}
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/contacts/204/associations/deals", nil)); got != dealID+":4" {
		t.Errorf("contact deals %s", got)
	}
	resp, _ := f.do("POST", "/crm/v3/objects/line_items", map[string]any{
		"properties": map[string]any{"name": "X"},
		"associations": []any{map[string]any{"to": map[string]any{"id": "204"},
			"types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 20}}}}})
	if resp.StatusCode != 400 {
		t.Errorf("association type to the wrong object: %d", resp.StatusCode)
	}
	f.must(204, "DELETE", "/crm/v3/objects/deals/"+dealID, nil)
	if resp, _ := f.do("GET", "/crm/v3/objects/line_items/"+str(item["id"]), nil); resp.StatusCode != 404 {
		t.Errorf("line item of an archived deal: %d", resp.StatusCode)
	}
	if got := assocIDs(f.must(200, "GET", "/crm/v4/objects/contacts/204/associations/deals", nil)); got != "" {
		t.Errorf("associations with an archived deal still listed: %s", got)
	}
}
