package emulator

import (
	"strings"
	"testing"
)

func TestTenantHeaders(t *testing.T) {
	f := newFixture(t, Options{})
	codes := func(headers ...string) []string {
		t.Helper()
		var out []string
		for _, a := range items(t, f.must(200, "GET", "/v1/articles", nil, headers...)) {
			out = append(out, a["code"].(string))
		}
		return out
	}
	def := codes()
	if len(def) == 0 || def[0] != "ROOS-ROOD-10" {
		t.Fatalf("default administration articles: %v", def)
	}
	for _, h := range []string{"X-Tenant-Id", "X-TenantId", "x-tenantid"} {
		got := codes(h, "1002")
		if len(got) != 3 || got[0] != "BAND-28-622" {
			t.Errorf("%s: 1002 articles %v", h, got)
		}
	}
	// Both spellings naming the same administration are fine.
	if got := codes("X-Tenant-Id", "1002", "X-TenantId", "1002"); len(got) != 3 {
		t.Errorf("both headers: %v", got)
	}
	// Records are per administration: an id of one is not found in the other.
	f.must(200, "GET", "/v1/articles/7", nil, "X-Tenant-Id", "1002")
	r := f.do("GET", "/v1/articles/7", nil)
	if r.status != 404 || r.body["status"] != jsonNum(404) || !strings.Contains(r.body["detail"].(string), "7") {
		t.Errorf("article of 1002 read in 1001: %d %s", r.status, r.raw)
	}
}

func TestTenantErrors(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("GET", "/v1/articles", nil, "X-Tenant-Id", "1001", "X-TenantId", "1002")
	if r.status != 400 || errorsOf(t, r.body)["X-Tenant-Id"] == nil {
		t.Errorf("conflicting headers: %d %s", r.status, r.raw)
	}
	r = f.do("GET", "/v1/articles", nil, "X-Tenant-Id", "abc")
	if r.status != 400 || errorsOf(t, r.body)["X-Tenant-Id"] == nil {
		t.Errorf("non-numeric tenant: %d %s", r.status, r.raw)
	}
	r = f.do("GET", "/v1/articles", nil, "X-TenantId", "999", "Accept-Language", "en-US")
	if r.status != 403 || r.body["title"] != "Forbidden" || r.body["detail"] != "You have no access to administration 999." {
		t.Errorf("unknown tenant: %d %s", r.status, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json; charset=utf-8" {
		t.Errorf("problem content type %q", ct)
	}

	strict := newFixture(t, Options{RequireTenant: true})
	r = strict.do("GET", "/v1/articles", nil, "Accept-Language", "en")
	if r.status != 400 || errorsOf(t, r.body)["X-Tenant-Id"][0] != "Choose an administration with the X-Tenant-Id header." {
		t.Errorf("missing tenant with RequireTenant: %d %s", r.status, r.raw)
	}
	strict.must(200, "GET", "/v1/articles", nil, "X-TenantId", "1001")
}

func TestAdministrations(t *testing.T) {
	f := newFixture(t, Options{})
	got := items(t, f.must(200, "GET", "/v1/administrations", nil))
	if len(got) != 2 || got[0]["id"] != jsonNum(1001) || got[0]["isDefault"] != true || got[1]["isDefault"] != false {
		t.Fatalf("administrations: %v", got)
	}
	one := f.must(200, "GET", "/v1/administrations/1002", nil)
	if one["name"] != "Fietsenmakerij Van Dam" {
		t.Errorf("administration 1002: %v", one)
	}
	f.must(404, "GET", "/v1/administrations/5", nil)
	// The list is not per tenant: a stale or unknown tenant header is ignored.
	if got := items(t, f.must(200, "GET", "/v1/administrations", nil, "X-Tenant-Id", "999")); len(got) != 2 {
		t.Errorf("administrations with an unknown tenant header: %v", got)
	}
	if r := f.do("POST", "/v1/administrations", map[string]any{"name": "x"}); r.status != 405 || r.header.Get("Allow") != "GET" {
		t.Errorf("POST administrations: %d %v", r.status, r.header)
	}
}
