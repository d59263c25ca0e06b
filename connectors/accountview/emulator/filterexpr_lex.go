package emulator

import (
	"strings"
	"unicode"
)

// The free-form Filter parameter is a Visual FoxPro expression over the
// header table's fields, as [AV-RB] sends it:
//
//	dct_fld.dbf_name='ART_LINE'
//	!EMPTY(dct_file.obj_code) AND dct_file.dbf_type=2
//
// The emulator reads a subset: comparisons (= == != <> # < <= > >=, and $
// for "is contained in"), AND OR NOT ! (also .AND. .OR. .NOT.), parentheses,
// literals ('text', "text", [text], numbers, .T. .F., {^2024-01-31},
// {^2024-01-31 10:00:00}) and the functions EMPTY, UPPER, LOWER, ALLTRIM,
// TRIM, INLIST and BETWEEN. Errors carry the FoxPro error numbers 10
// (syntax), 12 (unknown name) and 107 (type mismatch).

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tDate
	tLogical
	tOp
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// lexFox splits a FoxPro expression into tokens.
func lexFox(src string) ([]token, *apiError) {
	var out []token
	i := 0
	for i < len(src) {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(':
			out = append(out, token{tLParen, "(", i})
			i++
		case c == ')':
			out = append(out, token{tRParen, ")", i})
			i++
		case c == ',':
			out = append(out, token{tComma, ",", i})
			i++
		case c == '\'' || c == '"' || c == '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			j := strings.IndexByte(src[i+1:], end)
			if j < 0 {
				return nil, filterError(errNrSyntax, "Filter: unterminated text starting at position %d", i+1)
			}
			out = append(out, token{tString, src[i+1 : i+1+j], i})
			i += j + 2
		case c == '{':
			j := strings.IndexByte(src[i:], '}')
			if j < 0 {
				return nil, filterError(errNrSyntax, "Filter: unterminated date literal at position %d", i+1)
			}
			out = append(out, token{tDate, src[i : i+j+1], i})
			i += j + 1
		case c == '.':
			if tok, n := dotWord(src[i:]); n > 0 {
				out = append(out, token{tok.kind, tok.text, i})
				i += n
				continue
			}
			if i+1 < len(src) && unicode.IsDigit(rune(src[i+1])) {
				j := scanNumber(src, i)
				out = append(out, token{tNumber, src[i:j], i})
				i = j
				continue
			}
			return nil, filterError(errNrSyntax, "Filter: unexpected '.' at position %d", i+1)
		case unicode.IsDigit(c):
			j := scanNumber(src, i)
			out = append(out, token{tNumber, src[i:j], i})
			i = j
		case unicode.IsLetter(c) || c == '_':
			j := i
			for j < len(src) && (unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j])) || src[j] == '_' || src[j] == '.') {
				j++
			}
			word := src[i:j]
			switch strings.ToUpper(word) {
			case "AND", "OR", "NOT":
				out = append(out, token{tOp, strings.ToUpper(word), i})
			default:
				out = append(out, token{tIdent, word, i})
			}
			i = j
		default:
			op := ""
			for _, cand := range []string{"==", "!=", "<>", "<=", ">=", "=", "#", "<", ">", "$", "!"} {
				if strings.HasPrefix(src[i:], cand) {
					op = cand
					break
				}
			}
			if op == "" {
				return nil, filterError(errNrSyntax, "Filter: unexpected %q at position %d", c, i+1)
			}
			out = append(out, token{tOp, op, i})
			i += len(op)
		}
	}
	return append(out, token{tEOF, "", len(src)}), nil
}

// dotWord reads .T. .F. .AND. .OR. .NOT. at the start of s.
func dotWord(s string) (token, int) {
	up := strings.ToUpper(s)
	for _, w := range []struct {
		text string
		tok  token
	}{{".T.", token{kind: tLogical, text: "T"}}, {".F.", token{kind: tLogical, text: "F"}},
		{".AND.", token{kind: tOp, text: "AND"}}, {".OR.", token{kind: tOp, text: "OR"}}, {".NOT.", token{kind: tOp, text: "NOT"}}} {
		if strings.HasPrefix(up, w.text) {
			return w.tok, len(w.text)
		}
	}
	return token{}, 0
}

func scanNumber(s string, i int) int {
	j := i
	for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.') {
		j++
	}
	return j
}
