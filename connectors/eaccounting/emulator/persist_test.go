package emulator

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eaccounting.json")
	f := newFixture(t, Options{StatePath: path})
	created := f.do("POST", "/v2/customers", customerBody("Blijvend")).must(t, http.StatusCreated)
	order := f.do("POST", "/v2/orders", orderBody(customerCafe, statusOngoing, articleMixer, 2)).must(t, http.StatusCreated)
	tok, err := f.e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.e.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), `{"version":1`) {
		t.Fatalf("state file: %v %.40s", err, data)
	}

	g := newFixture(t, Options{StatePath: path, Seed: strings.NewReader(`{"bogus": 1}`)}) // the seed is not read
	r := g.do("GET", "/v2/customers/"+created.field("Id"), nil).must(t, http.StatusOK)
	if r.field("Name") != "Blijvend" || r.field("ChangedUtc") != created.field("ChangedUtc") {
		t.Errorf("customer after restart: %s", r.raw)
	}
	if got := g.stockOf(articleMixer); got[1] != "3" {
		t.Errorf("mixer reserved after restart = %s, want 3", got[1])
	}
	next := g.do("POST", "/v2/orders", orderBody(customerCafe, statusDraft, articleRye, 1)).must(t, http.StatusCreated)
	if next.field("Number") != "4" || order.field("Number") != "3" {
		t.Errorf("order numbers %s then %s", order.field("Number"), next.field("Number"))
	}
	list := g.do("GET", "/v2/customers", nil).must(t, http.StatusOK)
	if text(list.data()[len(list.data())-1]["Name"]) != "Blijvend" {
		t.Error("the list order changed across a restart")
	}
	// The refresh token kept by a connector still works after the restart.
	status, body := g.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, formType)
	if status != http.StatusOK || body["access_token"] == nil {
		t.Errorf("refresh after restart: %d %v", status, body)
	}
	g.doAs(tok.AccessToken, "GET", "/v2/units", nil).must(t, http.StatusOK)
	// Close saves and stops the background saver, which could otherwise
	// write the file again after the bad version below.
	if err := g.e.Close(); err != nil {
		t.Fatal(err)
	}

	os.WriteFile(path, []byte(`{"version": 99}`), 0o644)
	if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("a state file of another version: %v", err)
	}
}
