package schemas

import (
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// formatCheck asserts one format keyword on the fast path. quick accepts
// the common, unambiguous spellings of the format without allocating; a
// string it does not accept goes to the library's own checker, which makes
// the final decision. So the fast path cannot disagree with the library on a
// format: quick only ever says yes to strings the library accepts too (the
// tests compare them on systematic inputs).
type formatCheck struct {
	name  string
	quick func(string) bool // nil when the format has no quick check
	lib   func(any) bool
}

func (f *formatCheck) valid(s string) bool {
	if f.quick != nil && f.quick(s) {
		return true
	}
	return f.lib(s)
}

// newFormatCheck returns the check of a format the library asserts, or nil
// for a format it does not know (the library then only annotates). Our
// compiler asserts formats (AssertFormat) and registers none of its own, so
// the library's global registry decides, as it does at compile time.
func newFormatCheck(name string) *formatCheck {
	lib, ok := jsonschema.Formats[name]
	if !ok || name == "" {
		return nil
	}
	quick := map[string]func(string) bool{
		"uuid":      quickUUID,
		"date":      quickDate,
		"date-time": quickDateTime,
		"email":     quickEmail,
	}[name]
	return &formatCheck{name: name, quick: quick, lib: lib}
}

// quickUUID accepts 8-4-4-4-12 hexadecimal digits, in either case.
func quickUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !isDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// quickDate accepts YYYY-MM-DD naming a day of the proleptic Gregorian
// calendar, as time.Parse("2006-01-02") does.
func quickDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// quickDateTime accepts RFC 3339 date-times: a quickDate, "T", hh:mm:ss with
// an optional fraction, and "Z" or a ±hh:mm offset. A leap second (:60) is
// left to the library, which checks it against the offset.
func quickDateTime(s string) bool {
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') || !quickDate(s[:10]) {
		return false
	}
	t := s[11:]
	if t[2] != ':' || t[5] != ':' || !clock(t[0:2], 23) || !clock(t[3:5], 59) || !clock(t[6:8], 59) {
		return false
	}
	t = t[8:]
	if t[0] == '.' {
		n := 1
		for n < len(t) && isDigit(t[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		t = t[n:]
	}
	switch {
	case t == "Z" || t == "z":
		return true
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':':
		return clock(t[1:3], 23) && clock(t[4:6], 59)
	}
	return false
}

// clock reports whether s is two digits no greater than limit.
func clock(s string, limit int) bool {
	n, ok := digits(s)
	return ok && n <= limit
}

// digits reads a string of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

// quickEmail accepts plain addresses: a dot-atom local part of letters,
// digits and ._%+- (at most 64 bytes), "@", and a host name of letter, digit
// and hyphen labels. Quoted local parts, comments, IP literals and the rarer
// atext characters go to the library.
func quickEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 1 || at > 64 || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !isAlnum(c) && !strings.ContainsRune("._%+-", rune(c)) {
			return false
		}
	}
	if domain == "" || len(domain) > 253 {
		return false
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !isAlnum(label[i]) && label[i] != '-' {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}
