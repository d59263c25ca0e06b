package emulator

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestTenSecondWindowPrivateApp(t *testing.T) {
	f := newFixture(t, Options{TenSecondLimit: 100, DailyLimit: 250000})
	var last *http.Response
	for i := 1; i <= 100; i++ {
		resp, _ := f.do("GET", "/crm/v3/objects/contacts?limit=1", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("call %d: %d", i, resp.StatusCode)
		}
		if got := resp.Header.Get("X-HubSpot-RateLimit-Remaining"); got != strconv.Itoa(100-i) {
			t.Fatalf("call %d: remaining %q", i, got)
		}
		last = resp
		if i%10 == 0 {
			f.clock.Advance(time.Second) // ten calls a second
		}
	}
	h := last.Header
	want := map[string]string{"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
		"X-HubSpot-RateLimit-Daily": "250000", "X-HubSpot-RateLimit-Daily-Remaining": "249900",
		"X-HubSpot-RateLimit-Secondly": "10", "X-HubSpot-RateLimit-Secondly-Remaining": "0"}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	// Ten seconds after the first second its ten calls leave the window:
	// ten slots free up, not a whole window.
	for i := 0; i < 10; i++ {
		if resp, body := f.do("GET", "/crm/v3/objects/contacts?limit=1", nil); resp.StatusCode != 200 {
			t.Fatalf("call %d after the oldest left the window: %d %v", i+1, resp.StatusCode, body)
		}
	}
	resp, body := f.do("GET", "/crm/v3/objects/contacts?limit=1", nil)
	if resp.StatusCode != 429 {
		t.Fatalf("over the limit: %d", resp.StatusCode)
	}
	m := checkError(t, body, "RATE_LIMITS")
	if m["policyName"] != "TEN_SECONDLY_ROLLING" || m["errorType"] != "RATE_LIMIT" || m["message"] != "You have reached your ten_secondly_rolling limit." {
		t.Errorf("429 body %v", m)
	}
	if resp.Header.Get("X-HubSpot-RateLimit-Remaining") != "0" {
		t.Errorf("429 remaining %q", resp.Header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	// A refused call does not count against the day: 110 calls did.
	f.clock.Advance(10 * time.Second)
	resp, _ = f.do("GET", "/crm/v3/objects/contacts?limit=1", nil)
	if resp.StatusCode != 200 || resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "249889" {
		t.Errorf("after the window: %d, daily remaining %q", resp.StatusCode, resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining"))
	}
}

func TestOAuthWindowHasNoDailyHeaders(t *testing.T) {
	if l := newRateLimits(Options{}); l.tenOAuth != 110 || l.tenPrivate != 100 || l.day != 250000 {
		t.Fatalf("default limits %d/%d/%d, want HubSpot's 110, 100 and 250,000", l.tenOAuth, l.tenPrivate, l.day)
	}
	// OAuth calls do not count against the (tiny) daily limit.
	f := newFixture(t, Options{OAuthTenSecondLimit: 110, DailyLimit: 2})
	tok, err := f.e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 110; i++ {
		resp, _ := f.doToken(tok.AccessToken, "GET", "/crm/v3/objects/companies?limit=1", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("call %d: %d", i, resp.StatusCode)
		}
		if i == 1 && (resp.Header.Get("X-HubSpot-RateLimit-Max") != "110" || resp.Header.Get("X-HubSpot-RateLimit-Daily") != "") {
			t.Errorf("OAuth headers %v", resp.Header)
		}
	}
	if resp, _ := f.doToken(tok.AccessToken, "GET", "/crm/v3/objects/companies?limit=1", nil); resp.StatusCode != 429 {
		t.Errorf("call 111: %d", resp.StatusCode)
	}
	// The private apps have a window of their own.
	if resp, _ := f.do("GET", "/crm/v3/objects/companies?limit=1", nil); resp.StatusCode != 200 {
		t.Errorf("private app while the OAuth app is limited: %d", resp.StatusCode)
	}
}

func TestDailyLimitResetsAtLocalMidnight(t *testing.T) {
	f := newFixture(t, Options{DailyLimit: 3})
	// 22:30 UTC on 14 March is 23:30 in Amsterdam.
	f.clock.Set(time.Date(2025, 3, 14, 22, 30, 0, 0, time.UTC))
	for i := 0; i < 3; i++ {
		f.must(200, "GET", "/crm/v3/objects/deals", nil)
	}
	resp, body := f.do("GET", "/crm/v3/objects/deals", nil)
	if resp.StatusCode != 429 || obj(body)["policyName"] != "DAILY" || resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "0" {
		t.Fatalf("daily limit: %d %v", resp.StatusCode, body)
	}
	f.clock.Advance(20 * time.Minute) // 23:50 local: still the same day
	if resp, _ := f.do("GET", "/crm/v3/objects/deals", nil); resp.StatusCode != 429 {
		t.Errorf("before local midnight: %d", resp.StatusCode)
	}
	f.clock.Advance(15 * time.Minute) // 00:05 local, still 14 March in UTC
	if resp, _ := f.do("GET", "/crm/v3/objects/deals", nil); resp.StatusCode != 200 || resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "2" {
		t.Errorf("after local midnight: %d remaining %q", resp.StatusCode, resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining"))
	}
}

func TestSearchLimitIsSeparate(t *testing.T) {
	f := newFixture(t, Options{TenSecondLimit: 5, SearchLimit: 4})
	for i := 0; i < 4; i++ {
		f.must(200, "POST", "/crm/v3/objects/contacts/search", map[string]any{})
	}
	resp, body := f.do("POST", "/crm/v3/objects/contacts/search", map[string]any{})
	if resp.StatusCode != 429 || obj(body)["policyName"] != "SECONDLY" {
		t.Fatalf("fifth search in a second: %d %v", resp.StatusCode, body)
	}
	// Searches did not use the ten-second window.
	resp, _ = f.do("GET", "/crm/v3/objects/contacts", nil)
	if resp.StatusCode != 200 || resp.Header.Get("X-HubSpot-RateLimit-Remaining") != "4" {
		t.Errorf("list after searches: %d remaining %q", resp.StatusCode, resp.Header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	f.clock.Advance(time.Second)
	f.must(200, "POST", "/crm/v3/objects/contacts/search", map[string]any{})
}

// With a scaled clock the ten-second window passes in a tenth of a second
// of real time.
func TestScaledClock(t *testing.T) {
	f := newFixture(t, Options{TimeScale: 100, TenSecondLimit: 2})
	start := time.Now()
	for i := 0; i < 2; i++ {
		f.must(200, "GET", "/crm/v3/objects/contacts", nil)
	}
	if resp, _ := f.do("GET", "/crm/v3/objects/contacts", nil); resp.StatusCode != 429 {
		if time.Since(start) < 90*time.Millisecond { // only meaningful if the window could not have passed
			t.Fatalf("third call: %d", resp.StatusCode)
		}
	}
	time.Sleep(110 * time.Millisecond)
	f.must(200, "GET", "/crm/v3/objects/contacts", nil)
}
