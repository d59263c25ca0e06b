package emulator

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestCounts(t *testing.T) {
	f := newFixture(t, Options{})
	f.mustDo(200, "GET", "crm/Accounts", nil)
	f.mustDo(200, "GET", "CRM/accounts?$top=1", nil) // case-insensitive paths count together
	f.mustDo(200, "GET", "crm/Accounts(guid'"+seedAccount1+"')", nil)
	f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "x"})
	f.mustDo(200, "GET", "sync/CRM/Accounts?$filter=Timestamp gt 0", nil)
	f.mustDo(200, "GET", "/api/v1/current/Me", nil)
	f.do("GET", "crm/Nope", nil)
	want := map[string]int{
		"GET /api/v1/{division}/crm/Accounts":      3,
		"POST /api/v1/{division}/crm/Accounts":     1,
		"GET /api/v1/{division}/sync/CRM/Accounts": 1,
		"GET /api/v1/current/Me":                   1,
		"GET /api/v1/{division}/crm/Nope":          1,
	}
	got := f.e.Counts()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Counts()[%q] = %d, want %d", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Counts() = %v, want exactly %v", got, want)
	}

	resp, err := http.Get(f.srv.URL + "/__emulator/counts")
	if err != nil {
		t.Fatal(err)
	}
	var overHTTP map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&overHTTP); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if overHTTP["GET /api/v1/{division}/crm/Accounts"] != 3 {
		t.Errorf("/__emulator/counts = %v", overHTTP)
	}
	req, _ := http.NewRequest("DELETE", f.srv.URL+"/__emulator/counts", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 204 {
		t.Fatalf("reset over HTTP: %v %v", resp, err)
	}
	if n := len(f.e.Counts()); n != 0 {
		t.Errorf("%d counters after reset", n)
	}
	f.mustDo(200, "GET", "crm/Accounts", nil)
	f.e.ResetCounts()
	if n := len(f.e.Counts()); n != 0 {
		t.Errorf("%d counters after ResetCounts", n)
	}
}
