package emulator

import (
	"net/http"
	"strings"
	"time"

	"github.com/govalues/decimal"
)

// vtype is the static type of a $filter expression.
type vtype int

const (
	tNull vtype = iota
	tString
	tGuid
	tNumber
	tBool
	tTime
)

var vtypeNames = [...]string{"null", "string", "Guid", "number", "boolean", "date-time"}

func (t vtype) String() string { return vtypeNames[t] }

// operand is a $filter value at run time.
type operand struct {
	t    vtype
	s    string          // tString, tGuid (a Guid in lower case)
	n    decimal.Decimal // tNumber
	b    bool            // tBool
	tm   time.Time       // tTime
	null bool            // a property without a value
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokLiteral
	tokLParen
	tokRParen
	tokComma
	tokMinus
)

// token is one lexeme of a $filter; pos is its 0-based byte offset.
type token struct {
	kind tokKind
	text string
	pos  int
	lit  operand
}

func filterError(format string, args ...any) error {
	return errf(http.StatusBadRequest, codeValidation, "$filter: "+format, args...)
}

// lexFilter splits src into tokens, decoding literals on the way: 'text'
// (a quote inside doubled), numbers, true, false, null, ISO 8601 dates and
// date-times written bare (2024-05-01T12:00:00Z, OData v4 style) and the
// OData v2 forms datetime'…', datetimeoffset'…' and guid'…'.
func lexFilter(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{kind: tokLParen, text: "(", pos: i})
			i++
		case c == ')':
			toks = append(toks, token{kind: tokRParen, text: ")", pos: i})
			i++
		case c == ',':
			toks = append(toks, token{kind: tokComma, text: ",", pos: i})
			i++
		case c == '\'':
			s, n, err := lexQuoted(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokLiteral, text: src[i : i+n], pos: i, lit: operand{t: tString, s: s}})
			i += n
		case c == '-' && (i+1 >= len(src) || !isDigit(src[i+1])):
			toks = append(toks, token{kind: tokMinus, text: "-", pos: i})
			i++
		case c == '-' || isDigit(c):
			t, err := lexNumberOrDate(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += len(t.text)
		case c == '_' || isLetter(c):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '/' || isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			word := src[i:j]
			if strings.Contains(word, "/") {
				return nil, filterError("'%s' at position %d: paths into rows and lambda operators are not supported", word, i)
			}
			if j < len(src) && src[j] == '\'' {
				t, n, err := lexTypedLiteral(src, i, word, j)
				if err != nil {
					return nil, err
				}
				toks = append(toks, t)
				i = j + n
				continue
			}
			switch strings.ToLower(word) {
			case "true", "false":
				toks = append(toks, token{kind: tokLiteral, text: word, pos: i, lit: operand{t: tBool, b: strings.EqualFold(word, "true")}})
			case "null":
				toks = append(toks, token{kind: tokLiteral, text: word, pos: i, lit: operand{t: tNull, null: true}})
			default:
				toks = append(toks, token{kind: tokIdent, text: word, pos: i})
			}
			i = j
		default:
			return nil, filterError("unexpected character %q at position %d in '%s'", c, i, src)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(src)}), nil
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// lexQuoted reads a quoted string starting at the quote src[i] and returns its
// value and the length of its source text.
func lexQuoted(src string, i int) (string, int, error) {
	var b strings.Builder
	for j := i + 1; j < len(src); j++ {
		if src[j] != '\'' {
			b.WriteByte(src[j])
			continue
		}
		if j+1 < len(src) && src[j+1] == '\'' {
			b.WriteByte('\'')
			j++
			continue
		}
		return b.String(), j + 1 - i, nil
	}
	return "", 0, filterError("unterminated string literal at position %d in '%s'", i, src)
}

// lexNumberOrDate reads a number, or a bare date-time when the digits
// start like yyyy-MM-dd.
func lexNumberOrDate(src string, i int) (token, error) {
	if len(src)-i >= 10 && isDigit(src[i]) && src[i+4] == '-' && src[i+7] == '-' {
		j := i
		for j < len(src) && (isDigit(src[j]) || strings.IndexByte("-:.T+Z", src[j]) >= 0) {
			j++
		}
		text := src[i:j]
		t, ok := parseTime(text)
		if !ok {
			return token{}, filterError("invalid date-time %s at position %d in '%s'", text, i, src)
		}
		return token{kind: tokLiteral, text: text, pos: i, lit: operand{t: tTime, tm: t}}, nil
	}
	j := i
	if src[j] == '-' {
		j++
	}
	for j < len(src) && (isDigit(src[j]) || src[j] == '.' || src[j] == 'e' || src[j] == 'E' ||
		(src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E')) {
		j++
	}
	text := src[i:j]
	if j < len(src) && strings.IndexByte("mMdDfFlL", src[j]) >= 0 {
		j++
	}
	d, err := decimal.Parse(text)
	if err != nil {
		return token{}, filterError("invalid number '%s' at position %d in '%s'", src[i:j], i, src)
	}
	return token{kind: tokLiteral, text: src[i:j], pos: i, lit: operand{t: tNumber, n: d}}, nil
}

// lexTypedLiteral reads prefix'…' (guid, datetime, datetimeoffset) where
// src[q] is the opening quote.
func lexTypedLiteral(src string, i int, prefix string, q int) (token, int, error) {
	s, n, err := lexQuoted(src, q)
	if err != nil {
		return token{}, 0, err
	}
	text := src[i : q+n]
	tok := token{kind: tokLiteral, text: text, pos: i}
	switch strings.ToLower(prefix) {
	case "guid":
		g, ok := parseUUID(s)
		if !ok {
			return token{}, 0, filterError("invalid Guid literal %s at position %d in '%s'", text, i, src)
		}
		tok.lit = operand{t: tGuid, s: g}
	case "datetime", "datetimeoffset":
		t, ok := parseTime(s)
		if !ok {
			return token{}, 0, filterError("invalid date-time literal %s at position %d in '%s'", text, i, src)
		}
		tok.lit = operand{t: tTime, tm: t}
	default:
		return token{}, 0, filterError("unknown literal type '%s' at position %d in '%s'", prefix, i, src)
	}
	return tok, q + n - i, nil
}
