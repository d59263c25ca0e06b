package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestParseIntervals(t *testing.T) {
	for spec, want := range map[string]time.Duration{"5m": 5 * time.Minute, "every 1h30m": 90 * time.Minute, "Every 2s": 2 * time.Second} {
		s, err := Parse(spec, nil)
		if err != nil {
			t.Fatalf("%q: %v", spec, err)
		}
		base := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
		if got := s.Next(base).Sub(base); got != want {
			t.Errorf("%q: next after %s, want %s", spec, got, want)
		}
	}
}

func TestParseCronInZone(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip("no zone data")
	}
	s, err := Parse("0 6 * * 1-5", ams)
	if err != nil {
		t.Fatal(err)
	}
	// Friday 2026-01-02 07:00 UTC is 08:00 in Amsterdam: next is Monday 06:00 there.
	next := s.Next(time.Date(2026, 1, 2, 7, 0, 0, 0, time.UTC))
	want := time.Date(2026, 1, 5, 6, 0, 0, 0, ams)
	if !next.Equal(want) {
		t.Errorf("next = %s, want %s", next, want)
	}
}

func TestParseErrors(t *testing.T) {
	for spec, want := range map[string]string{
		"":                      "empty",
		"every 5 min":           "not a duration",
		"100ms":                 "shorter than",
		"* * *":                 "5 fields",
		"61 * * * *":            "cron expression",
		"CRON_TZ=UTC 0 * * * *": "time zone",
	} {
		_, err := Parse(spec, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to mention %q", spec, err, want)
		}
	}
}
