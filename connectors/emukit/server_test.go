package emukit

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServer(t *testing.T) {
	var faults Faults
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			faults.Hang(r.Context())
			return
		}
		io.WriteString(w, "hello")
	})
	s := &Server{Handler: h, Release: faults.Release, Name: "test emulator"}
	if s.URL() != "" || s.Started() {
		t.Error("URL before Start should be empty")
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close before Start: %v", err)
	}
	if err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !s.Started() {
		t.Fatalf("URL %q", s.URL())
	}
	resp, err := http.Get(s.URL() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Errorf("body %q", body)
	}

	// A parked request does not hold up Close.
	done := make(chan struct{})
	go func() {
		if resp, err := http.Get(s.URL() + "/hang"); err == nil {
			resp.Body.Close()
		}
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(4 * time.Second):
		t.Fatal("Close hung on a parked request")
	}
	<-done
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"/", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Error("server still answers after Close")
	}
}

func TestServerStartError(t *testing.T) {
	s := &Server{Handler: http.NotFoundHandler()}
	if err := s.Start("256.0.0.1:0"); err == nil {
		s.Close()
		t.Error("Start on an impossible address succeeded")
	}
	if s.URL() != "" {
		t.Errorf("URL after a failed Start: %q", s.URL())
	}
}
