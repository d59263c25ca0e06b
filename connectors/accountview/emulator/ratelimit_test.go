package emulator

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitPerClientAndCompany(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: 3})
	f.clock.Advance(10 * time.Second)
	for i := 0; i < 3; i++ {
		if r := f.get("AR1"); r.status != http.StatusOK {
			t.Fatalf("call %d: %d", i+1, r.status)
		}
	}
	r := f.get("AR1")
	r.wantError(t, http.StatusTooManyRequests, 0, "Too many requests")
	if r.header.Get("Retry-After") != "60" {
		t.Fatalf("Retry-After %q, want 60 (the window opened with the first call)", r.header.Get("Retry-After"))
	}
	// The other company has its own window; /companies is not limited.
	f.company = tweedeCompany
	if r := f.get("AR1"); r.status != http.StatusOK {
		t.Fatalf("other company: %d", r.status)
	}
	f.company = demoCompany
	f.clock.Advance(30 * time.Second)
	if ra := f.get("AR1").header.Get("Retry-After"); ra != "30" {
		t.Fatalf("Retry-After after 30 s: %q", ra)
	}
	f.clock.Advance(30 * time.Second)
	if r := f.get("AR1"); r.status != http.StatusOK {
		t.Fatalf("next window: %d", r.status)
	}
}

func TestRateLimitWithScaledClock(t *testing.T) {
	// 6000x: an emulated minute passes in 10 ms of real time.
	f := newFixture(t, Options{MinuteLimit: 2, TimeScale: 6000})
	refused := false
	for i := 0; i < 3; i++ {
		if f.get("AR1").status == http.StatusTooManyRequests {
			refused = true
		}
	}
	if !refused {
		t.Fatal("three calls within an emulated minute were all allowed")
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		r := f.get("AR1")
		if r.status == http.StatusOK {
			break
		}
		if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
		}
		if time.Now().After(deadline) {
			t.Fatal("the window never reopened")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestRateLimitOff(t *testing.T) {
	f := newFixture(t, Options{MinuteLimit: -1})
	for i := 0; i < defaultMinuteLimit+5; i++ {
		if r := f.get("VA1", "PageSize", "1"); r.status != http.StatusOK {
			t.Fatalf("call %d refused with the limit off: %d", i+1, r.status)
		}
	}
}
