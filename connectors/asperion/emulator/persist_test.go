package emulator

import (
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

func TestStateFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "asperion-state.json")
	clock := emukit.NewManualClock(testStart)
	e1, err := New(Options{StatePath: path, Now: clock.Now, MinuteLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv1 := httptest.NewServer(e1)
	tok, _ := e1.IssueTokens(DefaultClientID)
	f := &fixture{t: t, e: e1, srv: srv1, clock: clock, token: tok.AccessToken, header: map[string][]string{}}
	deb := f.must(201, "POST", "/v1/debtors", newDebtor("Blijvend B.V.", "blijf@example.com"))
	f.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": deb["id"], "reference": "KEEP-1",
		"lines": []any{map[string]any{"articleId": articleRoos, "quantity": 6}}})
	f.must(201, "POST", "/v1/articles", map[string]any{"code": "NIEUW", "description": "Nieuw", "salesTypeId": 4}, "X-Tenant-Id", "1002")
	srv1.Close()
	if err := e1.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no state file after Close: %v", err)
	}
	if left, _ := filepath.Glob(path + ".tmp*"); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A different seed is ignored: the state file wins.
	clock.Advance(time.Minute)
	e2, err := New(Options{StatePath: path, Now: clock.Now, MinuteLimit: -1, Seed: strings.NewReader(`{"administrations":[{"id":1}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(e2)
	t.Cleanup(func() { srv2.Close(); e2.Close() })
	g := &fixture{t: t, e: e2, srv: srv2, clock: clock, header: map[string][]string{}}
	// The refresh token issued before the restart still works.
	ref := postToken(t, srv2.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, false)
	if ref.status != 200 {
		t.Fatalf("refresh after restart: %d %v", ref.status, ref.body)
	}
	g.token = ref.body["access_token"].(string)
	if got := g.must(200, "GET", "/v1/debtors/"+str(deb["id"]), nil); got["name"] != "Blijvend B.V." || got["number"] != jsonNum(10004) {
		t.Errorf("debtor after restart: %v", got)
	}
	if a := g.must(200, "GET", "/v1/articles/1", nil); a["currentStock"] != jsonNum(30) {
		t.Errorf("stock after restart: %v", a["currentStock"])
	}
	if got := items(t, g.must(200, "GET", "/v1/administrations", nil)); len(got) != 2 || got[0]["isDefault"] != true {
		t.Errorf("administrations after restart: %v", got)
	}
	// Sequences continue: ids globally, numbers per administration.
	d2 := g.must(201, "POST", "/v1/debtors", newDebtor("Na herstart", "n@example.com"))
	if d2["id"] != jsonNum(int(mustInt(t, deb["id"]))+1) || d2["number"] != jsonNum(10005) {
		t.Errorf("debtor after restart: id %v number %v", d2["id"], d2["number"])
	}
	o := g.must(201, "POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 1, "lines": []any{map[string]any{"articleId": articleAdv, "quantity": 1}}})
	if o["number"] != jsonNum(3) {
		t.Errorf("order number after restart: %v", o["number"])
	}
	if got := items(t, g.must(200, "GET", "/v1/articles?code=NIEUW", nil, "X-Tenant-Id", "1002")); len(got) != 1 || got[0]["id"] != jsonNum(10) {
		t.Errorf("article of 1002 after restart: %v", got)
	}
	// Uniqueness holds against restored records.
	if r := g.do("POST", "/v1/articles", map[string]any{"code": "nieuw", "description": "x", "salesTypeId": 4}, "X-Tenant-Id", "1002"); r.status != 400 {
		t.Errorf("duplicate code after restart: %d", r.status)
	}
}

func TestStateSavedInBackground(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	e, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.SetStock(0, "ROOS-ROOD-10", "7"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), `"currentStock":7`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("state file never showed the change:\n%s", data)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := os.WriteFile(path, []byte(`{"version":99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("state of another version: %v", err)
	}
}

func mustInt(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := intOf(v)
	if !ok {
		t.Fatalf("%v is not an integer", v)
	}
	return n
}
