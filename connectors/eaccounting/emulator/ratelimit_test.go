package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRateLimitPerClientAndEndpoint(t *testing.T) {
	f := newFixture(t, Options{})
	for i := 0; i < 600; i++ {
		f.do("GET", "/v2/units", nil).must(t, http.StatusOK)
	}
	f.clock.Advance(15 * time.Second)
	r := f.do("GET", "/v2/units", nil).must(t, http.StatusTooManyRequests)
	want := "API calls quota exceeded! maximum admitted 600 per Minute. Try again in 45 seconds."
	if r.errorCode() != codeQuota || r.field("DeveloperErrorMessage") != want {
		t.Errorf("429 body: %s", r.raw)
	}
	if _, ok := parseUUID(r.field("ErrorId")); !ok {
		t.Errorf("ErrorId = %s", r.field("ErrorId"))
	}
	// Per endpoint: other paths, and ids under the same route, count apart
	// from /units but together among themselves.
	f.do("GET", "/v2/vatcodes", nil).must(t, http.StatusOK)
	f.do("GET", "/v2/units/"+unitPiece, nil).must(t, http.StatusOK)
	// Per client: another app has its own budget.
	other := Client{ID: "other-app", Secret: "other-secret"}
	g := newFixture(t, Options{Clients: []Client{{ID: DefaultClientID, Secret: DefaultClientSecret}, other}})
	g.clock.Set(f.clock.Now())
	for i := 0; i < 600; i++ {
		g.do("GET", "/v2/units", nil)
	}
	g.do("GET", "/v2/units", nil).must(t, http.StatusTooManyRequests)
	tok, err := g.e.IssueTokens(other.ID)
	if err != nil {
		t.Fatal(err)
	}
	g.doAs(tok.AccessToken, "GET", "/v2/units", nil).must(t, http.StatusOK)

	// The window ends a minute after its first call.
	f.clock.Advance(45 * time.Second)
	f.do("GET", "/v2/units", nil).must(t, http.StatusOK)
}

func TestRateLimitWithScaledClock(t *testing.T) {
	// 600× real time: an emulated minute passes in 100 ms of real time.
	e, err := New(Options{TimeScale: 600, RateLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f := &fixture{t: t, e: e, token: mustToken(t, e)}
	began := time.Now()
	var statuses []int
	var last result
	for i := 0; i < 4; i++ {
		last = f.do("GET", "/v2/units", nil)
		statuses = append(statuses, last.status)
	}
	// Four calls inside one emulated minute: the fourth is refused. (On a
	// machine so loaded that they took longer, the window legitimately
	// rolled over and there is nothing to assert.)
	if time.Since(began) < 80*time.Millisecond {
		if statuses[3] != http.StatusTooManyRequests || !strings.Contains(last.field("DeveloperErrorMessage"), "maximum admitted 3 per Minute") {
			t.Errorf("statuses %v, last %s", statuses, last.raw)
		}
	}
	time.Sleep(110 * time.Millisecond) // more than an emulated minute
	f.do("GET", "/v2/units", nil).must(t, http.StatusOK)
}

func TestRateLimitOff(t *testing.T) {
	f := newFixture(t, Options{RateLimit: -1})
	for i := 0; i < 700; i++ {
		f.do("GET", "/v2/units", nil).must(t, http.StatusOK)
	}
}
