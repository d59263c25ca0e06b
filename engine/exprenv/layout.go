package exprenv

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Date layouts are written with consultant-friendly tokens instead of Go's
// reference time:
//
//	YYYY 2024   YY 24    MM 03   M 3    DD 05   D 5
//	HH 09 (00-23)        H 9     mm 07  ss 02   SSS 045 (milliseconds)
//	Z  +01:00 (also "Z" when parsing)   ZZ +0100 (also "Z" when parsing)
//
// Any other character is literal, except that ASCII letters other than T
// must be tokens or sit inside [brackets] (e.g. "[week] D"): a stray letter
// is far more often a typo (yyyy, hh) than intended text, so it is an error.
// Named layouts: "rfc3339", "date" (YYYY-MM-DD), "datetime"
// (YYYY-MM-DDTHH:mm:ss) and "odata" (Exact Online's "/Date(1700000000000)/").

type tokenKind uint8

const (
	tokLiteral tokenKind = iota
	tokYear4
	tokYear2
	tokMonth2
	tokMonth1
	tokDay2
	tokDay1
	tokHour2
	tokHour1
	tokMinute
	tokSecond
	tokMilli
	tokZoneColon
	tokZone
)

// tokenTable is ordered longest first so that "YYYY" wins over "YY".
var tokenTable = []struct {
	text string
	kind tokenKind
}{
	{"YYYY", tokYear4}, {"SSS", tokMilli}, {"YY", tokYear2}, {"MM", tokMonth2}, {"DD", tokDay2},
	{"HH", tokHour2}, {"mm", tokMinute}, {"ss", tokSecond}, {"ZZ", tokZone},
	{"M", tokMonth1}, {"D", tokDay1}, {"H", tokHour1}, {"Z", tokZoneColon},
}

type token struct {
	kind tokenKind
	lit  string
}

// layout is a compiled date layout: either one of the special named forms or
// a token list.
type layout struct {
	special string // "rfc3339", "odata" or ""
	tokens  []token
}

var namedLayouts = map[string]string{"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:mm:ss"}

var (
	layoutCache     sync.Map // layout text → *layout
	layoutCacheSize atomic.Int64
)

// compileLayout converts a layout once per distinct text.
func compileLayout(text string) (*layout, error) {
	if l, ok := layoutCache.Load(text); ok {
		return l.(*layout), nil
	}
	l, err := parseLayout(text)
	if err != nil {
		return nil, err
	}
	if layoutCacheSize.Load() < regexCacheLimit {
		if _, loaded := layoutCache.LoadOrStore(text, l); !loaded {
			layoutCacheSize.Add(1)
		}
	}
	return l, nil
}

func parseLayout(text string) (*layout, error) {
	switch name := strings.ToLower(text); name {
	case "rfc3339", "odata":
		return &layout{special: name}, nil
	case "date", "datetime":
		text = namedLayouts[name]
	}
	if text == "" {
		return nil, fmt.Errorf("empty date layout")
	}
	var l layout
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			l.tokens = append(l.tokens, token{kind: tokLiteral, lit: lit.String()})
			lit.Reset()
		}
	}
next:
	for i := 0; i < len(text); {
		if text[i] == '[' {
			end := strings.IndexByte(text[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("date layout %q: unclosed [", text)
			}
			lit.WriteString(text[i+1 : i+end])
			i += end + 1
			continue
		}
		for _, t := range tokenTable {
			if strings.HasPrefix(text[i:], t.text) {
				flush()
				l.tokens = append(l.tokens, token{kind: t.kind})
				i += len(t.text)
				continue next
			}
		}
		if c := text[i]; c != 'T' && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return nil, fmt.Errorf("date layout %q: unknown token %q at position %d "+
				"(tokens: YYYY YY MM M DD D HH H mm ss SSS Z ZZ; put literal text in [brackets])", text, string(c), i)
		}
		lit.WriteByte(text[i])
		i++
	}
	flush()
	return &l, nil
}

// format renders t (already in the wanted zone).
func (l *layout) format(t time.Time) string {
	switch l.special {
	case "rfc3339":
		return formatRFC3339(t)
	case "odata":
		return "/Date(" + strconv.FormatInt(t.UnixMilli(), 10) + ")/"
	}
	b := make([]byte, 0, 32)
	for _, tok := range l.tokens {
		switch tok.kind {
		case tokLiteral:
			b = append(b, tok.lit...)
		case tokYear4:
			b = appendPadded(b, t.Year(), 4)
		case tokYear2:
			b = appendPadded(b, t.Year()%100, 2)
		case tokMonth2:
			b = appendPadded(b, int(t.Month()), 2)
		case tokMonth1:
			b = strconv.AppendInt(b, int64(t.Month()), 10)
		case tokDay2:
			b = appendPadded(b, t.Day(), 2)
		case tokDay1:
			b = strconv.AppendInt(b, int64(t.Day()), 10)
		case tokHour2:
			b = appendPadded(b, t.Hour(), 2)
		case tokHour1:
			b = strconv.AppendInt(b, int64(t.Hour()), 10)
		case tokMinute:
			b = appendPadded(b, t.Minute(), 2)
		case tokSecond:
			b = appendPadded(b, t.Second(), 2)
		case tokMilli:
			b = appendPadded(b, t.Nanosecond()/1e6, 3)
		case tokZoneColon, tokZone:
			_, off := t.Zone()
			sign := byte('+')
			if off < 0 {
				sign, off = '-', -off
			}
			b = appendPadded(append(b, sign), off/3600, 2)
			if tok.kind == tokZoneColon {
				b = append(b, ':')
			}
			b = appendPadded(b, off/60%60, 2)
		}
	}
	return string(b)
}

func appendPadded(b []byte, v, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}
