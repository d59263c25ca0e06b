package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestServerOverTCP(t *testing.T) {
	s, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(""); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %q", s.URL())
	}
	// Authorize without following the redirect, exchange the code with the
	// client's credentials in a Basic header, call the API.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"client_id": {DefaultClientID}, "redirect_uri": {"http://localhost/cb"}, "response_type": {"code"},
		"scope": {"ea:api ea:sales offline_access"}}
	resp, err := client.Get(s.URL() + "/connect/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {"http://localhost/cb"}}
	req, _ := http.NewRequest("POST", s.URL()+"/connect/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ = http.NewRequest("GET", s.URL()+"/v2/articles?$filter="+url.QueryEscape("Number eq 'SKU-1001'"), nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data []struct{ Number string }
	}
	json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(page.Data) != 1 || page.Data[0].Number != "SKU-1001" {
		t.Errorf("GET over TCP: %d %+v", resp.StatusCode, page)
	}
	if s.Counts()["POST /connect/token"] != 1 {
		t.Errorf("counts: %v", s.Counts())
	}
}
