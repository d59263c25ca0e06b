package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestCompaniesList(t *testing.T) {
	f := newFixture(t, Options{})
	f.company = "" // /companies needs no X-Company
	r := f.do(http.MethodGet, "/api/v3/Companies", nil, nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	var list []Company
	if err := json.Unmarshal(r.raw, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != demoCompany || list[0].Code != "DEMO" || list[1].Code != "TWEEDE" {
		t.Fatalf("companies %+v", list)
	}
}

func TestXCompanyHeader(t *testing.T) {
	f := newFixture(t, Options{})

	f.company = ""
	f.get("AR1").wantError(t, http.StatusBadRequest, 0, "X-Company")

	f.company = "00000000-0000-0000-0000-000000000000"
	f.get("AR1").wantError(t, http.StatusForbidden, 0, "does not exist")

	// Ids match without regard to case, and each company has its own data.
	f.company = strings.ToUpper(tweedeCompany)
	rows := f.get("AR1").rows(t, "CONTACT")
	if len(rows) != 1 || rows[0]["SUB_NR"] != "20001" {
		t.Fatalf("TWEEDE debtors: %v", rows)
	}
	f.company = demoCompany
	if rows := f.get("AR1").rows(t, "CONTACT"); len(rows) != 4 {
		t.Fatalf("DEMO has %d debtors, want 4", len(rows))
	}
}
