package emukit

import (
	"sync"
	"time"
)

// Clock is an emulator's time source. Token lifetimes, authorization codes
// and rate-limit windows follow it; injected latency and timeouts do not
// (they are real time, because the client waiting on them is real).
type Clock struct {
	now       func() time.Time
	scale     float64
	realStart time.Time
}

// NewClock returns now when it is not nil. Otherwise it returns real time,
// running scale times faster from this moment when scale > 0: a scale of
// 600 turns an emulated minute into 100 ms, so tests can watch windows and
// tokens expire without waiting for them.
func NewClock(now func() time.Time, scale float64) *Clock {
	c := &Clock{now: now, scale: scale}
	if now == nil {
		c.realStart = time.Now()
	}
	return c
}

// Now returns the emulated time in UTC.
func (c *Clock) Now() time.Time {
	if c.now != nil {
		return c.now().UTC()
	}
	if c.scale <= 0 || c.scale == 1 {
		return time.Now().UTC()
	}
	elapsed := time.Since(c.realStart)
	return c.realStart.Add(time.Duration(float64(elapsed) * c.scale)).UTC()
}

// ManualClock is a clock that moves only when told to, for tests: pass its
// Now method where an emulator takes a clock function.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t, backwards if need be.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
