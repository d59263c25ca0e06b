package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStateFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exact-state.json")
	clock := newFakeClock()
	e1, err := New(Options{StatePath: path, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, e: e1, clock: clock, div: testDivision}
	f.srv = newServer(t, e1)
	tok, _ := e1.IssueTokens(DefaultClientID)
	f.token = tok.AccessToken
	acc := single(t, f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Persistent BV"}))
	f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": acc["ID"],
		"SalesOrderLines": []any{map[string]any{"Item": seedWidget, "Quantity": 5}}})
	f.mustDo(204, "DELETE", "crm/Contacts(guid'0f000000-0000-4000-8000-000000000001')", nil)
	sync1 := results(t, f.mustDo(200, "GET", "sync/CRM/Accounts?$select=ID,Timestamp&$filter=Timestamp gt 0", nil))
	cursor := maxTimestamp(t, sync1)
	f.srv.Close()
	if err := e1.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no state file after Close: %v", err)
	}
	leftovers, _ := filepath.Glob(path + ".tmp*")
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	e2, err := New(Options{StatePath: path, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	g := &fixture{t: t, e: e2, clock: clock, div: testDivision, srv: newServer(t, e2)}
	t.Cleanup(func() { e2.Close() })
	// The refresh token issued before the restart still works.
	g.token = ""
	tok2 := postToken(t, g, refreshForm(tok.RefreshToken))
	if tok2.status != 200 {
		t.Fatalf("refresh after restart: %d %v", tok2.status, tok2.body)
	}
	g.token = tok2.body["access_token"].(string)
	got := single(t, g.mustDo(200, "GET", "crm/Accounts(guid'"+acc["ID"].(string)+"')", nil))
	if got["Name"] != "Persistent BV" || got["Code"] != "                 4" {
		t.Errorf("account after restart: %v %v", got["Name"], got["Code"])
	}
	if got := num(stockPosition(t, g, seedWidget)["ReservedStock"]); got != "5" {
		t.Errorf("reservation after restart: %s", got)
	}
	o := single(t, g.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": acc["ID"],
		"SalesOrderLines": []any{map[string]any{"Item": seedService}}}))
	if num(o["OrderNumber"]) != "2" {
		t.Errorf("order number after restart: %v, want 2", o["OrderNumber"])
	}
	// Row versions keep growing across the restart, and tombstones survive.
	g.mustDo(204, "PUT", "crm/Accounts(guid'"+acc["ID"].(string)+"')", map[string]any{"City": "Gouda"})
	delta := results(t, g.mustDo(200, "GET", fmt.Sprintf("sync/CRM/Accounts?$select=ID,Timestamp&$filter=Timestamp gt %d", cursor), nil))
	if len(delta) != 1 || delta[0]["ID"] != acc["ID"] {
		t.Errorf("sync after restart: %v", delta)
	}
	if dels := results(t, g.mustDo(200, "GET", "sync/Deleted?$filter=Timestamp gt 0", nil)); len(dels) != 1 {
		t.Errorf("tombstones after restart: %v", dels)
	}
	// Duplicate checks use the rebuilt indexes.
	if resp, body := g.do("POST", "logistics/Items", map[string]any{"Code": "WIDGET-001", "Description": "again"}); resp.StatusCode != 400 {
		t.Errorf("duplicate item after restart: %d %v", resp.StatusCode, body)
	}
}

func TestStateSavedOnChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	f := newFixture(t, Options{StatePath: path})
	f.mustDo(201, "POST", "crm/Accounts", map[string]any{"Name": "Saved Soon"})
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, err := os.ReadFile(path)
		if err == nil && containsBytes(data, "Saved Soon") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the state file did not pick up the change before Close")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStateFileErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(path, []byte(`{"version": 99}`), 0o600)
	if _, err := New(Options{StatePath: path}); err == nil {
		t.Error("a state file of another version was accepted")
	}
	os.WriteFile(path, []byte(`not json`), 0o600)
	if _, err := New(Options{StatePath: path}); err == nil {
		t.Error("a corrupt state file was accepted")
	}
}
