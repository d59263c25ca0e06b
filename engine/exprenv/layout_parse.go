package exprenv

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parse reads s with the layout. Text without an offset is read in loc;
// text with an offset keeps that offset. The whole text must be consumed.
func (l *layout) parse(s string, loc *time.Location) (time.Time, error) {
	switch l.special {
	case "rfc3339":
		return parseRFC3339(s, loc)
	case "odata":
		return parseOData(s, loc)
	}
	year, month, day := 0, 1, 1
	hour, minute, sec, milli := 0, 0, 0, 0
	var zone *time.Location
	pos := 0
	for _, tok := range l.tokens {
		var v int
		var ok bool
		switch tok.kind {
		case tokLiteral:
			if !strings.HasPrefix(s[pos:], tok.lit) {
				return time.Time{}, fmt.Errorf("expected %q at position %d", tok.lit, pos)
			}
			pos += len(tok.lit)
			continue
		case tokZoneColon, tokZone:
			z, n, err := parseOffset(s[pos:], tok.kind == tokZoneColon)
			if err != nil {
				return time.Time{}, fmt.Errorf("%v at position %d", err, pos)
			}
			zone, pos = z, pos+n
			continue
		case tokYear4:
			v, pos, ok = digits(s, pos, 4, 4)
			year = v
		case tokYear2:
			v, pos, ok = digits(s, pos, 2, 2)
			year = 2000 + v
			if v >= 69 { // Go's pivot: 69-99 are 1969-1999
				year = 1900 + v
			}
		case tokMonth2, tokMonth1:
			v, pos, ok = digits(s, pos, minWidth(tok.kind == tokMonth1), 2)
			month = v
		case tokDay2, tokDay1:
			v, pos, ok = digits(s, pos, minWidth(tok.kind == tokDay1), 2)
			day = v
		case tokHour2, tokHour1:
			v, pos, ok = digits(s, pos, minWidth(tok.kind == tokHour1), 2)
			hour = v
		case tokMinute:
			v, pos, ok = digits(s, pos, 2, 2)
			minute = v
		case tokSecond:
			v, pos, ok = digits(s, pos, 2, 2)
			sec = v
		case tokMilli:
			v, pos, ok = digits(s, pos, 3, 3)
			milli = v
		}
		if !ok {
			return time.Time{}, fmt.Errorf("expected digits at position %d", pos)
		}
	}
	if pos != len(s) {
		return time.Time{}, fmt.Errorf("unexpected text %q at position %d", s[pos:], pos)
	}
	if zone == nil {
		zone = loc
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, milli*1e6, zone)
	// time.Date normalises 31 February into March; a date that does not
	// survive the round trip was not a real date.
	if t.Year() != year || int(t.Month()) != month || t.Day() != day || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("%04d-%02d-%02d %02d:%02d:%02d is not a valid date and time", year, month, day, hour, minute, sec)
	}
	return t, nil
}

func minWidth(oneDigitAllowed bool) int {
	if oneDigitAllowed {
		return 1
	}
	return 2
}

// digits reads between min and max ASCII digits at pos.
func digits(s string, pos, min, max int) (int, int, bool) {
	v, n := 0, 0
	for pos+n < len(s) && n < max && s[pos+n] >= '0' && s[pos+n] <= '9' {
		v = v*10 + int(s[pos+n]-'0')
		n++
	}
	return v, pos + n, n >= min
}

// parseOffset reads "Z" or ±hh:mm (colon) / ±hhmm and returns the zone and
// the number of bytes consumed.
func parseOffset(s string, colon bool) (*time.Location, int, error) {
	if strings.HasPrefix(s, "Z") {
		return time.UTC, 1, nil
	}
	want := "±hhmm"
	n := 5
	if colon {
		want, n = "±hh:mm", 6
	}
	if len(s) < n || (s[0] != '+' && s[0] != '-') || (colon && s[3] != ':') {
		return nil, 0, fmt.Errorf("expected a zone offset Z or %s", want)
	}
	h, _, okH := digits(s, 1, 2, 2)
	m, _, okM := digits(s, n-2, 2, 2)
	if !okH || !okM || h > 23 || m > 59 {
		return nil, 0, fmt.Errorf("expected a zone offset Z or %s", want)
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone("", off), n, nil
}

// parseRFC3339 reads RFC 3339 timestamps, fractional seconds allowed. It is
// lenient in two ways source systems need: a missing offset means the time
// is local to loc, and a space may stand in for the T.
func parseRFC3339(s string, loc *time.Location) (time.Time, error) {
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("not an RFC 3339 date-time (2024-03-15T10:30:00+01:00)")
	}
	return t, nil
}

// parseOData reads the Microsoft JSON date format used by Exact Online's
// OData v2 API: "/Date(1700000000000)/", optionally with a "+0100" suffix.
// The milliseconds count from the Unix epoch in UTC; the suffix only says
// which offset the sender had and does not shift the instant.
func parseOData(s string, loc *time.Location) (time.Time, error) {
	inner, ok := strings.CutPrefix(s, "/Date(")
	if ok {
		inner, ok = strings.CutSuffix(inner, ")/")
	}
	if !ok {
		return time.Time{}, fmt.Errorf("not an OData date (/Date(1700000000000)/)")
	}
	if i := strings.LastIndexAny(inner, "+-"); i > 0 {
		inner = inner[:i]
	}
	ms, err := strconv.ParseInt(inner, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("not an OData date (/Date(1700000000000)/)")
	}
	return time.UnixMilli(ms).In(loc), nil
}
