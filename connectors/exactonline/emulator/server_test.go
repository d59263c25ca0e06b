package emulator

import (
	"context"
	"errors"
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
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {"http://localhost/cb"}, "response_type": {"code"}}
	resp, err := noRedirect.Get(s.URL() + "/api/oauth2/auth?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	form := codeForm(loc.Query().Get("code"), "http://localhost/cb")
	resp, err = http.PostForm(s.URL()+"/api/oauth2/token", form)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("token: %v %v", resp, err)
	}
	resp.Body.Close()

	// A request parked by a timeout fault is released by Close.
	s.InjectFault(Fault{Kind: FaultTimeout})
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL() + "/api/v1/current/Me")
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
	if _, err := http.Get(s.URL() + "/api/v1/current/Me"); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("server still answers after Close: %v", err)
	}
}
