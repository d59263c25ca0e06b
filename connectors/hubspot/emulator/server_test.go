package emulator

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func testClock() func() time.Time { return func() time.Time { return testStart } }

func newTestServer(t *testing.T, e *Emulator) *httptest.Server {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func TestServer(t *testing.T) {
	s, err := NewServer(Options{Now: testClock(), StatePath: t.TempDir() + "/state.json"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", s.URL()+"/crm/v3/objects/contacts", nil)
	req.Header.Set("Authorization", "Bearer "+DefaultPrivateAppToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(s.URL() + "/crm/v3/objects/contacts"); err == nil {
		t.Error("server still answers after Close")
	}
}
