package emulator

import (
	"strconv"
	"testing"
	"time"
)

func TestMinuteLimit(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: 3})
	wantReset := strconv.FormatInt(testStart.Add(time.Minute).Unix(), 10)
	for i := 1; i <= 3; i++ {
		r := f.do("GET", "/v1/vatcodes", nil)
		if r.status != 200 || r.header.Get("X-RateLimit-Limit") != "3" || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(3-i) ||
			r.header.Get("X-RateLimit-Reset") != wantReset {
			t.Fatalf("call %d: %d %v", i, r.status, r.header)
		}
		f.clock.Advance(10 * time.Second)
	}
	r := f.do("GET", "/v1/vatcodes", nil, "Accept-Language", "en")
	if r.status != 429 || r.header.Get("Retry-After") != "30" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("fourth call: %d %v", r.status, r.header)
	}
	if r.body["title"] != "Too Many Requests" || r.body["detail"] != "API calls quota exceeded! maximum admitted 3 per 1m." {
		t.Errorf("429 body: %s", r.raw)
	}
	// Calls to another administration have their own window.
	f.must(200, "GET", "/v1/vatcodes", nil, "X-Tenant-Id", "1002")
	// So do other clients.
	other := newFixture(t, Options{MinuteLimit: 3, Clients: []Client{{ID: "a", Secret: "s"}, {ID: "b", Secret: "s"}}})
	tokB, _ := other.e.IssueTokens("b")
	for i := 0; i < 3; i++ {
		other.must(200, "GET", "/v1/vatcodes", nil)
	}
	other.must(429, "GET", "/v1/vatcodes", nil)
	other.token = tokB.AccessToken
	other.must(200, "GET", "/v1/vatcodes", nil)

	// The window reopens a minute after it opened.
	f.clock.Advance(30 * time.Second)
	if r := f.do("GET", "/v1/vatcodes", nil); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("next window: %d %v", r.status, r.header)
	}
}

func TestDefaultAndSwitchedOffLimit(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: defaultLimit})
	if r := f.do("GET", "/v1/vatcodes", nil); r.header.Get("X-RateLimit-Limit") != strconv.Itoa(defaultMinuteLimit) {
		t.Errorf("default limit header %q", r.header.Get("X-RateLimit-Limit"))
	}
	off := newFixture(t, Options{MinuteLimit: -1})
	for i := 0; i < 150; i++ {
		if r := off.do("GET", "/v1/vatcodes", nil); r.status != 200 || r.header.Get("X-RateLimit-Limit") != "" {
			t.Fatalf("call %d with the limit off: %d %v", i, r.status, r.header)
		}
	}
}

func TestTimeScale(t *testing.T) {
	// 600× turns the one-minute window into 100 ms of real time.
	f := newFixture(t, Options{TimeScale: 600, MinuteLimit: 2})
	f.must(200, "GET", "/v1/vatcodes", nil)
	f.must(200, "GET", "/v1/vatcodes", nil)
	f.must(429, "GET", "/v1/vatcodes", nil)
	time.Sleep(150 * time.Millisecond)
	f.must(200, "GET", "/v1/vatcodes", nil)
}
