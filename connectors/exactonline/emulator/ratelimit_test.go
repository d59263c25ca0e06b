package emulator

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestMinutelyLimit(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: 60, DayLimit: 5000})
	start := f.clock.Now()
	var last *http.Response
	for i := 1; i <= 60; i++ {
		resp, _ := f.do("GET", "crm/Accounts?$top=1", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("call %d: status %d", i, resp.StatusCode)
		}
		if got := resp.Header.Get("X-RateLimit-Minutely-Remaining"); got != strconv.Itoa(60-i) {
			t.Fatalf("call %d: minutely remaining %q, want %d", i, got, 60-i)
		}
		last = resp
	}
	h := last.Header
	if h.Get("X-RateLimit-Limit") != "5000" || h.Get("X-RateLimit-Remaining") != "4940" || h.Get("X-RateLimit-Minutely-Limit") != "60" {
		t.Errorf("headers after 60 calls: %v", h)
	}
	wantMinReset := strconv.FormatInt(start.Add(time.Minute).UnixMilli(), 10)
	if h.Get("X-RateLimit-Minutely-Reset") != wantMinReset {
		t.Errorf("minutely reset %s, want %s (epoch ms)", h.Get("X-RateLimit-Minutely-Reset"), wantMinReset)
	}
	wantDayReset := strconv.FormatInt(midnight(start).Add(24*time.Hour).UnixMilli(), 10)
	if h.Get("X-RateLimit-Reset") != wantDayReset {
		t.Errorf("daily reset %s, want %s", h.Get("X-RateLimit-Reset"), wantDayReset)
	}

	resp, body := f.do("GET", "crm/Accounts?$top=1", nil)
	if resp.StatusCode != 429 || errMsg(body) == "" {
		t.Fatalf("call 61: %d %v", resp.StatusCode, body)
	}
	if resp.Header.Get("X-RateLimit-Minutely-Remaining") != "0" || resp.Header.Get("X-RateLimit-Minutely-Reset") != wantMinReset {
		t.Errorf("429 minutely headers %v", resp.Header)
	}
	if resp.Header.Get("X-RateLimit-Limit") != "" || resp.Header.Get("X-RateLimit-Remaining") != "" {
		t.Error("a minutely 429 must not carry the daily headers")
	}

	// The next minute opens a fresh window.
	f.clock.Advance(time.Minute)
	if resp, _ := f.do("GET", "crm/Accounts?$top=1", nil); resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Minutely-Remaining") != "59" {
		t.Errorf("next minute: %d remaining %q", resp.StatusCode, resp.Header.Get("X-RateLimit-Minutely-Remaining"))
	}
}

func TestBucketsPerClientAndDivision(t *testing.T) {
	seed := `{"divisions":[1,2]}`
	clients := []Client{{ID: "a", Secret: "s"}, {ID: "b", Secret: "s"}}
	f := newFixture(t, Options{MinuteLimit: 2, DayLimit: 100, Seed: stringsReader(seed), Clients: clients})
	tokA, _ := f.e.IssueTokens("a")
	tokB, _ := f.e.IssueTokens("b")
	call := func(tok string, div int) int {
		f.token, f.div = tok, div
		resp, _ := f.do("GET", "crm/Accounts", nil)
		return resp.StatusCode
	}
	for i := 0; i < 2; i++ {
		call(tokA.AccessToken, 1)
	}
	if got := call(tokA.AccessToken, 1); got != 429 {
		t.Errorf("client a, division 1, call 3: %d, want 429", got)
	}
	if got := call(tokA.AccessToken, 2); got != 200 {
		t.Errorf("client a, division 2: %d, want 200", got)
	}
	if got := call(tokB.AccessToken, 1); got != 200 {
		t.Errorf("client b, division 1: %d, want 200", got)
	}
}

func TestDailyLimit(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: 60, DayLimit: 3})
	for i := 0; i < 3; i++ {
		f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
		f.clock.Advance(time.Minute) // stay clear of the minutely limit
	}
	resp, _ := f.do("GET", "crm/Accounts?$top=1", nil)
	if resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Remaining") != "0" || resp.Header.Get("X-RateLimit-Minutely-Limit") == "" {
		t.Errorf("daily 429: %d %v", resp.StatusCode, resp.Header)
	}
	f.clock.Advance(24 * time.Hour)
	f.renewToken()
	if resp, _ := f.do("GET", "crm/Accounts?$top=1", nil); resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("next day: %d remaining %q", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestTimeScale(t *testing.T) {
	// 600× turns the one-minute window into 100 ms of real time.
	f := newFixture(t, Options{TimeScale: 600, MinuteLimit: 2, DayLimit: 1000})
	f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
	f.mustDo(200, "GET", "crm/Accounts?$top=1", nil)
	if resp, _ := f.do("GET", "crm/Accounts?$top=1", nil); resp.StatusCode != 429 {
		t.Fatalf("third call: %d, want 429", resp.StatusCode)
	}
	time.Sleep(150 * time.Millisecond)
	if resp, _ := f.do("GET", "crm/Accounts?$top=1", nil); resp.StatusCode != 200 {
		t.Errorf("after a scaled minute: %d, want 200", resp.StatusCode)
	}
}
