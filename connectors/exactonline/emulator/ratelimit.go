package emulator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Exact's limits per app and division.
const (
	defaultMinuteLimit = 60
	defaultDayLimit    = 5000
)

// newRateLimiter counts calls per (client, division) per UTC day and in a
// fixed one-minute window that opens with the first call. The day is
// checked first, so a call refused by it still reports the minute.
func newRateLimiter(minute, day int) *emukit.Limiter {
	if minute == 0 {
		minute = defaultMinuteLimit
	}
	if day == 0 {
		day = defaultDayLimit
	}
	return emukit.NewLimiter(
		emukit.Window{Name: "day", Kind: emukit.AlignedWindow, Length: 24 * time.Hour, Limit: day},
		emukit.Window{Name: "minute", Kind: emukit.FixedWindow, Length: time.Minute, Limit: minute},
	)
}

// allow counts one call and sets the rate-limit headers on h. Resets are
// Unix epoch milliseconds. A call refused by the minutely limit carries the
// minutely headers only, as Exact's do.
func (e *Emulator) allow(h http.Header, client string, division int) bool {
	d := e.limits.Take(client+"|"+strconv.Itoa(division), e.clock.Now())
	if w, ok := d.Window("day"); ok && d.RefusedBy != "minute" {
		h.Set("X-RateLimit-Limit", strconv.Itoa(w.Limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(w.Remaining))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(w.Reset.UnixMilli(), 10))
	}
	if w, ok := d.Window("minute"); ok {
		h.Set("X-RateLimit-Minutely-Limit", strconv.Itoa(w.Limit))
		h.Set("X-RateLimit-Minutely-Remaining", strconv.Itoa(w.Remaining))
		h.Set("X-RateLimit-Minutely-Reset", strconv.FormatInt(w.Reset.UnixMilli(), 10))
	}
	return d.Allowed
}
