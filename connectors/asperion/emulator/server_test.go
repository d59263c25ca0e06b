package emulator

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestServer(t *testing.T) {
	s, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() != "" {
		t.Error("URL before Start should be empty")
	}
	if err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	// The whole dance over real TCP: consent, code exchange, API call.
	code := authorize(t, s.URL(), "http://localhost/cb")
	tok := postToken(t, s.URL(), url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"http://localhost/cb"}}, false)
	if tok.status != 200 {
		t.Fatalf("token: %d %v", tok.status, tok.body)
	}
	req, _ := http.NewRequest("GET", s.URL()+"/v1/administrations", nil)
	req.Header.Set("Authorization", "Bearer "+tok.body["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("administrations: %v %v", resp, err)
	}
	resp.Body.Close()

	// A request parked by a timeout fault is released by Close.
	s.InjectFault(Fault{Kind: FaultTimeout})
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL() + "/v1/articles")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatal("Close hung on a parked request")
	}
	<-done
	if resp, err := http.Get(s.URL() + "/v1/articles"); err == nil {
		resp.Body.Close()
		t.Error("server still answers after Close")
	}
}
