package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestCounts(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.ResetCounts()
	f.must(200, "GET", "/crm/v3/objects/contacts/201", nil)
	f.must(200, "GET", "/crm/v3/objects/0-1/202", nil)
	f.must(200, "POST", "/crm/v3/objects/contacts/search", map[string]any{})
	f.must(200, "GET", "/crm/v4/objects/deals/401/associations/line_items", nil)
	f.must(200, "GET", "/crm/v3/properties/deals/amount", nil)
	tok, _ := f.e.IssueTokens(DefaultClientID)
	f.doToken("", "GET", "/oauth/v1/access-tokens/"+tok.AccessToken, nil)
	want := map[string]int{
		"GET /crm/v3/objects/contacts/{id}":                      2,
		"POST /crm/v3/objects/contacts/search":                   1,
		"GET /crm/v4/objects/deals/{id}/associations/line_items": 1,
		"GET /crm/v3/properties/deals/{propertyName}":            1,
		"GET /oauth/v1/access-tokens/{token}":                    1,
	}
	got := f.e.Counts()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("count %q = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	for k := range got {
		if strings.Contains(k, tok.AccessToken) {
			t.Errorf("a counter key reveals a token: %q", k)
		}
	}
	f.e.ResetCounts()
	if len(f.e.Counts()) != 0 {
		t.Errorf("after reset %v", f.e.Counts())
	}
}

func TestFaults(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultServerError, PathPrefix: "/crm/v3/objects/contacts/{id}", Method: "GET"})
	resp, body := f.do("GET", "/crm/v3/objects/contacts/201", nil)
	if resp.StatusCode != 500 {
		t.Fatalf("injected 500: %d", resp.StatusCode)
	}
	checkError(t, body, "INTERNAL_ERROR")
	f.must(200, "GET", "/crm/v3/objects/contacts/201", nil) // the fault was for one request

	f.e.InjectFault(Fault{Kind: FaultRateLimit, PathPrefix: "/crm/v3/objects/deals"})
	resp, body = f.do("GET", "/crm/v3/objects/deals", nil)
	if resp.StatusCode != 429 || obj(body)["policyName"] != "TEN_SECONDLY_ROLLING" || resp.Header.Get("X-HubSpot-RateLimit-Remaining") != "0" {
		t.Errorf("injected 429: %d %v %v", resp.StatusCode, body, resp.Header)
	}

	// created-then-500: the contact exists although the client saw a failure.
	f.e.InjectFault(Fault{Kind: FaultCreatedButError, PathPrefix: "/crm/v3/objects/contacts", Method: "POST"})
	resp, _ = f.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "ghost@example.com"}})
	if resp.StatusCode != 500 {
		t.Fatalf("created-500: %d", resp.StatusCode)
	}
	f.must(200, "GET", "/crm/v3/objects/contacts/ghost@example.com?idProperty=email", nil)
	resp, _ = f.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "ghost@example.com"}})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("retrying the create: %d, want the 409 that tells the client it exists", resp.StatusCode)
	}
	f.e.InjectFault(Fault{Kind: FaultUnavailable, Count: -1})
	if len(f.e.Faults()) != 1 {
		t.Errorf("pending faults %v", f.e.Faults())
	}
	f.e.ClearFaults()
	f.must(200, "GET", "/crm/v3/objects/deals", nil)
}

func TestAdminEndpoints(t *testing.T) {
	f := newFixture(t, Options{})
	resp, _ := http.Post(f.srv.URL+"/__emulator/faults", "application/json", strings.NewReader(`{"kind":"503","path":"/crm/v3/objects/products"}`))
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("post fault: %d", resp.StatusCode)
	}
	if r, _ := f.do("GET", "/crm/v3/objects/products", nil); r.StatusCode != 503 {
		t.Errorf("admin-injected fault: %d", r.StatusCode)
	}
	resp, _ = http.Post(f.srv.URL+"/__emulator/seed", "application/json", strings.NewReader(`{"contacts":[{"properties":{"email":"only@example.com"}}]}`))
	resp.Body.Close()
	if resp.StatusCode != 204 {
		t.Fatalf("reseed: %d", resp.StatusCode)
	}
	if l := f.must(200, "GET", "/crm/v3/objects/contacts", nil); len(list(l, "results")) != 1 {
		t.Errorf("after reseed %v", l)
	}
	resp, _ = http.Post(f.srv.URL+"/__emulator/seed", "application/json", strings.NewReader(`{"tickets":[]}`))
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad seed: %d", resp.StatusCode)
	}
}
