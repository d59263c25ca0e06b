package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCounters(t *testing.T) {
	f := newFixture(t, Options{})
	f.do("GET", "/v2/customers", nil)
	f.do("GET", "/v2/Customers/"+customerBakery, nil)
	f.do("GET", "/v2/customers/"+customerCafe, nil)
	f.do("PUT", "/v2/customerinvoicedrafts/"+customerCafe, map[string]any{})
	f.do("GET", "/v2/customerinvoicedrafts/"+customerCafe, nil)
	f.do("GET", "/v2/nowhere", nil)
	got := f.e.Counts()
	want := map[string]int{
		"GET /v2/customers":                                      1,
		"GET /v2/customers/{customerId}":                         2,
		"PUT /v2/customerinvoicedrafts/{customerInvoiceDraftId}": 1,
		"GET /v2/customerinvoicedrafts/{customerInvoiceDraftId}": 1,
		"GET /v2/nowhere":                                        1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("Counts()[%q] = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("GET", "/__emulator/counts", nil))
	if !strings.Contains(w.Body.String(), `"GET /v2/customers/{customerId}":2`) {
		t.Errorf("admin counts: %s", w.Body)
	}
	f.e.ResetCounts()
	if len(f.e.Counts()) != 0 {
		t.Errorf("after reset: %v", f.e.Counts())
	}
}

func TestFaults(t *testing.T) {
	f := newFixture(t, Options{})
	f.e.InjectFault(Fault{Kind: FaultRateLimit, PathPrefix: "/v2/customers"})
	r := f.do("GET", "/v2/customers", nil).must(t, http.StatusTooManyRequests)
	if r.errorCode() != codeQuota || !strings.Contains(r.field("DeveloperErrorMessage"), "Try again in 60 seconds") {
		t.Errorf("injected 429: %s", r.raw)
	}
	f.do("GET", "/v2/customers", nil).must(t, http.StatusOK) // the fault was used up

	f.e.InjectFault(Fault{Kind: FaultServerError, PathPrefix: "/v2/orders/{id}", Method: "GET", Count: 2})
	f.do("GET", "/v2/orders", nil).must(t, http.StatusOK)
	for i := 0; i < 2; i++ {
		r = f.do("GET", "/v2/orders/"+customerCafe, nil).must(t, http.StatusInternalServerError)
		if r.errorCode() != codeServerFault {
			t.Errorf("injected 500: %s", r.raw)
		}
	}
	if len(f.e.Faults()) != 0 {
		t.Errorf("faults left: %v", f.e.Faults())
	}

	// Created-then-500: the customer exists although the client saw a failure.
	f.e.InjectFault(Fault{Kind: FaultCreatedButError, PathPrefix: "/v2/customers", Method: "POST"})
	f.do("POST", "/v2/customers", customerBody("Spookklant")).must(t, http.StatusInternalServerError)
	list := f.do("GET", "/v2/customers?$filter=Name eq 'Spookklant'", nil).must(t, http.StatusOK)
	if len(list.data()) != 1 {
		t.Errorf("created-500 left %d customers", len(list.data()))
	}

	f.e.InjectFault(Fault{Kind: FaultUnavailable})
	f.e.ClearFaults()
	f.do("GET", "/v2/units", nil).must(t, http.StatusOK)

	// A timeout holds the request until the client gives up.
	f.e.InjectFault(Fault{Kind: FaultTimeout, PathPrefix: "/v2/units"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req := httptest.NewRequest("GET", "/v2/units", nil).WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+f.token)
	done := make(chan struct{})
	go func() {
		f.e.ServeHTTP(httptest.NewRecorder(), req)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the timeout fault did not end with the client's context")
	}
}
