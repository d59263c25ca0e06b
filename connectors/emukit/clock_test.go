package emukit

import (
	"sync"
	"testing"
	"time"
)

// t0 is the start of most test clocks: a weekday morning in UTC.
var t0 = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

func TestClockInjected(t *testing.T) {
	amsterdam := time.FixedZone("CET", 3600)
	at := time.Date(2025, 3, 14, 11, 0, 0, 0, amsterdam)
	c := NewClock(func() time.Time { return at }, 600)
	got := c.Now()
	if !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("Now() = %v, want %v in UTC (an injected clock wins over the scale)", got, at)
	}
}

func TestClockReal(t *testing.T) {
	before := time.Now()
	got := NewClock(nil, 0).Now()
	if got.Before(before.Add(-time.Second)) || got.Location() != time.UTC {
		t.Errorf("Now() = %v, want about %v in UTC", got, before)
	}
}

func TestClockScaled(t *testing.T) {
	c := NewClock(nil, 600)
	start := c.Now()
	time.Sleep(20 * time.Millisecond)
	// 20 ms of real time is at least 12 s of emulated time.
	if d := c.Now().Sub(start); d < 12*time.Second {
		t.Errorf("emulated %v after 20ms at 600x, want at least 12s", d)
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(t0)
	c.Advance(90 * time.Second)
	if got := c.Now(); !got.Equal(t0.Add(90 * time.Second)) {
		t.Errorf("after Advance: %v", got)
	}
	c.Set(t0.Add(-time.Hour))
	if got := c.Now(); !got.Equal(t0.Add(-time.Hour)) {
		t.Errorf("after Set: %v", got)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Advance(time.Second)
			_ = c.Now()
		}()
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(t0.Add(-time.Hour + 4*time.Second)) {
		t.Errorf("after concurrent Advance: %v", got)
	}
}
