package emulator

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Products upsert by the seed's unique external_sku: one answer tells the
// updated from the created, and a bad input fails alone (207).
func TestUpsertPartialFailure(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do("POST", "/crm/v3/objects/products/batch/upsert", map[string]any{"inputs": []any{
		map[string]any{"id": "WIDGET-001", "idProperty": "external_sku", "objectWriteTraceId": "0", "properties": map[string]any{"price": "13"}},
		map[string]any{"id": "NEW-1", "idProperty": "external_sku", "objectWriteTraceId": "1", "properties": map[string]any{"name": "New", "price": "cheap"}},
		map[string]any{"id": "NEW-2", "idProperty": "external_sku", "objectWriteTraceId": "2", "properties": map[string]any{"name": "New 2", "price": "2.5"}},
	}})
	if resp.StatusCode != 207 {
		t.Fatalf("status %d: %v", resp.StatusCode, body)
	}
	r := list(body, "results")
	if len(r) != 2 || str(obj(r[0])["id"]) != "301" || obj(r[0])["new"] != false || obj(r[1])["new"] != true ||
		prop(r[1], "external_sku") != "NEW-2" || str(obj(r[1])["objectWriteTraceId"]) != "2" {
		t.Fatalf("results %v", r)
	}
	errs := list(body, "errors")
	if len(errs) != 1 || fmt.Sprint(obj(body)["numErrors"]) != "1" {
		t.Fatalf("errors %v", errs)
	}
	ctx := obj(errs[0], "context")
	if fmt.Sprint(ctx["ids"]) != "[NEW-1]" || fmt.Sprint(ctx["objectWriteTraceId"]) != "[1]" {
		t.Errorf("the failed input is named %v", ctx)
	}
	if got := f.must(200, "GET", "/crm/v3/objects/products/301?properties=price", nil); prop(got, "price") != "13" {
		t.Errorf("WIDGET-001 price %q", prop(got, "price"))
	}
	if resp, _ := f.do("GET", "/crm/v3/objects/products/NEW-1?idProperty=external_sku", nil); resp.StatusCode != 404 {
		t.Errorf("the refused input was stored: %d", resp.StatusCode)
	}
}

// An upsert naming a property that is not unique is refused as a whole,
// in HubSpot's words, before any input is applied.
func TestUpsertNeedsUniqueProperty(t *testing.T) {
	f := newFixture(t, Options{})
	for prop, want := range map[string]string{
		"hs_sku":       "Unable to perform update/upsert by non-unique 0-7 property hs_sku in portal ID 146012345",
		"hs_object_id": "non-unique 0-7 property hs_object_id",
		"nope":         "does not exist",
		"":             "idProperty is required",
	} {
		resp, body := f.do("POST", "/crm/v3/objects/products/batch/upsert", map[string]any{"inputs": []any{
			map[string]any{"id": "FIRST-OK", "idProperty": "external_sku", "properties": map[string]any{"name": "First"}},
			map[string]any{"id": "WIDGET-001", "idProperty": prop, "properties": map[string]any{"price": "1"}},
		}})
		if resp.StatusCode != 400 || !strings.Contains(str(obj(body)["message"]), want) {
			t.Errorf("idProperty %q: %d %v", prop, resp.StatusCode, body)
		}
		checkError(t, body, "VALIDATION_ERROR")
	}
	if resp, _ := f.do("GET", "/crm/v3/objects/products/FIRST-OK?idProperty=external_sku", nil); resp.StatusCode != 404 {
		t.Errorf("a refused call stored its first input: %d", resp.StatusCode)
	}
	// Keys equal but for case are one object: the batch is refused.
	resp, _ := f.do("POST", "/crm/v3/objects/products/batch/upsert", map[string]any{"inputs": []any{
		map[string]any{"id": "abc", "idProperty": "external_sku", "properties": map[string]any{"name": "a"}},
		map[string]any{"id": "ABC", "idProperty": "external_sku", "properties": map[string]any{"name": "b"}},
	}})
	if resp.StatusCode != 400 {
		t.Errorf("duplicate keys in one batch: %d", resp.StatusCode)
	}
}

// Many clients upserting the same new keys at once make one object per
// key: uniqueness holds under concurrency.
func TestUpsertConcurrent(t *testing.T) {
	f := newFixture(t, Options{})
	var wg sync.WaitGroup
	created := make([]int, 8)
	for c := range created {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var inputs []any
			for k := 0; k < 20; k++ {
				inputs = append(inputs, map[string]any{"id": fmt.Sprintf("K-%d", k), "idProperty": "external_sku",
					"properties": map[string]any{"name": fmt.Sprintf("by client %d", c)}})
			}
			resp, body := f.do("POST", "/crm/v3/objects/products/batch/upsert", map[string]any{"inputs": inputs})
			if resp.StatusCode != 200 {
				t.Errorf("client %d: %d %v", c, resp.StatusCode, body)
				return
			}
			for _, r := range list(body, "results") {
				if obj(r)["new"] == true {
					created[c]++
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range created {
		total += n
	}
	res := f.must(200, "POST", "/crm/v3/objects/products/search", map[string]any{"limit": 100,
		"filterGroups": []any{map[string]any{"filters": []any{map[string]any{"propertyName": "external_sku", "operator": "HAS_PROPERTY"}}}}})
	if total != 20 || fmt.Sprint(obj(res)["total"]) != "24" {
		t.Errorf("%d reported new, %v products with a key (want 20 new, 24 with the seed's four)", total, obj(res)["total"])
	}
}
