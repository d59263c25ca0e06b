package emulator

import (
	"math/big"
	"strings"
	"unicode"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokLiteral
	tokLParen
	tokRParen
	tokComma
)

// token is one lexeme of a $filter; pos is its 0-based byte offset.
type token struct {
	kind tokKind
	text string
	pos  int
	lit  operand
}

// lexFilter splits src into tokens, decoding literals on the way:
// 'text' (with ” for a quote), numbers (with an optional m/d/f/l suffix),
// guid'…', datetime'…' and datetimeoffset'…'.
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
		case c == '-' || (c >= '0' && c <= '9'):
			t, err := lexNumber(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += len(t.text)
		case c == '_' || unicode.IsLetter(rune(c)) || c >= 0x80:
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '.' || src[j] == '/' || src[j] >= 0x80 ||
				unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			word := src[i:j]
			if j < len(src) && src[j] == '\'' {
				t, n, err := lexTypedLiteral(src, i, word, j)
				if err != nil {
					return nil, err
				}
				toks = append(toks, t)
				i += n
				continue
			}
			toks = append(toks, token{kind: tokIdent, text: word, pos: i})
			i = j
		default:
			return nil, badRequest("$filter: unexpected character %q at position %d in '%s'", c, i, src)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(src)}), nil
}

// lexQuoted reads a quoted string starting at src[i] == '\” and returns its
// value and the length of its source text.
func lexQuoted(src string, i int) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		if src[j] == '\'' {
			if j+1 < len(src) && src[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			return b.String(), j + 1 - i, nil
		}
		b.WriteByte(src[j])
		j++
	}
	return "", 0, badRequest("$filter: unterminated string literal at position %d in '%s'", i, src)
}

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
	return token{kind: tokLiteral, text: src[i:j], pos: i, lit: operand{t: tNumber, n: r}}, nil
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
		g, ok := parseGUID(s)
		if !ok {
			return token{}, 0, badRequest("$filter: invalid Guid literal %s at position %d in '%s'", text, i, src)
		}
		tok.lit = operand{t: tGuid, s: g}
	case "datetime", "datetimeoffset":
		t, ok := parseDate(s)
		if !ok {
			return token{}, 0, badRequest("$filter: invalid DateTime literal %s at position %d in '%s'", text, i, src)
		}
		tok.lit = operand{t: tTime, ms: t.UnixMilli()}
	default:
		return token{}, 0, badRequest("$filter: unknown literal type '%s' at position %d in '%s'", prefix, i, src)
	}
	return tok, q + n - i, nil
}
