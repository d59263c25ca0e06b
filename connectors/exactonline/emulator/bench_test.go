package emulator

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkPostSalesOrder measures a two-line order through the handler
// (no network), the write path a pipeline load exercises most.
func BenchmarkPostSalesOrder(b *testing.B) {
	e, err := New(Options{MinuteLimit: -1, DayLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	tok, _ := e.IssueTokens(DefaultClientID)
	body := fmt.Sprintf(`{"OrderedBy":%q,"SalesOrderLines":[{"Item":%q,"Quantity":1},{"Item":%q,"Quantity":2}]}`,
		seedAccount1, seedWidget, seedService)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/api/v1/123456/salesorder/SalesOrders", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != 201 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkSyncPage measures one 1000-row sync page.
func BenchmarkSyncPage(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"divisions":[1],"Accounts":[`)
	for i := 0; i < 2000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"Name":"Customer %d"}`, i)
	}
	sb.WriteString("]}")
	e, err := New(Options{Seed: strings.NewReader(sb.String()), MinuteLimit: -1, DayLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	tok, _ := e.IssueTokens(DefaultClientID)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/api/v1/1/sync/CRM/Accounts?$select=ID,Name,Timestamp&$filter=Timestamp%20gt%200", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
