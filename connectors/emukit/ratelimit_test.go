package emukit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// exactLimiter has Exact's windows: the UTC day, checked first, and a
// minute that opens with its first call.
func exactLimiter(day, minute int) *Limiter {
	return NewLimiter(
		Window{Name: "day", Kind: AlignedWindow, Length: 24 * time.Hour, Limit: day},
		Window{Name: "minute", Kind: FixedWindow, Length: time.Minute, Limit: minute},
	)
}

func TestFixedWindow(t *testing.T) {
	l := exactLimiter(100, 3)
	start := t0.Add(17 * time.Second)
	for i := 1; i <= 3; i++ {
		d := l.Take("a|1", start.Add(time.Duration(i)*time.Second))
		m, _ := d.Window("minute")
		if !d.Allowed || m.Remaining != 3-i || !m.Reset.Equal(start.Add(time.Second+time.Minute)) {
			t.Fatalf("call %d: %+v", i, d)
		}
	}
	d := l.Take("a|1", start.Add(30*time.Second))
	want := Decision{Allowed: false, RefusedBy: "minute", Windows: []WindowState{
		{Name: "day", Limit: 100, Remaining: 97, Reset: time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC)},
		{Name: "minute", Limit: 3, Remaining: 0, Reset: start.Add(time.Second + time.Minute)},
	}}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("call 4: wrong result (-want +got)\n%s", diff)
	}
	// The next window opens with the first call after the old one ended.
	next := start.Add(time.Second + time.Minute + 5*time.Second)
	d = l.Take("a|1", next)
	if m, _ := d.Window("minute"); !d.Allowed || m.Remaining != 2 || !m.Reset.Equal(next.Add(time.Minute)) {
		t.Errorf("next minute: %+v", d)
	}
	// A clock set back opens a new window too.
	d = l.Take("a|1", t0)
	if m, _ := d.Window("minute"); !d.Allowed || !m.Reset.Equal(t0.Add(time.Minute)) {
		t.Errorf("clock set back: %+v", d)
	}
}

func TestAlignedWindowCheckedFirst(t *testing.T) {
	l := exactLimiter(3, 60)
	for i := 0; i < 3; i++ {
		if d := l.Take("k", t0.Add(time.Duration(i)*time.Minute)); !d.Allowed {
			t.Fatalf("call %d refused: %+v", i+1, d)
		}
	}
	d := l.Take("k", t0.Add(3*time.Minute))
	day, _ := d.Window("day")
	minute, _ := d.Window("minute")
	if d.Allowed || d.RefusedBy != "day" || day.Remaining != 0 {
		t.Fatalf("call 4: %+v", d)
	}
	// A refused call counts in no window: the fresh minute still has 60.
	if minute.Remaining != 60 {
		t.Errorf("minute remaining %d after a refused call, want 60", minute.Remaining)
	}
	nextDay := time.Date(2025, 3, 15, 0, 0, 1, 0, time.UTC)
	d = l.Take("k", nextDay)
	if day, _ := d.Window("day"); !d.Allowed || day.Remaining != 2 || !day.Reset.Equal(time.Date(2025, 3, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("next day: %+v", d)
	}
}

func TestRollingWindow(t *testing.T) {
	l := NewLimiter(Window{Name: "ten", Kind: RollingWindow, Length: 10 * time.Second, Limit: 2})
	steps := []struct {
		at        time.Duration
		allowed   bool
		remaining int
		reset     time.Duration
	}{
		{0, true, 1, 10 * time.Second},
		{4 * time.Second, true, 0, 10 * time.Second},
		{6 * time.Second, false, 0, 10 * time.Second},
		{10 * time.Second, true, 0, 14 * time.Second}, // the first call has left
		{13 * time.Second, false, 0, 14 * time.Second},
		{30 * time.Second, true, 1, 40 * time.Second},
	}
	for _, st := range steps {
		d := l.Take("acct", t0.Add(st.at))
		w, _ := d.Window("ten")
		if d.Allowed != st.allowed || w.Remaining != st.remaining || !w.Reset.Equal(t0.Add(st.reset)) {
			t.Errorf("at %v: allowed %v remaining %d reset %v, want %v %d %v", st.at, d.Allowed, w.Remaining,
				w.Reset.Sub(t0), st.allowed, st.remaining, st.reset)
		}
	}
}

func TestLimiterKeysAndOff(t *testing.T) {
	l := exactLimiter(-1, 1)
	if d := l.Take("a", t0); !d.Allowed {
		t.Fatal("first call of a refused")
	}
	if d := l.Take("a", t0); d.Allowed {
		t.Error("second call of a allowed")
	}
	if d := l.Take("b", t0); !d.Allowed {
		t.Error("key b shares a's window")
	}
	if _, ok := l.Take("c", t0).Window("day"); ok {
		t.Error("a window with a negative limit is reported")
	}
	if d := NewLimiter().Take("x", t0); !d.Allowed || len(d.Windows) != 0 {
		t.Errorf("no windows: %+v", d)
	}
}
