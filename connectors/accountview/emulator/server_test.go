package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func newTestServer(t *testing.T, e *Emulator) *httptest.Server {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func TestServerStartAndClose(t *testing.T) {
	s, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	tok, err := s.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/v3/companies", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list []Company
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || len(list) != 2 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("companies over TCP: %v %v %q", err, list, resp.Header.Get("Content-Type"))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(s.URL() + "/api/v3/companies"); err == nil {
		t.Fatal("the server still answers after Close")
	}
}

func TestUnknownPath(t *testing.T) {
	f := newFixture(t, Options{})
	f.do(http.MethodGet, "/api/v2/accountviewdata", nil, nil, nil).wantError(t, http.StatusNotFound, 0, "No HTTP resource")
}
