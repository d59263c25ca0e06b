package emulator

import (
	"fmt"
	"strings"
	"testing"
)

func TestBatchRead(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{
		"inputs":     []any{map[string]any{"id": "201"}, map[string]any{"id": "999"}, map[string]any{"id": "202"}, map[string]any{"id": "998"}},
		"properties": []any{"email"}})
	if resp.StatusCode != 207 {
		t.Fatalf("status %d: %v", resp.StatusCode, body)
	}
	m := obj(body)
	if got := strings.Join(ids(m), ","); got != "201,202" || str(m["status"]) != "COMPLETE" || str(m["numErrors"]) != "1" {
		t.Errorf("results %s, status %v, numErrors %v", got, m["status"], m["numErrors"])
	}
	e := obj(list(m, "errors")[0])
	if str(e["category"]) != "OBJECT_NOT_FOUND" || fmt.Sprint(obj(e, "context")["ids"]) != "[999 998]" ||
		!strings.Contains(str(e["message"]), "Could not get some CONTACT objects") {
		t.Errorf("error %v", e)
	}
	byEmail := f.must(200, "POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"idProperty": "email",
		"inputs": []any{map[string]any{"id": "piet@fietsjansen.example"}}})
	if strings.Join(ids(byEmail), ",") != "202" {
		t.Errorf("read by email %v", ids(byEmail))
	}
}

func TestBatchCreatePartialFailure(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v3/objects/contacts/batch/create", map[string]any{"inputs": []any{
		map[string]any{"properties": map[string]any{"email": "one@example.com"}, "objectWriteTraceId": "t1"},
		map[string]any{"properties": map[string]any{"email": "anna@bakkerijdevries.example"}, "objectWriteTraceId": "t2"},
		map[string]any{"properties": map[string]any{"email": "three@example.com", "bogus": "x"}, "objectWriteTraceId": "t3"},
		map[string]any{"properties": map[string]any{"email": "four@example.com"}, "objectWriteTraceId": "t4"},
	}})
	if resp.StatusCode != 207 {
		t.Fatalf("status %d: %v", resp.StatusCode, body)
	}
	m := obj(body)
	results := list(m, "results")
	if len(results) != 2 || str(obj(results[0])["objectWriteTraceId"]) != "t1" || str(obj(results[1])["objectWriteTraceId"]) != "t4" {
		t.Errorf("results %v", results)
	}
	errs := list(m, "errors")
	if len(errs) != 2 {
		t.Fatalf("errors %v", errs)
	}
	conflict, invalid := obj(errs[0]), obj(errs[1])
	if str(conflict["category"]) != "CONFLICT" || !strings.Contains(str(conflict["message"]), "Existing ID: 201") ||
		fmt.Sprint(obj(conflict, "context")["objectWriteTraceId"]) != "[t2]" {
		t.Errorf("conflict error %v", conflict)
	}
	if str(invalid["category"]) != "VALIDATION_ERROR" || fmt.Sprint(obj(invalid, "context")["objectWriteTraceId"]) != "[t3]" {
		t.Errorf("validation error %v", invalid)
	}
	// The good inputs stuck, the bad ones did not.
	f.must(200, "GET", "/crm/v3/objects/contacts/four@example.com?idProperty=email", nil)
	if resp, _ := f.do("GET", "/crm/v3/objects/contacts/three@example.com?idProperty=email", nil); resp.StatusCode != 404 {
		t.Errorf("failed input was created: %d", resp.StatusCode)
	}
	all := f.must(201, "POST", "/crm/v3/objects/products/batch/create", map[string]any{"inputs": []any{
		map[string]any{"properties": map[string]any{"name": "A", "hs_sku": "A-1"}}}})
	if len(list(all, "results")) != 1 || all["errors"] != nil {
		t.Errorf("clean batch %v", all)
	}
}

func TestBatchUpdate(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v3/objects/products/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": "301", "properties": map[string]any{"price": "13"}},
		map[string]any{"id": "777", "properties": map[string]any{"price": "1"}},
		map[string]any{"id": "302", "properties": map[string]any{"price": "cheap"}},
	}})
	if resp.StatusCode != 207 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	errs := list(body, "errors")
	if len(errs) != 2 || fmt.Sprint(obj(errs[0], "context")["ids"]) != "[777]" || str(obj(errs[1])["category"]) != "VALIDATION_ERROR" {
		t.Errorf("errors %v", errs)
	}
	if p := f.must(200, "GET", "/crm/v3/objects/products/301", nil); prop(p, "price") != "13" {
		t.Errorf("price %q", prop(p, "price"))
	}
	resp, body = f.do("POST", "/crm/v3/objects/products/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": "301", "properties": map[string]any{"price": "1"}},
		map[string]any{"id": "301", "properties": map[string]any{"price": "2"}}}})
	if resp.StatusCode != 400 || !strings.Contains(str(obj(body)["message"]), "Duplicate IDs") {
		t.Errorf("duplicate ids: %d %v", resp.StatusCode, body)
	}
}

func TestBatchUpsert(t *testing.T) {
	f := newFixture(t, Options{})
	res := f.must(200, "POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []any{
		map[string]any{"id": "piet@fietsjansen.example", "idProperty": "email", "properties": map[string]any{"jobtitle": "Eigenaar"}},
		map[string]any{"id": "Nieuw@Example.com", "idProperty": "email", "properties": map[string]any{"firstname": "Nieuw"}},
	}})
	r := list(res, "results")
	if len(r) != 2 || obj(r[0])["new"] != false || str(obj(r[0])["id"]) != "202" || obj(r[1])["new"] != true {
		t.Fatalf("results %v", r)
	}
	if prop(r[1], "email") != "nieuw@example.com" {
		t.Errorf("created contact email %q", prop(r[1], "email"))
	}
	// Deals upsert by their unique external order number.
	deals := f.must(200, "POST", "/crm/v3/objects/deals/batch/upsert", map[string]any{"inputs": []any{
		map[string]any{"id": "WEB-1001", "idProperty": "external_order_number", "properties": map[string]any{"amount": "50"}},
		map[string]any{"id": "WEB-2000", "idProperty": "external_order_number", "properties": map[string]any{"dealname": "Order WEB-2000", "dealstage": "closedwon"}},
	}})
	if d := list(deals, "results"); str(obj(d[0])["id"]) != "401" || prop(d[1], "external_order_number") != "WEB-2000" {
		t.Errorf("deal upsert %v", d)
	}
	// Upserting needs a unique property.
	resp, body := f.do("POST", "/crm/v3/objects/products/batch/upsert", map[string]any{"inputs": []any{
		map[string]any{"id": "WIDGET-001", "idProperty": "hs_sku", "properties": map[string]any{"price": "1"}}}})
	if resp.StatusCode != 400 {
		t.Errorf("upsert by hs_sku: %d", resp.StatusCode)
	}
	checkError(t, body, "VALIDATION_ERROR")
}

func TestBatchLimitsAndArchive(t *testing.T) {
	f := newFixture(t, Options{})
	var inputs []any
	for i := 0; i < 101; i++ {
		inputs = append(inputs, map[string]any{"id": fmt.Sprint(i + 1)})
	}
	resp, body := f.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": inputs})
	if resp.StatusCode != 400 {
		t.Errorf("101 inputs: %d", resp.StatusCode)
	}
	checkError(t, body, "VALIDATION_ERROR")
	f.must(204, "POST", "/crm/v3/objects/contacts/batch/archive", map[string]any{"inputs": []any{
		map[string]any{"id": "203"}, map[string]any{"id": "204"}, map[string]any{"id": "555"}}})
	if l := f.must(200, "GET", "/crm/v3/objects/contacts", nil); strings.Join(ids(l), ",") != "201,202" {
		t.Errorf("after archive %v", ids(l))
	}
	resp, _ = f.do("POST", "/crm/v3/objects/contacts/batch/merge", map[string]any{"inputs": []any{}})
	if resp.StatusCode != 404 {
		t.Errorf("unknown batch operation: %d", resp.StatusCode)
	}
}
