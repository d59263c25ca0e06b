package emulator

import (
	"net/http"
	"strings"
	"time"

	"github.com/govalues/decimal"

	"github.com/pipeline-dev/pipeline/connectors/emukit/odata"
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

// token is one lexeme of a $filter (see emukit/odata).
type token = odata.Token[operand]

func filterError(format string, args ...any) error {
	return errf(http.StatusBadRequest, codeValidation, "$filter: "+format, args...)
}

// filterLexer reads 'text' (a quote inside doubled), numbers, true,
// false, null, ISO 8601 dates and date-times written bare
// (2024-05-01T12:00:00Z, OData v4 style) and the OData v2 forms
// datetime'…', datetimeoffset'…' and guid'…'.
var filterLexer = odata.Lexer[operand]{
	Fail:       func(msg string) error { return filterError("%s", msg) },
	IdentStart: func(c byte) bool { return c == '_' || isLetter(c) },
	IdentChar:  func(c byte) bool { return c == '_' || c == '/' || isLetter(c) || isDigit(c) },
	Number:     lexNumberOrDate,
	String:     func(s string) operand { return operand{t: tString, s: s} },
	Typed: map[string]odata.TypedLiteral[operand]{
		"guid":           {Name: "Guid literal", Parse: guidOperand},
		"datetime":       {Name: "date-time literal", Parse: timeOperand},
		"datetimeoffset": {Name: "date-time literal", Parse: timeOperand},
	},
	CheckName: func(word string, pos int) error {
		if strings.Contains(word, "/") {
			return filterError("'%s' at position %d: paths into rows and lambda operators are not supported", word, pos)
		}
		return nil
	},
	Keyword: func(word string) (operand, bool) {
		switch strings.ToLower(word) {
		case "true", "false":
			return operand{t: tBool, b: strings.EqualFold(word, "true")}, true
		case "null":
			return operand{t: tNull, null: true}, true
		}
		return operand{}, false
	},
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func guidOperand(s string) (operand, bool) {
	g, ok := parseUUID(s)
	return operand{t: tGuid, s: g}, ok
}

func timeOperand(s string) (operand, bool) {
	t, ok := parseTime(s)
	return operand{t: tTime, tm: t}, ok
}

// lexNumberOrDate reads a number, a bare date-time when the digits start
// like yyyy-MM-dd, or a unary minus.
func lexNumberOrDate(src string, i int) (token, error) {
	if src[i] == '-' && (i+1 >= len(src) || !isDigit(src[i+1])) {
		return token{Kind: odata.Minus, Text: "-", Pos: i}, nil
	}
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
		return token{Kind: odata.Literal, Text: text, Pos: i, Lit: operand{t: tTime, tm: t}}, nil
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
	return token{Kind: odata.Literal, Text: src[i:j], Pos: i, Lit: operand{t: tNumber, n: d}}, nil
}
