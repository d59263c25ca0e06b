package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// MinInterval is the shortest interval a schedule may name: shorter ones
// are almost always a typo ("5s" for "5m") and would hammer the systems.
const MinInterval = time.Second

// Schedule says when a pipeline runs next.
type Schedule interface {
	// Next returns the first run time strictly after t.
	Next(t time.Time) time.Time
	String() string
}

// Interval runs every Every, counted from the previous run.
type Interval struct{ Every time.Duration }

// Next returns t plus the interval.
func (i Interval) Next(t time.Time) time.Time { return t.Add(i.Every) }

func (i Interval) String() string { return "every " + i.Every.String() }

// Cron runs at the times a cron expression names, in Location.
type Cron struct {
	Spec     string
	Location *time.Location
	sched    cron.Schedule
}

// Next returns the expression's next time after t.
func (c Cron) Next(t time.Time) time.Time { return c.sched.Next(t.In(c.Location)) }

func (c Cron) String() string { return "cron " + c.Spec + " (" + c.Location.String() + ")" }

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Parse reads spec. An interval is a Go duration with an optional "every "
// before it; anything else must be a cron expression of five fields
// (minute hour day-of-month month day-of-week) or a @-descriptor, read in
// loc (UTC when nil). Errors say what was expected, never just "invalid".
func Parse(spec string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := strings.TrimSpace(spec)
	if s == "" {
		return nil, fmt.Errorf("the schedule is empty; write an interval such as \"every 15m\" or a cron expression such as \"*/15 * * * *\"")
	}
	lower := strings.ToLower(s)
	if rest, ok := strings.CutPrefix(lower, "every "); ok || startsWithDigit(lower) {
		if !ok {
			rest = lower
		}
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err == nil {
			if d < MinInterval {
				return nil, fmt.Errorf("interval %s is shorter than %s", d, MinInterval)
			}
			return Interval{Every: d}, nil
		}
		if ok {
			return nil, fmt.Errorf("%q is not a duration; write for example \"every 15m\" or \"every 1h30m\"", strings.TrimSpace(rest))
		}
		// A leading digit may still start a cron expression ("0 6 * * *").
	}
	if strings.HasPrefix(lower, "cron_tz=") || strings.HasPrefix(lower, "tz=") {
		return nil, fmt.Errorf("the schedule cannot name its own time zone; the pipeline's timezone attribute applies")
	}
	if f := strings.Fields(s); len(f) != 5 && !strings.HasPrefix(s, "@") {
		return nil, fmt.Errorf("%q is neither an interval (\"every 15m\") nor a cron expression of 5 fields (minute hour day month weekday); it has %d", s, len(f))
	}
	sched, err := parser.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("cron expression %q: %v", s, err)
	}
	return Cron{Spec: s, Location: loc, sched: sched}, nil
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
