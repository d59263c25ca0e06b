package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultKinds(t *testing.T) {
	tests := map[FaultKind]struct {
		status int
		msg    string
	}{
		FaultRateLimit:   {429, "Too many requests"},
		FaultServerError: {500, "Internal server error"},
		FaultUnavailable: {503, "Service unavailable"},
	}
	for kind, tc := range tests {
		t.Run(string(kind), func(t *testing.T) {
			f := newFixture(t, Options{})
			f.e.InjectFault(Fault{Kind: kind, PathPrefix: "/api/v1/{division}/crm/Accounts", Method: "GET", Count: 2})
			for i := 0; i < 2; i++ {
				resp, body := f.do("GET", "crm/Accounts", nil)
				if resp.StatusCode != tc.status || !strings.Contains(errMsg(body), tc.msg) {
					t.Fatalf("request %d: %d %v", i+1, resp.StatusCode, body)
				}
				if kind == FaultRateLimit && resp.Header.Get("X-RateLimit-Minutely-Remaining") != "0" {
					t.Errorf("injected 429 without minutely headers: %v", resp.Header)
				}
			}
			f.mustDo(200, "GET", "crm/Accounts", nil) // the burst is over
			if len(f.e.Faults()) != 0 {
				t.Errorf("spent fault still pending: %v", f.e.Faults())
			}
		})
	}
}

func TestFaultScope(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultServerError, PathPrefix: "/api/v1/{division}/salesorder/", Method: "post"})
	f.mustDo(200, "GET", "salesorder/SalesOrders", nil)                // other method
	f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "x"}) // other path
	if resp, _ := f.do("POST", "salesorder/SalesOrders", map[string]any{}); resp.StatusCode != 500 {
		t.Errorf("scoped fault: %d, want 500", resp.StatusCode)
	}
	// Raw paths with the real division match too.
	f.e.InjectFault(Fault{Kind: FaultUnavailable, PathPrefix: "/api/v1/123456/crm"})
	if resp, _ := f.do("GET", "crm/Contacts", nil); resp.StatusCode != 503 {
		t.Errorf("raw-path fault: %d, want 503", resp.StatusCode)
	}
}

func TestFaultLatencyAndTimeout(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultLatency, Latency: 80 * time.Millisecond, Count: 1})
	start := time.Now()
	f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("latency fault: answered after %v, want at least 80ms", d)
	}

	f.e.InjectFault(Fault{Kind: FaultTimeout, PathPrefix: "/api/v1/{division}/logistics/Items"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.url("logistics/Items"), nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Accept", "application/json")
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout fault: err %v, want the client's deadline", err)
	}
	f.mustDo(200, "GET", "logistics/Items", nil)
}

func TestFaultCreatedButError(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultCreatedButError, Method: "POST", PathPrefix: "/api/v1/{division}/crm/Accounts"})
	resp, body := f.do("POST", "crm/Accounts", map[string]any{"Name": "Ghost BV"})
	if resp.StatusCode != 500 || errMsg(body) == "" {
		t.Fatalf("created-500: %d %v", resp.StatusCode, body)
	}
	rows := results(t, f.mustDo(200, "GET", "crm/Accounts?$filter=Name eq 'Ghost BV'", nil))
	if len(rows) != 1 {
		t.Errorf("the POST behind the 500 was not applied: %d rows", len(rows))
	}
}

func TestFaultsOverHTTP(t *testing.T) {
	f := newFixture(t, Options{})
	post := func(body string) *http.Response {
		resp, err := http.Post(f.srv.URL+"/__emulator/faults", "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(`[{"kind":"503","path":"/api/v1/{division}/vat/","count":1},{"kind":"latency","latency_ms":1,"count":-1}]`); resp.StatusCode != 201 {
		t.Fatalf("POST faults: %d", resp.StatusCode)
	}
	if resp := post(`{"kind":"explode"}`); resp.StatusCode != 400 {
		t.Errorf("unknown kind: %d, want 400", resp.StatusCode)
	}
	if resp, _ := f.do("GET", "vat/VATCodes", nil); resp.StatusCode != 503 {
		t.Errorf("fault from HTTP: %d, want 503", resp.StatusCode)
	}
	resp, err := http.Get(f.srv.URL + "/__emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	var pending []Fault
	json.NewDecoder(resp.Body).Decode(&pending)
	resp.Body.Close()
	if len(pending) != 1 || pending[0].Kind != FaultLatency || pending[0].LatencyMS != 1 {
		t.Errorf("pending faults %+v", pending)
	}
	req, _ := http.NewRequest("DELETE", f.srv.URL+"/__emulator/faults", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 204 {
		t.Fatalf("DELETE faults: %v %v", resp, err)
	}
	if len(f.e.Faults()) != 0 {
		t.Error("faults left after DELETE")
	}
}
