package emulator

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Exact's limits per app and division.
const (
	defaultMinuteLimit = 60
	defaultDayLimit    = 5000
)

// rateLimiter counts calls per (client, division) in a fixed one-minute
// window that opens with the first call, and per UTC day.
type rateLimiter struct {
	mu          sync.Mutex
	minute, day int // <0: off
	buckets     map[string]*bucket
}

type bucket struct {
	minStart time.Time
	minCount int
	dayStart time.Time
	dayCount int
}

func newRateLimiter(minute, day int) *rateLimiter {
	if minute == 0 {
		minute = defaultMinuteLimit
	}
	if day == 0 {
		day = defaultDayLimit
	}
	return &rateLimiter{minute: minute, day: day, buckets: map[string]*bucket{}}
}

// allow counts one call and sets the rate-limit headers on h. Resets are
// Unix epoch milliseconds. A call refused by the minutely limit carries the
// minutely headers only, as Exact's do.
func (l *rateLimiter) allow(h http.Header, client string, division int, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := client + "|" + strconv.Itoa(division)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{}
		l.buckets[key] = b
	}
	if now.Sub(b.minStart) >= time.Minute || now.Before(b.minStart) {
		b.minStart, b.minCount = now, 0
	}
	if day := midnight(now); !day.Equal(b.dayStart) {
		b.dayStart, b.dayCount = day, 0
	}
	minuteReset := b.minStart.Add(time.Minute).UnixMilli()
	dayReset := b.dayStart.Add(24 * time.Hour).UnixMilli()
	setDay := func(remaining int) {
		if l.day > 0 {
			h.Set("X-RateLimit-Limit", strconv.Itoa(l.day))
			h.Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
			h.Set("X-RateLimit-Reset", strconv.FormatInt(dayReset, 10))
		}
	}
	setMinute := func(remaining int) {
		if l.minute > 0 {
			h.Set("X-RateLimit-Minutely-Limit", strconv.Itoa(l.minute))
			h.Set("X-RateLimit-Minutely-Remaining", strconv.Itoa(max(remaining, 0)))
			h.Set("X-RateLimit-Minutely-Reset", strconv.FormatInt(minuteReset, 10))
		}
	}
	if l.day > 0 && b.dayCount >= l.day {
		setDay(0)
		setMinute(l.minute - b.minCount)
		return false
	}
	if l.minute > 0 && b.minCount >= l.minute {
		setMinute(0)
		return false
	}
	b.minCount++
	b.dayCount++
	setDay(l.day - b.dayCount)
	setMinute(l.minute - b.minCount)
	return true
}
