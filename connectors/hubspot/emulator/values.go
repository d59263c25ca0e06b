package emulator

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// maxStringLen is the longest text a string property holds (HubSpot's
// 65,536-character limit, recalled rather than documented in our facts).
const maxStringLen = 65536

// Wire formats of times: HubSpot writes datetimes with milliseconds in
// UTC and dates as plain calendar days.
const (
	datetimeLayout = "2006-01-02T15:04:05.000Z"
	dateLayout     = "2006-01-02"
)

func formatTime(t time.Time) string { return t.UTC().Format(datetimeLayout) }

// normalize turns a written property value into the string HubSpot stores
// and returns: numbers in plain decimal notation, booleans as "true" or
// "false", datetimes as ISO 8601 UTC with milliseconds, dates as
// YYYY-MM-DD, enumerations checked against their options. A JSON null or
// "" clears the property and comes back as "".
func normalize(t *objectType, d *propDef, raw any) (string, *propError) {
	s, ok := rawText(raw)
	if !ok {
		return "", &propError{d.Name, "INVALID_" + strings.ToUpper(d.Type), fmt.Sprintf("%s is not a valid %s value: it must be a string, number or boolean", d.Name, d.Type)}
	}
	if s == "" {
		return "", nil
	}
	bad := func(code, format string, args ...any) (string, *propError) {
		return "", &propError{d.Name, code, fmt.Sprintf(format, args...)}
	}
	switch d.Type {
	case "number":
		n, err := decimal.Parse(strings.TrimSpace(s))
		if err != nil {
			return bad("INVALID_NUMBER", "%s was not a valid number.", s)
		}
		return n.Trim(0).String(), nil
	case "bool":
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return "true", nil
		case "false":
			return "false", nil
		}
		return bad("INVALID_BOOLEAN", "%s was not a valid boolean: use true or false.", s)
	case "datetime":
		at, ok := parseInstant(s)
		if !ok {
			return bad("INVALID_DATETIME", "%s was not a valid datetime: use epoch milliseconds or ISO 8601.", s)
		}
		return formatTime(at), nil
	case "date":
		at, ok := parseInstant(s)
		if !ok {
			return bad("INVALID_DATE", "%s was not a valid date: use YYYY-MM-DD or epoch milliseconds at midnight UTC.", s)
		}
		if h, m, sec := at.Clock(); h != 0 || m != 0 || sec != 0 || at.Nanosecond() != 0 {
			return bad("INVALID_DATE", "%s is at %d:%d:%d.%d UTC, not midnight!", s, h, m, sec, at.Nanosecond()/1e6)
		}
		return at.Format(dateLayout), nil
	case "enumeration":
		parts := []string{s}
		if d.multi() {
			parts = strings.Split(s, ";")
		}
		for _, p := range parts {
			if !d.hasOption(p) {
				return bad("INVALID_OPTION", "%s was not one of the allowed options: %s", p, optionList(d))
			}
		}
		return s, nil
	}
	if len([]rune(s)) > maxStringLen {
		return bad("INVALID_STRING_LENGTH", "%s is %d characters long; the limit is %d.", d.Name, len([]rune(s)), maxStringLen)
	}
	if re := patterns[d.Name]; re != nil && !re.MatchString(s) {
		return bad("INVALID_FORMAT", "%s is not a valid %s: %s", s, d.Name, patternHelp[d.Name])
	}
	if t.Name == "contacts" && d.Name == "email" {
		addr, err := mail.ParseAddress(s)
		if err != nil || addr.Address != strings.TrimSpace(s) || !strings.Contains(addr.Address[strings.LastIndexByte(addr.Address, '@'):], ".") {
			return bad("INVALID_EMAIL", "Email address %s is invalid", s)
		}
		return strings.ToLower(addr.Address), nil
	}
	return s, nil
}

// patterns are the formats HubSpot checks on some string properties: a
// recurring billing period is an ISO 8601 period ("P12M"). The schemas in
// schemas/hubspot state the same patterns.
var patterns = map[string]*regexp.Regexp{
	"hs_recurring_billing_period": regexp.MustCompile(`^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$`),
}

var patternHelp = map[string]string{
	"hs_recurring_billing_period": "use an ISO 8601 period such as P12M",
}

func optionList(d *propDef) string {
	vals := make([]string, len(d.Options))
	for i, o := range d.Options {
		vals[i] = o.Value
	}
	return "[" + strings.Join(vals, ", ") + "]"
}

// rawText reads a JSON scalar as text; HubSpot accepts numbers and
// booleans for any property and stores their text.
func rawText(raw any) (string, bool) {
	switch v := raw.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// parseInstant reads epoch milliseconds, ISO 8601 with or without a zone
// (without one it is UTC) or a bare date (midnight UTC).
func parseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", dateLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// value is a stored property value read for comparison in a search.
type value struct {
	kind int // kindText, kindNumber, kindTime
	text string
	num  decimal.Decimal
	at   time.Time
}

const (
	kindText = iota
	kindNumber
	kindTime
)

// typed reads s (a stored value or a filter value) as the property's type.
func typed(d *propDef, s string) (value, bool) {
	switch d.Type {
	case "number":
		n, err := decimal.Parse(strings.TrimSpace(s))
		return value{kind: kindNumber, num: n}, err == nil
	case "date", "datetime":
		at, ok := parseInstant(s)
		return value{kind: kindTime, at: at}, ok
	}
	return value{kind: kindText, text: strings.ToLower(s)}, true
}

// compare orders two values of the same property.
func compare(a, b value) int {
	switch a.kind {
	case kindNumber:
		return a.num.Cmp(b.num)
	case kindTime:
		return a.at.Compare(b.at)
	}
	return strings.Compare(a.text, b.text)
}
