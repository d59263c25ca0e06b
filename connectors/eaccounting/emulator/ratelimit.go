package emulator

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// defaultRateLimit is Visma's 600 calls per minute, counted per client and
// per endpoint.
const defaultRateLimit = 600

// newRateLimiter counts calls per (client, endpoint) in a fixed one-minute
// window that opens with the first call. Visma documents the limit, not
// the window's shape.
func newRateLimiter(limit int) *emukit.Limiter {
	if limit == 0 {
		limit = defaultRateLimit
	}
	return emukit.NewLimiter(emukit.Window{Name: "minute", Kind: emukit.FixedWindow, Length: time.Minute, Limit: limit})
}

// allow counts one call of client on endpoint (a route template) and
// returns the 429 to answer when the window is full. Visma sends no
// rate-limit headers; the body says when to try again.
func (e *Emulator) allow(client, endpoint string) error {
	now := e.clock.Now()
	d := e.limits.Take(client+" "+endpoint, now)
	if d.Allowed {
		return nil
	}
	w, _ := d.Window("minute")
	return quotaError(w.Limit, w.Reset.Sub(now))
}

// quotaError is the 429 body with ErrorCode 4010, in Visma's words.
func quotaError(limit int, wait time.Duration) *apiError {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return &apiError{Status: http.StatusTooManyRequests, Code: codeQuota,
		Message: fmt.Sprintf("API calls quota exceeded! maximum admitted %d per Minute. Try again in %d seconds.", limit, secs)}
}
