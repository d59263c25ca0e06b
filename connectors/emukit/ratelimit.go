package emukit

import (
	"sync"
	"time"
)

// WindowKind is how a rate-limit window moves with time.
type WindowKind int

const (
	// FixedWindow opens with the first call after the previous window
	// ended and lasts Length (Exact's minutely window).
	FixedWindow WindowKind = iota
	// AlignedWindow is a slot of the clock: Length-aligned since the zero
	// time in UTC, so a 24-hour window is the UTC day (Exact's daily window).
	AlignedWindow
	// RollingWindow counts the calls of the last Length (HubSpot's ten
	// seconds). It keeps one timestamp per call, so it suits short windows.
	RollingWindow
)

// Window is one limit on the calls of a key.
type Window struct {
	// Name identifies the window in a Decision ("minute", "day").
	Name   string
	Kind   WindowKind
	Length time.Duration
	// Limit is the number of calls allowed per window; <= 0 switches the
	// window off.
	Limit int
}

// WindowState is a window's standing after a call.
type WindowState struct {
	Name      string
	Limit     int
	Remaining int       // calls left in the window, never negative
	Reset     time.Time // when the window frees up (Rolling: its oldest call leaves)
}

// Decision is the outcome of Limiter.Take. The system turns it into its
// own headers and 429 body.
type Decision struct {
	Allowed bool
	// RefusedBy names the first full window when the call was refused.
	RefusedBy string
	// Windows are the states of all active windows, in Limiter order.
	Windows []WindowState
}

// Window returns the state of the named window.
func (d Decision) Window(name string) (WindowState, bool) {
	for _, w := range d.Windows {
		if w.Name == name {
			return w, true
		}
	}
	return WindowState{}, false
}

// Limiter counts calls per key (a client, a client and tenant, …) in a
// set of windows. A call is allowed when no window is full; a refused call
// counts in no window. Limiter is safe for concurrent use.
type Limiter struct {
	windows []Window
	mu      sync.Mutex
	keys    map[string][]windowCount
}

type windowCount struct {
	start time.Time   // Fixed and Aligned: start of the current window
	n     int         // Fixed and Aligned: calls in it
	calls []time.Time // Rolling: times of the calls still inside
}

// NewLimiter returns a limiter over the windows with a positive Limit; the
// windows are checked in the order given.
func NewLimiter(windows ...Window) *Limiter {
	l := &Limiter{keys: map[string][]windowCount{}}
	for _, w := range windows {
		if w.Limit > 0 && w.Length > 0 {
			l.windows = append(l.windows, w)
		}
	}
	return l
}

// Take counts one call of key at now, unless a window is full.
func (l *Limiter) Take(key string, now time.Time) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts := l.keys[key]
	if counts == nil {
		counts = make([]windowCount, len(l.windows))
		l.keys[key] = counts
	}
	d := Decision{Allowed: true}
	for i, w := range l.windows {
		c := &counts[i]
		c.roll(w, now)
		if d.Allowed && c.used() >= w.Limit {
			d.Allowed, d.RefusedBy = false, w.Name
		}
	}
	for i, w := range l.windows {
		c := &counts[i]
		if d.Allowed {
			c.add(w, now)
		}
		d.Windows = append(d.Windows, WindowState{Name: w.Name, Limit: w.Limit,
			Remaining: max(w.Limit-c.used(), 0), Reset: c.reset(w, now)})
	}
	return d
}

// roll starts a new window when the current one is over.
func (c *windowCount) roll(w Window, now time.Time) {
	switch w.Kind {
	case FixedWindow:
		// A clock set back also opens a new window.
		if now.Sub(c.start) >= w.Length || now.Before(c.start) {
			c.start, c.n = now, 0
		}
	case AlignedWindow:
		if start := now.UTC().Truncate(w.Length); !start.Equal(c.start) {
			c.start, c.n = start, 0
		}
	case RollingWindow:
		cut := now.Add(-w.Length)
		i := 0
		for i < len(c.calls) && !c.calls[i].After(cut) {
			i++
		}
		c.calls = c.calls[i:]
	}
}

// used is the number of calls in the window (one of the two terms is
// always zero, depending on the kind).
func (c *windowCount) used() int { return c.n + len(c.calls) }

func (c *windowCount) add(w Window, now time.Time) {
	if w.Kind == RollingWindow {
		c.calls = append(c.calls, now)
		return
	}
	c.n++
}

func (c *windowCount) reset(w Window, now time.Time) time.Time {
	if w.Kind == RollingWindow {
		if len(c.calls) == 0 {
			return now.Add(w.Length)
		}
		return c.calls[0].Add(w.Length)
	}
	return c.start.Add(w.Length)
}
