package emulator

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// defaultMinuteLimit is the assumed limit per app and company: AccountView
// publishes none, but connectors must cope with a 429 all the same.
const defaultMinuteLimit = 300

// newRateLimiter counts data calls per (client, company) in a fixed
// one-minute window that opens with the first call.
func newRateLimiter(minute int) *emukit.Limiter {
	if minute == 0 {
		minute = defaultMinuteLimit
	}
	return emukit.NewLimiter(emukit.Window{Name: "minute", Kind: emukit.FixedWindow, Length: time.Minute, Limit: minute})
}

// allow counts one call; a refused call gets Retry-After, the standard
// header (AccountView's own rate-limit headers, if any, are unknown).
func (e *Emulator) allow(h http.Header, client, company string) bool {
	now := e.clock.Now()
	d := e.limits.Take(client+"|"+company, now)
	if d.Allowed {
		return true
	}
	if w, ok := d.Window("minute"); ok {
		h.Set("Retry-After", retryAfter(w.Reset.Sub(now)))
	}
	return false
}

// retryAfter renders a wait in whole seconds, at least one. The wait is in
// emulated time; with TimeScale a client that sleeps it waits longer than
// needed, never too short.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
