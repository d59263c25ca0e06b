package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

func TestCallHookSeesEveryAttempt(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	var mu sync.Mutex
	var got []Call
	SetCallHook(func(c Call) { mu.Lock(); got = append(got, c); mu.Unlock() })
	defer SetCallHook(nil)
	c, err := New(Config{Connection: "shop", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), &Request{Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Status != 429 || got[1].Status != 200 || got[0].Connection != "shop" {
		t.Fatalf("calls seen = %+v, want a 429 then a 200 on connection shop", got)
	}
}
