package emulator

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Filters carry dates as Visual FoxPro strict date literals, as [AV-PHP]
// and [AV-RB] send them:
//
//	{^2024-01-31}            a date
//	{^2024-01-31 10:00:00}   a datetime ("T" also separates; seconds optional;
//	                         AM/PM allowed)
//	{}                       the empty date
//
// The year may also be separated by "/" or "." as FoxPro allows. The
// emulator also takes a bare ISO date or datetime, which AccountView may
// or may not accept.
var foxDateRE = regexp.MustCompile(`^\{\^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?\s*([AaPp][Mm])?)?\s*\}$`)

// foxDate is a date or datetime filter value in wire form.
type foxDate struct {
	wire    string // "2006-01-02T15:04:05"; "" for the empty date
	hasTime bool
}

// parseFoxDate reads a FoxPro date literal (or a bare ISO value) as a wall
// clock time in loc.
func parseFoxDate(s string, loc *time.Location) (foxDate, bool) {
	s = strings.TrimSpace(s)
	if s == "{}" || s == "{^}" || s == "{//}" || s == "{ / / }" {
		return foxDate{}, true
	}
	m := foxDateRE.FindStringSubmatch(s)
	if m == nil {
		if strings.HasPrefix(s, "{") {
			return foxDate{}, false
		}
		t, hasTime, ok := parseISO(s, loc)
		if !ok {
			return foxDate{}, false
		}
		return foxDate{wire: t.Format(wireLayout), hasTime: hasTime}, true
	}
	n := make([]int, 6)
	for i := 1; i <= 6; i++ {
		if m[i] != "" {
			n[i-1], _ = strconv.Atoi(m[i])
		}
	}
	hour := n[3]
	if ampm := strings.ToUpper(m[7]); ampm != "" {
		if hour < 1 || hour > 12 {
			return foxDate{}, false
		}
		if ampm == "PM" && hour < 12 {
			hour += 12
		} else if ampm == "AM" && hour == 12 {
			hour = 0
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || hour > 23 || n[4] > 59 || n[5] > 59 {
		return foxDate{}, false
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], hour, n[4], n[5], 0, loc)
	if t.Day() != n[2] { // 31 February
		return foxDate{}, false
	}
	return foxDate{wire: t.Format(wireLayout), hasTime: m[4] != ""}, true
}
