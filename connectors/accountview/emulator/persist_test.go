package emulator

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accountview.json")
	clock := emukit.NewManualClock(testStart)
	e1, err := New(Options{StatePath: path, Now: clock.Now, MinuteLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, e: e1, clock: clock, company: demoCompany}
	f.srv = newTestServer(t, e1)
	tok, _ := e1.IssueTokens(DefaultClientID)
	f.token = tok.AccessToken
	f.post(order("WEB-9", "10001", []any{"LAMP-LED", 5, 30.25})).rows(t, "SO_HDR")
	f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Bewaard", "BEWAARD", "b@example.com", ""}})).rows(t, "CONTACT")
	if err := e1.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), `{"version":1,`) {
		t.Fatalf("state file: %v %.40s", err, data)
	}

	// A seed is ignored once a state file exists.
	e2, err := New(Options{StatePath: path, Now: clock.Now, MinuteLimit: -1, Seed: strings.NewReader(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e2.Close() })
	f.e, f.srv = e2, newTestServer(t, e2)
	h := f.get("SO1", "FilterControlSource1", "COMMENT1", "FilterOperator1", "Equal", "FilterValue1", "WEB-9").rows(t, "SO_HDR")
	if len(h) != 1 || num(h[0]["ORD_AMT"]) != "151.25" {
		t.Fatalf("order after restart: %v", h)
	}
	if q, _ := f.stock("LAMP-LED"); q != "5" {
		t.Fatalf("LAMP-LED after restart: %s, want 12 - 2 - 5", q)
	}
	// Numbers continue where they were; the refresh token still works.
	c := f.post(write("AR1", "CONTACT", debtorFields, [][]any{{"1", "1300", "Na herstart", "NA", "", ""}})).rows(t, "CONTACT")[0]
	if c["SUB_NR"] != "10006" || c["CNG_DATE"] != "2025-03-14T11:00:00" {
		t.Fatalf("new debtor after restart: %v %v", c["SUB_NR"], c["CNG_DATE"])
	}
	status, _ := f.tokenCall(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
	if status != 200 {
		t.Fatalf("refresh after restart: %d", status)
	}
	clock.Advance(time.Minute)
	if err := e2.SaveState(); err != nil {
		t.Fatal(err)
	}
}

func TestStateVersionMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"version":99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Fatalf("error %v", err)
	}
}
