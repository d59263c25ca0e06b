package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

func TestFaults(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultServerError, PathPrefix: "/v1/articles/{id}", Method: "GET"})
	r := f.do("GET", "/v1/articles/1", nil)
	if r.status != 500 || r.body["title"] != "Internal Server Error" || r.body["status"] != jsonNum(500) {
		t.Errorf("injected 500: %d %s", r.status, r.raw)
	}
	f.must(200, "GET", "/v1/articles/1", nil) // the fault was used up

	f.e.InjectFault(Fault{Kind: FaultRateLimit, PathPrefix: "/v1/debtors"})
	r = f.do("GET", "/v1/debtors", nil)
	if r.status != 429 || r.header.Get("Retry-After") != "60" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("injected 429: %d %v", r.status, r.header)
	}

	// created-500: the order is stored and stock moves, but the client
	// sees a failure; a lookup by reference finds the order.
	f.e.InjectFault(Fault{Kind: FaultCreatedButError, PathPrefix: "/v1/SalesOrderWithLines", Method: "POST"})
	r = f.do("POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 1, "reference": "WEB-3003",
		"lines": []any{map[string]any{"articleId": articleRoos, "quantity": 1}}})
	if r.status != 500 {
		t.Fatalf("created-500: %d", r.status)
	}
	if got := items(t, f.must(200, "GET", "/v1/SalesOrderWithLines?reference=WEB-3003", nil)); len(got) != 1 {
		t.Errorf("order behind a created-500: %v", got)
	}
	if a := f.must(200, "GET", "/v1/articles/1", nil); a["currentStock"] != jsonNum(35) {
		t.Errorf("stock behind a created-500: %v", a["currentStock"])
	}
	if len(f.e.Faults()) != 0 {
		t.Errorf("faults left: %v", f.e.Faults())
	}
	f.e.InjectFault(Fault{Kind: FaultUnavailable, Count: -1})
	f.e.ClearFaults()
	f.must(200, "GET", "/v1/vatcodes", nil)
}

func TestCounts(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.ResetCounts()
	f.must(200, "GET", "/v1/articles", nil)
	f.must(200, "GET", "/v1/Articles/1", nil)
	f.must(200, "GET", "/v1/articles/2/", nil)
	f.must(200, "GET", "/v1/salesorderwithlines", nil)
	f.do("POST", "/connect/token", "grant_type=x", "Content-Type", "application/x-www-form-urlencoded")
	want := map[string]int{"GET /v1/articles": 1, "GET /v1/articles/{id}": 2, "GET /v1/SalesOrderWithLines": 1, "POST /connect/token": 1}
	got := f.e.Counts()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("count %q = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("counts %v", got)
	}
	// Over HTTP too, and the admin endpoints are not counted.
	resp, err := http.Get(f.srv.URL + "/__emulator/counts")
	if err != nil {
		t.Fatal(err)
	}
	var overHTTP map[string]int
	json.NewDecoder(resp.Body).Decode(&overHTTP)
	resp.Body.Close()
	if overHTTP["GET /v1/articles/{id}"] != 2 || len(overHTTP) != len(want) {
		t.Errorf("counts over HTTP: %v", overHTTP)
	}
	f.e.ResetCounts()
	if len(f.e.Counts()) != 0 {
		t.Error("ResetCounts left counts")
	}
}

func TestAdminEndpoints(t *testing.T) {
	f := newFixture(t, Options{})
	post := func(path, body string) (int, string) {
		resp, err := http.Post(f.srv.URL+path, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("/__emulator/faults", `{"kind":"503","path":"/v1/vatcodes"}`); code != 201 {
		t.Fatalf("post fault: %d %s", code, body)
	}
	if r := f.do("GET", "/v1/vatcodes", nil); r.status != 503 || r.body["title"] != "Service Unavailable" {
		t.Errorf("fault from the admin endpoint: %d %s", r.status, r.raw)
	}
	if code, body := post("/__emulator/stock", `{"administrationId":1002,"code":"slot-ring","currentStock":2.5}`); code != 204 {
		t.Fatalf("set stock: %d %s", code, body)
	}
	if a := f.must(200, "GET", "/v1/articles/8", nil, "X-Tenant-Id", "1002"); a["currentStock"] != json.Number("2.5") {
		t.Errorf("stock set over HTTP: %v", a["currentStock"])
	}
	if code, _ := post("/__emulator/stock", `{"code":"NOPE","currentStock":1}`); code != 400 {
		t.Errorf("stock of an unknown article: %d", code)
	}
	if code, body := post("/__emulator/seed", `{"administrations":[{"id":7,"name":"Leeg"}]}`); code != 204 {
		t.Fatalf("reseed: %d %s", code, body)
	}
	if got := items(t, f.must(200, "GET", "/v1/administrations", nil)); len(got) != 1 || got[0]["id"] != jsonNum(7) {
		t.Errorf("administrations after reseed: %v", got)
	}
	if code, _ := post("/__emulator/seed", `{"nonsense":[]}`); code != 400 {
		t.Errorf("bad seed: %d", code)
	}
}
