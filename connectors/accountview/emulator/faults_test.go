package emulator

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInjectedFaults(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultServerError, PathPrefix: "/api/v3/accountviewdata", Method: "GET"})
	f.get("AR1").wantError(t, http.StatusInternalServerError, 0, "injected")
	if r := f.get("AR1"); r.status != http.StatusOK {
		t.Fatalf("a one-shot fault stayed: %d", r.status)
	}

	f.e.InjectFault(Fault{Kind: FaultRateLimit})
	r := f.get("AR1")
	r.wantError(t, http.StatusTooManyRequests, 0, "injected")
	if r.header.Get("Retry-After") == "" {
		t.Error("an injected 429 has no Retry-After")
	}

	// created-500: the debtor is stored, the answer is an error.
	f.e.InjectFault(Fault{Kind: FaultCreatedButError, Method: "POST"})
	f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Dubbel", "DUBBEL", "", ""}})).
		wantError(t, http.StatusInternalServerError, 0, "after the change was applied")
	if got := f.filter("AR1", "CONTACT", "SUB_NR", "ACCT_NAME", "Equal", "C", "Dubbel"); len(got) != 1 {
		t.Fatalf("the write behind the fault: %v", got)
	}

	f.e.InjectFault(Fault{Kind: FaultUnavailable, Count: -1})
	if len(f.e.Faults()) != 1 {
		t.Fatalf("pending faults %v", f.e.Faults())
	}
	f.get("AR1").wantError(t, http.StatusServiceUnavailable, 0, "injected")
	f.e.ClearFaults()
	if r := f.get("AR1"); r.status != http.StatusOK {
		t.Fatalf("after ClearFaults: %d", r.status)
	}
}

func TestFaultsByAdminEndpointAndTimeout(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do(http.MethodPost, "/__emulator/faults", nil, `{"kind":"timeout","path":"/api/v3/companies"}`, nil)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /__emulator/faults: %d %s", r.status, r.raw)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/API/v3/Companies", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	if _, err := http.DefaultClient.Do(req); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("a timeout fault answered: %v", err)
	}
}

func TestCounts(t *testing.T) {
	f := newFixture(t, Options{})
	f.get("AR1")
	f.get("ar1", "PageNumber", "2")
	f.do(http.MethodGet, "/API/V3/AccountViewData", map[string][]string{"BusinessObject": {"AK1"}}, nil, nil)
	f.post(write("AG1", "ART_GRP", []field{{"AG_CODE", "C"}, {"AG_DESC", "C"}}, [][]any{{"NIEUW", "Nieuwe groep"}}))
	f.do(http.MethodGet, "/api/v3/companies", nil, nil, nil)
	want := map[string]int{
		"GET /api/v3/accountviewdata":                     3,
		"GET /api/v3/accountviewdata?BusinessObject=AR1":  2,
		"GET /api/v3/accountviewdata?BusinessObject=AK1":  1,
		"POST /api/v3/accountviewdata":                    1,
		"POST /api/v3/accountviewdata?BusinessObject=AG1": 1,
		"GET /api/v3/companies":                           1,
	}
	got := f.e.Counts()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("Counts[%q] = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected keys: %v", got)
	}
	f.e.ResetCounts()
	if len(f.e.Counts()) != 0 {
		t.Fatal("ResetCounts kept counts")
	}
	r := f.do(http.MethodGet, "/__emulator/counts", nil, nil, nil)
	if r.status != http.StatusOK || len(r.body) != 0 {
		t.Fatalf("admin counts after reset: %d %s", r.status, r.raw)
	}
}
