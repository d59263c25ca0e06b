package exprenv

import (
	"strings"
	"testing"
	"time"
)

func TestLayoutParseFormat(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	tests := map[string]struct {
		layout, in string
		want       string // RFC 3339 of the parsed instant
		format     string // the parsed time formatted back with the layout
	}{
		"date":             {"date", "2024-02-29", "2024-02-29T00:00:00+01:00", "2024-02-29"},
		"datetime summer":  {"datetime", "2024-07-01T09:05:00", "2024-07-01T09:05:00+02:00", "2024-07-01T09:05:00"},
		"dutch":            {"DD-MM-YYYY", "05-03-2024", "2024-03-05T00:00:00+01:00", "05-03-2024"},
		"short tokens":     {"D/M/YY H:mm", "5/3/24 7:08", "2024-03-05T07:08:00+01:00", "5/3/24 7:08"},
		"compact":          {"YYYYMMDDHHmmss", "20240305070809", "2024-03-05T07:08:09+01:00", "20240305070809"},
		"millis":           {"HH:mm:ss.SSS DD.MM.YYYY", "07:08:09.045 05.03.2024", "2024-03-05T07:08:09.045+01:00", "07:08:09.045 05.03.2024"},
		"offset colon":     {"YYYY-MM-DDTHH:mmZ", "2024-03-05T07:08-05:00", "2024-03-05T07:08:00-05:00", "2024-03-05T07:08-05:00"},
		"offset compact":   {"YYYY-MM-DD HH:mm ZZ", "2024-03-05 07:08 +0530", "2024-03-05T07:08:00+05:30", "2024-03-05 07:08 +0530"},
		"offset Z":         {"YYYY-MM-DDTHH:mm:ssZ", "2024-03-05T07:08:09Z", "2024-03-05T07:08:09Z", "2024-03-05T07:08:09+00:00"},
		"bracket literal":  {"[week of] YYYY-MM-DD", "week of 2024-03-05", "2024-03-05T00:00:00+01:00", "week of 2024-03-05"},
		"two-digit pivot":  {"DD-MM-YY", "01-01-69", "1969-01-01T00:00:00+01:00", "01-01-69"},
		"rfc3339 no zone":  {"rfc3339", "2024-03-05 07:08:09.5", "2024-03-05T07:08:09.5+01:00", "2024-03-05T07:08:09.5+01:00"},
		"rfc3339 offset":   {"rfc3339", "2024-03-05T07:08:09-03:00", "2024-03-05T07:08:09-03:00", "2024-03-05T07:08:09-03:00"},
		"odata":            {"odata", "/Date(1700000000000)/", "2023-11-14T23:13:20+01:00", "/Date(1700000000000)/"},
		"odata offset":     {"odata", "/Date(1700000000000+0100)/", "2023-11-14T23:13:20+01:00", "/Date(1700000000000)/"},
		"odata before1970": {"odata", "/Date(-86400000)/", "1969-12-31T01:00:00+01:00", "/Date(-86400000)/"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			l, err := compileLayout(tc.layout)
			if err != nil {
				t.Fatal(err)
			}
			got, err := l.parse(tc.in, ams)
			if err != nil {
				t.Fatalf("parse %q: %v", tc.in, err)
			}
			if s := formatRFC3339(got); s != tc.want {
				t.Errorf("parse %q = %s, want %s", tc.in, s, tc.want)
			}
			if s := l.format(got); s != tc.format {
				t.Errorf("format = %q, want %q", s, tc.format)
			}
		})
	}
}

func TestLayoutErrors(t *testing.T) {
	for _, layout := range []string{"yyyy-MM-dd", "DD-MM-YYYY hh:mm", "[open", "", "YYYY-MM-DD s"} {
		if _, err := compileLayout(layout); err == nil {
			t.Errorf("layout %q: want an error", layout)
		}
	}
	parseErrors := map[string][2]string{
		"no such day":   {"DD-MM-YYYY", "31-02-2024"},
		"hour 24":       {"HH:mm", "24:00"},
		"trailing text": {"date", "2024-03-05 extra"},
		"short year":    {"YYYY", "24"},
		"bad offset":    {"HH:mmZ", "10:00+1"},
		"not odata":     {"odata", "1700000000000"},
		"not rfc3339":   {"rfc3339", "05-03-2024"},
		"literal":       {"DD.MM.YYYY", "05-03-2024"},
	}
	for name, c := range parseErrors {
		l, err := compileLayout(c[0])
		if err != nil {
			t.Fatal(err)
		}
		if got, err := l.parse(c[1], time.UTC); err == nil {
			t.Errorf("%s: parse %q with %q = %v, want an error", name, c[1], c[0], got)
		}
	}
}

func TestLayoutCache(t *testing.T) {
	a, _ := compileLayout("DD/MM/YYYY")
	b, _ := compileLayout("DD/MM/YYYY")
	if a != b {
		t.Error("the same layout text was compiled twice")
	}
}

// TestDateFunctionZones checks the zone rule through expressions: text
// without an offset is read in the zone argument (or Config.Location), and
// instants are rendered in that zone.
func TestDateFunctionZones(t *testing.T) {
	cfg := testConfig(t) // Europe/Amsterdam, now = 2024-03-15T10:30:00Z
	tests := map[string]struct{ expr, want string }{
		"offset-less read in zone arg":   {`parseDate("2024-01-10 08:00", "YYYY-MM-DD HH:mm", "Asia/Tokyo")`, `"2024-01-10T08:00:00+09:00"`},
		"fixed offset zone":              {`parseDate("2024-01-10", "date", "-03:30")`, `"2024-01-10T00:00:00-03:30"`},
		"format converts to zone":        {`formatDate("2024-01-10T08:00:00+09:00", "HH:mm", "Europe/London")`, `"23:00"`},
		"format default zone":            {`formatDate("2024-01-10T08:00:00+09:00", "DD-MM HH:mm")`, `"10-01 00:00"`},
		"offset-less text in format":     {`formatDate("2024-06-01T12:00:00", "HH:mm Z", "America/New_York")`, `"12:00 -04:00"`},
		"date only text stays its date":  {`formatDate("2024-06-01", "DD.MM.YYYY", "Pacific/Auckland")`, `"01.06.2024"`},
		"date of instant in zone":        {`date(parseDate("2024-03-15T23:30:00Z", "rfc3339"))`, `"2024-03-16"`},
		"date of odata":                  {`date("/Date(1710546600000)/", "UTC")`, `"2024-03-15"`},
		"date null":                      {`date(nil)`, `null`},
		"now in location":                {`formatDate(now(), "HH:mm Z")`, `"11:30 +01:00"`},
		"addDays across DST":             {`addDays(parseDate("2024-10-26 12:00", "YYYY-MM-DD HH:mm"), 1)`, `"2024-10-27T12:00:00+01:00"`},
		"addDays negative month end":     {`addDays("2024-03-01", -1)`, `"2024-02-29"`},
		"addDays decimal count":          {`addDays("2024-03-01", decimal("2"))`, `"2024-03-03"`},
		"parse empty gives null":         {`parseDate("", "date")`, `null`},
		"compare dates":                  {`parseDate("2024-01-02", "date") > parseDate("2024-01-01T23:00:00Z", "rfc3339")`, `false`},
		"dates difference in hours":      {`(parseDate("2024-01-02", "date") - parseDate("2024-01-01", "date")).Hours()`, `24`},
		"zone argument null uses config": {`formatDate("2024-01-10T08:00:00Z", "HH:mm", nil)`, `"09:00"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := evalJSON(cfg, tc.expr, "")
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.expr, got, tc.want)
			}
		})
	}
}

func TestDateFunctionErrors(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"unknown zone":  {`parseDate("2024-01-01", "date", "Mars/Olympus")`, `unknown zone "Mars/Olympus"`},
		"local refused": {`date(now(), "Local")`, `name an IANA zone`},
		"bad layout":    {`formatDate(now(), "dd-mm-yyyy")`, `unknown token "d"`},
		"bad input":     {`parseDate("31-02-2024", "DD-MM-YYYY")`, `is not a valid date`},
		"not a date":    {`formatDate(42, "date")`, `expected a date, got 42`},
		"bad text":      {`date("yesterday")`, `cannot read "yesterday" as a date`},
		"fraction days": {`addDays("2024-01-01", 1.5)`, `must be a whole number`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := evalJSON(cfg, tc.expr, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: error %v, want it to contain %q", tc.expr, err, tc.want)
			}
		})
	}
}
