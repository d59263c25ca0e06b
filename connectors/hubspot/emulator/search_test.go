package emulator

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func search(f *fixture, typ string, body map[string]any) map[string]any {
	f.t.Helper()
	return f.must(200, "POST", "/crm/v3/objects/"+typ+"/search", body)
}

func group(filters ...map[string]any) map[string]any { return map[string]any{"filters": filters} }

func flt(prop, op string, v any) map[string]any {
	m := map[string]any{"propertyName": prop, "operator": op}
	switch x := v.(type) {
	case nil:
	case []any:
		m["values"] = x
	default:
		m["value"] = x
	}
	return m
}

func TestSearchOperators(t *testing.T) {
	f := newFixture(t, Options{})
	cases := map[string]struct {
		typ    string
		groups []any
		want   string
	}{
		"EQ ignores case":           {"contacts", []any{group(flt("email", "EQ", "ANNA@bakkerijdevries.example"))}, "201"},
		"NEQ includes empty":        {"contacts", []any{group(flt("city", "NEQ", "Antwerpen"))}, "201,202,204"},
		"numeric GT":                {"products", []any{group(flt("price", "GT", "19.99"))}, "302,304"},
		"numeric LTE":               {"products", []any{group(flt("price", "LTE", 19.99))}, "301,303"},
		"BETWEEN":                   {"products", []any{group(map[string]any{"propertyName": "price", "operator": "BETWEEN", "value": "12.5", "highValue": "24.95"})}, "301,302,303"},
		"IN":                        {"products", []any{group(flt("hs_sku", "IN", []any{"widget-001", "BOOK-003"}))}, "301,303"},
		"NOT_IN":                    {"products", []any{group(flt("hs_sku", "NOT_IN", []any{"WIDGET-001", "BOOK-003"}))}, "302,304"},
		"HAS_PROPERTY":              {"contacts", []any{group(flt("phone", "HAS_PROPERTY", nil))}, "201"},
		"NOT_HAS_PROPERTY":          {"deals", []any{group(flt("closedate", "NOT_HAS_PROPERTY", nil))}, "402"},
		"CONTAINS_TOKEN word":       {"companies", []any{group(flt("name", "CONTAINS_TOKEN", "jansen"))}, "102"},
		"CONTAINS_TOKEN wildcard":   {"contacts", []any{group(flt("email", "CONTAINS_TOKEN", "*@peeters.example"))}, "203"},
		"NOT_CONTAINS_TOKEN":        {"companies", []any{group(flt("name", "NOT_CONTAINS_TOKEN", "bakkerij"))}, "102,103"},
		"AND within a group":        {"contacts", []any{group(flt("lifecyclestage", "EQ", "customer"), flt("firstname", "EQ", "Piet"))}, "202"},
		"OR across groups":          {"contacts", []any{group(flt("firstname", "EQ", "Piet")), group(flt("lastname", "EQ", "Bakker"))}, "202,204"},
		"datetime GTE in epoch ms":  {"contacts", []any{group(flt("lastmodifieddate", "GTE", strconv.FormatInt(time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 10)))}, "201,204"},
		"datetime LT in ISO":        {"companies", []any{group(flt("createdate", "LT", "2025-01-07T10:15:00Z"))}, "101"},
		"number on hs_object_id":    {"deals", []any{group(flt("hs_object_id", "EQ", "402"))}, "402"},
		"enumeration EQ":            {"deals", []any{group(flt("dealstage", "EQ", "closedwon"))}, "401"},
		"custom unique property EQ": {"deals", []any{group(flt("external_order_number", "EQ", "WEB-1002"))}, "402"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := search(f, c.typ, map[string]any{"filterGroups": c.groups})
			if got := strings.Join(ids(res), ","); got != c.want {
				t.Errorf("ids %s, want %s", got, c.want)
			}
			if total, _ := strconv.Atoi(str(res["total"])); total != len(ids(res)) {
				t.Errorf("total %v for %d results", res["total"], len(ids(res)))
			}
		})
	}
}

// An incremental read: everything modified since a moment, oldest first.
func TestSearchIncremental(t *testing.T) {
	f := newFixture(t, Options{})
	since := f.clock.Now()
	f.clock.Advance(time.Minute)
	f.must(200, "PATCH", "/crm/v3/objects/contacts/203", map[string]any{"properties": map[string]any{"jobtitle": "Owner"}})
	f.clock.Advance(time.Minute)
	f.must(201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "new@example.com"}})
	res := search(f, "contacts", map[string]any{
		"filterGroups": []any{group(flt("lastmodifieddate", "GTE", strconv.FormatInt(since.UnixMilli(), 10)))},
		"sorts":        []any{map[string]any{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}},
		"properties":   []any{"email", "jobtitle"},
	})
	r := list(res, "results")
	if len(r) != 2 || prop(r[0], "jobtitle") != "Owner" || prop(r[1], "email") != "new@example.com" {
		t.Fatalf("changed since: %v", r)
	}
	if prop(r[0], "lastmodifieddate") != "2025-03-14T10:01:00.000Z" {
		t.Errorf("lastmodifieddate %q is not returned with the selection", prop(r[0], "lastmodifieddate"))
	}
}

func TestSearchSortsAndQuery(t *testing.T) {
	f := newFixture(t, Options{})
	desc := search(f, "products", map[string]any{"sorts": []any{map[string]any{"propertyName": "price", "direction": "DESCENDING"}}})
	if got := strings.Join(ids(desc), ","); got != "304,302,303,301" {
		t.Errorf("price descending %s", got)
	}
	str := search(f, "products", map[string]any{"sorts": []any{"-name"}})
	if got := strings.Join(ids(str), ","); got != "301,302,303,304" {
		t.Errorf("name descending (string form) %s", got)
	}
	q := search(f, "contacts", map[string]any{"query": "jans"})
	if got := strings.Join(ids(q), ","); got != "202" {
		t.Errorf("query jans %s", got)
	}
	resp, _ := f.do("POST", "/crm/v3/objects/products/search", map[string]any{"sorts": []any{"name", "price"}})
	if resp.StatusCode != 400 {
		t.Errorf("two sorts: %d", resp.StatusCode)
	}
}

func TestSearchLimits(t *testing.T) {
	f := newFixture(t, Options{})
	six := []any{}
	for i := 0; i < 6; i++ {
		six = append(six, group(flt("email", "HAS_PROPERTY", nil)))
	}
	eleven := []map[string]any{}
	for i := 0; i < 11; i++ {
		eleven = append(eleven, flt("email", "HAS_PROPERTY", nil))
	}
	cases := map[string]map[string]any{
		"limit 201":        {"limit": 201},
		"six groups":       {"filterGroups": six},
		"eleven filters":   {"filterGroups": []any{group(eleven...)}},
		"unknown property": {"filterGroups": []any{group(flt("shoe_size", "EQ", "42"))}},
		"unknown operator": {"filterGroups": []any{group(flt("email", "LIKE", "a"))}},
		"EQ without value": {"filterGroups": []any{group(flt("email", "EQ", nil))}},
		"bad number":       {"filterGroups": []any{group(flt("hs_object_id", "GT", "many"))}},
		"after 10000":      {"after": "10000"},
	}
	for name, body := range cases {
		resp, out := f.do("POST", "/crm/v3/objects/contacts/search", body)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d", name, resp.StatusCode)
			continue
		}
		checkError(t, out, "VALIDATION_ERROR")
	}
	// Search answers carry no rate-limit headers.
	resp, _ := f.do("POST", "/crm/v3/objects/contacts/search", map[string]any{})
	if resp.Header.Get("X-HubSpot-RateLimit-Remaining") != "" {
		t.Error("search answered with rate-limit headers")
	}
}

// Paging a search ends at 10,000 results: the cursor at 10,000 is handed
// out and then refused.
func TestSearchResultCap(t *testing.T) {
	f := newFixture(t, Options{Seed: stringsReader(manyContacts(10050))})
	page := search(f, "contacts", map[string]any{"limit": 200, "after": 9900, "properties": []any{"email"}})
	if str(page["total"]) != "10050" || len(list(page, "results")) != 100 {
		t.Fatalf("total %v, %d results", page["total"], len(list(page, "results")))
	}
	next := obj(page, "paging", "next")
	if str(next["after"]) != "10000" {
		t.Fatalf("next cursor %v, want 10000", next)
	}
	resp, body := f.do("POST", "/crm/v3/objects/contacts/search", map[string]any{"limit": 200, "after": str(next["after"])})
	if resp.StatusCode != 400 {
		t.Fatalf("paging past 10,000: %d", resp.StatusCode)
	}
	checkError(t, body, "VALIDATION_ERROR")
}
