package cluster

import (
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/dsl/schedule"
)

// TestSlotsAreTheSameOnEveryNode: nodes that start at different moments
// compute the same slots, for intervals (aligned, not counted from the
// start) and for cron expressions; this is what makes a slot one job.
func TestSlotsAreTheSameOnEveryNode(t *testing.T) {
	for _, spec := range []string{"every 5m", "*/15 * * * *"} {
		s, err := schedule.Parse(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		a := next(s, base.Add(17*time.Second))
		b := next(s, base.Add(2*time.Minute+time.Millisecond))
		if !a.Equal(b) {
			t.Errorf("%s: a node starting at 09:00:17 gets slot %s, one at 09:02 gets %s", spec, a.Format(time.TimeOnly), b.Format(time.TimeOnly))
		}
		if a.Minute()%5 != 0 || a.Second() != 0 || a.Nanosecond() != 0 {
			t.Errorf("%s: slot %s is not on the grid", spec, a.Format(time.RFC3339Nano))
		}
	}
}

// TestLatestSlotCatchesUpOnce: a starting node looks back for the last
// missed slot only.
func TestLatestSlotCatchesUpOnce(t *testing.T) {
	s := schedule.Interval{Every: 10 * time.Minute}
	now := time.Date(2026, 11, 23, 9, 34, 0, 0, time.UTC)
	got := latestSlot(s, now.Add(-time.Hour), now)
	if want := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("latest slot %s, want %s", got, want)
	}
	if got := latestSlot(s, now.Add(-time.Minute), now); !got.IsZero() {
		t.Errorf("no slot in the last minute, got %s", got)
	}
}

// TestNextSlotFollowsSetSchedule: SetSchedule adds and removes the
// schedule the API shows.
func TestNextSlotFollowsSetSchedule(t *testing.T) {
	c := &Cluster{scheds: map[string]Schedule{}}
	c.SetSchedule("orders", schedule.Interval{Every: time.Hour})
	got := c.NextSlot("orders")
	if got.IsZero() || got.Minute() != 0 || time.Until(got) > time.Hour {
		t.Errorf("next slot %s, want the coming full hour", got)
	}
	var none schedule.Schedule // a pipeline without a schedule passes nil
	c.SetSchedule("orders", none)
	if got := c.NextSlot("orders"); !got.IsZero() {
		t.Errorf("after removal the next slot is %s", got)
	}
}
