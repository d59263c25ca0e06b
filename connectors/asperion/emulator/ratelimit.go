package emulator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// defaultMinuteLimit is the assumed limit per (client, administration):
// Asperion publishes none.
const defaultMinuteLimit = 100

// newRateLimiter counts calls per (client, administration) in a fixed
// one-minute window that opens with the first call.
func newRateLimiter(minute int) *emukit.Limiter {
	if minute == 0 {
		minute = defaultMinuteLimit
	}
	return emukit.NewLimiter(emukit.Window{Name: "minute", Kind: emukit.FixedWindow, Length: time.Minute, Limit: minute})
}

// allow counts one call and sets the (assumed) rate-limit headers:
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset in Unix
// epoch seconds. A refused call is a 429 problem with Retry-After in
// seconds.
func (e *Emulator) allow(h http.Header, client string, admin int64, l lang) *apiError {
	now := e.clock.Now()
	d := e.limits.Take(client+"|"+strconv.FormatInt(admin, 10), now)
	w, ok := d.Window("minute")
	if !ok {
		return nil // limit switched off
	}
	setLimitHeaders(h, w.Limit, w.Remaining, w.Reset)
	if d.Allowed {
		return nil
	}
	h.Set("Retry-After", strconv.Itoa(retryAfter(w.Reset, now)))
	return &apiError{Status: http.StatusTooManyRequests, Detail: l.t(mQuota, w.Limit)}
}

func setLimitHeaders(h http.Header, limit, remaining int, reset time.Time) {
	h.Set(api.LimitHeader, strconv.Itoa(limit))
	h.Set(api.RemainingHeader, strconv.Itoa(remaining))
	h.Set(api.ResetHeader, strconv.FormatInt(reset.Unix(), 10))
}

// retryAfter is the whole seconds until reset, at least one.
func retryAfter(reset, now time.Time) int {
	secs := int((reset.Sub(now) + time.Second - 1) / time.Second)
	return max(secs, 1)
}
