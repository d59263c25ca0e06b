package exprenv

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Date functions share one zone rule: the zone argument when given, else
// Config.Location. Text without an offset is read in that zone, and instants
// are rendered in it. Null or empty text gives null.
var dateFuncs = []fn{
	{
		Function: Function{Name: "parseDate", Signature: "parseDate(s, layout[, zone])",
			Description: "Reads text as a date-time using a layout of tokens (YYYY YY MM M DD D HH H mm ss SSS Z ZZ; other letters in [brackets]) or a named layout: " +
				"rfc3339, date (YYYY-MM-DD), datetime (YYYY-MM-DDTHH:mm:ss), odata (/Date(1700000000000)/). Text without an offset is read in zone (an IANA name such as Europe/Amsterdam, UTC, or +02:00). " +
				"The examples run with Config.Location = Europe/Amsterdam.",
			Examples: []Example{
				ex(`parseDate("15-03-2024 14:05", "DD-MM-YYYY HH:mm")`, `"2024-03-15T14:05:00+01:00"`),
				ex(`parseDate("3/7/2024", "M/D/YYYY", "America/New_York")`, `"2024-03-07T00:00:00-05:00"`),
				exSrc(`parseDate(get("Modified"), "odata", "UTC")`, `{"Modified":"/Date(1700000000000)/"}`, `"2023-11-14T22:13:20Z"`),
			}},
		types: []any{sig2, sig3},
		call:  parseDateFunc,
	},
	{
		Function: Function{Name: "formatDate", Signature: "formatDate(t, layout[, zone])",
			Description: "Renders a date-time (a date value or text in RFC 3339, YYYY-MM-DD or OData form) with a layout (see parseDate), after converting it to zone. The examples run with Config.Location = Europe/Amsterdam.",
			Examples: []Example{
				exSrc(`formatDate(get("created_at"), "DD-MM-YYYY HH:mm")`, `{"created_at":"2024-03-31T23:30:00Z"}`, `"01-04-2024 01:30"`),
				ex(`formatDate("2024-07-01T12:00:00+02:00", "YYYY-MM-DD[T]HH:mm:ssZ", "UTC")`, `"2024-07-01T10:00:00+00:00"`),
				ex(`formatDate("2024-03-15", "odata", "UTC")`, `"/Date(1710460800000)/"`),
			}},
		types: []any{sig2, sig3},
		call:  formatDateFunc,
	},
	{
		Function: Function{Name: "date", Signature: "date(x[, zone])",
			Description: "The calendar date YYYY-MM-DD of a date-time in zone; YYYY-MM-DD text is returned as is. Replaces expr's builtin. The examples run with Config.Location = Europe/Amsterdam.",
			Examples: []Example{
				ex(`date("2024-03-31T22:30:00Z")`, `"2024-04-01"`),
				ex(`date("2024-03-31T22:30:00Z", "UTC")`, `"2024-03-31"`),
				ex(`date(now())`, `"2024-03-15"`),
			}},
		types: []any{sig1, sig2},
		call:  dateFunc,
	},
	{
		Function: Function{Name: "now", Signature: "now()",
			Description: "The current time in Config.Location, from the pipeline's clock (pinned in tests). The examples run with now() = 2024-03-15T10:30:00Z and Config.Location = Europe/Amsterdam.",
			Examples:    []Example{ex(`now()`, `"2024-03-15T11:30:00+01:00"`), ex(`formatDate(now(), "YYYYMMDD")`, `"20240315"`)}},
		types: []any{sig0},
		call: func(e *env, _ []any) (any, error) {
			return e.now().In(e.loc), nil
		},
	},
	{
		Function: Function{Name: "addDays", Signature: "addDays(t, n)",
			Description: "Adds n calendar days (negative n subtracts), keeping the wall-clock time across daylight-saving changes (text without an offset is read in Config.Location, Europe/Amsterdam in the examples). YYYY-MM-DD text gives YYYY-MM-DD text; other input gives a date value. Null gives null.",
			Examples: []Example{
				exSrc(`addDays(get("invoice_date"), 30)`, `{"invoice_date":"2024-02-15"}`, `"2024-03-16"`),
				ex(`addDays("2024-03-30T12:00:00", 1)`, `"2024-03-31T12:00:00+02:00"`),
			}},
		types: []any{sig2},
		call:  addDaysFunc,
	},
}

func parseDateFunc(e *env, args []any) (any, error) {
	s, ok, err := textArg("parseDate", args[0])
	if !ok || err != nil || s == "" {
		return nil, err
	}
	l, loc, err := layoutAndZone(e, "parseDate", args[1], args[2:])
	if err != nil {
		return nil, err
	}
	t, err := l.parse(s, loc)
	if err != nil {
		return nil, fmt.Errorf("parseDate: cannot read %s with layout %q: %v", describe(s), args[1], err)
	}
	return t, nil
}

func formatDateFunc(e *env, args []any) (any, error) {
	l, loc, err := layoutAndZone(e, "formatDate", args[1], args[2:])
	if err != nil {
		return nil, err
	}
	t, ok, err := timeArg("formatDate", args[0], loc)
	if !ok || err != nil {
		return nil, err
	}
	return l.format(t.In(loc)), nil
}

func dateFunc(e *env, args []any) (any, error) {
	loc, err := zoneArg(e, "date", args[1:])
	if err != nil {
		return nil, err
	}
	if s, isText := args[0].(string); isText && len(s) == 10 {
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return s, nil
		}
	}
	t, ok, err := timeArg("date", args[0], loc)
	if !ok || err != nil {
		return nil, err
	}
	return t.In(loc).Format(time.DateOnly), nil
}

func addDaysFunc(e *env, args []any) (any, error) {
	n, err := toInt(args[1], "addDays: n")
	if err != nil {
		return nil, err
	}
	if s, isText := args[0].(string); isText && len(s) == 10 {
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			return d.AddDate(0, 0, n).Format(time.DateOnly), nil
		}
	}
	t, ok, err := timeArg("addDays", args[0], e.loc)
	if !ok || err != nil {
		return nil, err
	}
	return t.AddDate(0, 0, n), nil
}

func layoutAndZone(e *env, fnName string, layoutV any, rest []any) (*layout, *time.Location, error) {
	text, err := stringArg(fnName, "layout", layoutV)
	if err != nil {
		return nil, nil, err
	}
	l, err := compileLayout(text)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", fnName, err)
	}
	loc, err := zoneArg(e, fnName, rest)
	return l, loc, err
}

// timeArg accepts a date value or text in RFC 3339 (offset optional),
// YYYY-MM-DD or OData form; text without an offset is read in loc. ok is
// false for null and empty text.
func timeArg(fnName string, v any, loc *time.Location) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return x, true, nil
	case string:
		if x == "" {
			return time.Time{}, false, nil
		}
		var t time.Time
		var err error
		switch {
		case strings.HasPrefix(x, "/Date("):
			t, err = parseOData(x, loc)
		case len(x) == 10:
			t, err = time.ParseInLocation(time.DateOnly, x, loc)
		default:
			t, err = parseRFC3339(x, loc)
		}
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%s: cannot read %s as a date (want RFC 3339, YYYY-MM-DD or /Date(ms)/)", fnName, describe(x))
		}
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("%s: expected a date, got %s", fnName, describe(v))
}

// zoneArg returns the optional zone argument's location, defaulting to
// Config.Location (also when the argument is null).
func zoneArg(e *env, fnName string, rest []any) (*time.Location, error) {
	if len(rest) == 0 || rest[0] == nil {
		return e.loc, nil
	}
	name, err := stringArg(fnName, "zone", rest[0])
	if err != nil {
		return nil, err
	}
	loc, err := loadZone(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fnName, err)
	}
	return loc, nil
}

var zoneCache sync.Map // name → *time.Location

// loadZone resolves an IANA zone name, "UTC", or a fixed offset "+02:00".
// Loading reads the embedded tz database, so results are cached. "Local"
// is refused: it would make the output depend on the machine.
func loadZone(name string) (*time.Location, error) {
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	var loc *time.Location
	switch {
	case name == "" || strings.EqualFold(name, "local"):
		return nil, fmt.Errorf("zone %q: name an IANA zone such as Europe/Amsterdam, UTC, or an offset such as +01:00", name)
	case name[0] == '+' || name[0] == '-':
		z, n, err := parseOffset(name, true)
		if err != nil || n != len(name) {
			return nil, fmt.Errorf("zone %q: offsets are written ±hh:mm", name)
		}
		loc = z
	default:
		var err error
		if loc, err = time.LoadLocation(name); err != nil {
			return nil, fmt.Errorf("unknown zone %q", name)
		}
	}
	zoneCache.Store(name, loc)
	return loc, nil
}
