package emulator

import (
	"math/big"
	"strings"
	"unicode"

	"github.com/pipeline-dev/pipeline/connectors/emukit/odata"
)

// token is one lexeme of a $filter (see emukit/odata).
type token = odata.Token[operand]

// filterLexer reads 'text' (with ” for a quote), numbers (with an
// optional m/d/f/l suffix), guid'…', datetime'…', datetimeoffset'…' and
// the names true, false and null.
var filterLexer = odata.Lexer[operand]{
	Fail: func(msg string) error { return badRequest("$filter: %s", msg) },
	IdentStart: func(c byte) bool {
		return c == '_' || unicode.IsLetter(rune(c)) || c >= 0x80
	},
	IdentChar: func(c byte) bool {
		return c == '_' || c == '.' || c == '/' || c >= 0x80 || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	},
	Number: lexNumber,
	String: func(s string) operand { return operand{t: tString, s: s} },
	Typed: map[string]odata.TypedLiteral[operand]{
		"guid":           {Name: "Guid literal", Parse: guidOperand},
		"datetime":       {Name: "DateTime literal", Parse: dateOperand},
		"datetimeoffset": {Name: "DateTime literal", Parse: dateOperand},
	},
	Keyword: func(word string) (operand, bool) {
		switch strings.ToLower(word) {
		case "true", "false":
			return operand{t: tBool, b: strings.ToLower(word) == "true"}, true
		case "null":
			return operand{t: tNull, null: true}, true
		}
		return operand{}, false
	},
}

func guidOperand(s string) (operand, bool) {
	g, ok := parseGUID(s)
	return operand{t: tGuid, s: g}, ok
}

func dateOperand(s string) (operand, bool) {
	t, ok := parseDate(s)
	return operand{t: tTime, ms: t.UnixMilli()}, ok
}

// lexNumber reads a number at src[i], which may start with '-'.
func lexNumber(src string, i int) (token, error) {
	j := i
	if src[j] == '-' {
		j++
	}
	start := j
	for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' ||
		src[j] == 'e' || src[j] == 'E' || ((src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E'))) {
		j++
	}
	if j == start {
		return token{}, badRequest("$filter: unexpected '-' at position %d in '%s'", i, src)
	}
	num := src[i:j]
	if j < len(src) && strings.ContainsRune("mMdDfFlL", rune(src[j])) {
		j++
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return token{}, badRequest("$filter: invalid number '%s' at position %d in '%s'", src[i:j], i, src)
	}
	return token{Kind: odata.Literal, Text: src[i:j], Pos: i, Lit: operand{t: tNumber, n: r}}, nil
}
