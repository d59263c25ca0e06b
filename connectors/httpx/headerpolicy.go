package httpx

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HeaderPolicy reads the server's count of calls left in the current
// window and when that window resets. ok is false when the response does
// not carry the headers (Exact leaves out the daily pair on a minutely
// 429).
type HeaderPolicy func(resp *http.Response) (remaining int, reset time.Time, ok bool)

// ResetUnit says how a reset header is written.
type ResetUnit int

const (
	// ResetEpochMillis: Unix time in milliseconds (Exact).
	ResetEpochMillis ResetUnit = iota
	// ResetEpochSeconds: Unix time in seconds.
	ResetEpochSeconds
	// ResetAfterSeconds: seconds from now.
	ResetAfterSeconds
	// ResetAfterMillis: milliseconds from now (HubSpot's interval, which
	// read as "the window is this long" waits a full window, a safe upper
	// bound).
	ResetAfterMillis
)

// HeaderPair is the policy for one remaining/reset header pair, e.g. for
// Exact Online
//
//	HeaderPair("X-RateLimit-Minutely-Remaining", "X-RateLimit-Minutely-Reset", ResetEpochMillis, nil)
//	HeaderPair("X-RateLimit-Remaining", "X-RateLimit-Reset", ResetEpochMillis, nil)
//
// and for HubSpot
//
//	HeaderPair("X-HubSpot-RateLimit-Remaining", "X-HubSpot-RateLimit-Interval-Milliseconds", ResetAfterMillis, clock)
//
// clock (nil: the system clock) is only read for the relative units.
func HeaderPair(remainingHeader, resetHeader string, unit ResetUnit, clock Clock) HeaderPolicy {
	clock = clockOrSystem(clock)
	return func(resp *http.Response) (int, time.Time, bool) {
		rem, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get(remainingHeader)))
		if err != nil {
			return 0, time.Time{}, false
		}
		n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get(resetHeader)), 10, 64)
		if err != nil || n < 0 {
			return 0, time.Time{}, false
		}
		var reset time.Time
		switch unit {
		case ResetEpochMillis:
			reset = time.UnixMilli(n)
		case ResetEpochSeconds:
			reset = time.Unix(n, 0)
		case ResetAfterSeconds:
			reset = clock.Now().Add(time.Duration(n) * time.Second)
		case ResetAfterMillis:
			reset = clock.Now().Add(time.Duration(n) * time.Millisecond)
		default:
			return 0, time.Time{}, false
		}
		return rem, reset, true
	}
}

// RetryAfter parses a Retry-After header, in seconds or as an HTTP date,
// relative to now.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
