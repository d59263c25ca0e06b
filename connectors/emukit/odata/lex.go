package odata

import (
	"fmt"
	"strings"
)

// Kind is a token's kind.
type Kind int

const (
	EOF Kind = iota
	Ident
	Literal
	LParen
	RParen
	Comma
	Minus
)

// Token is one lexeme of a $filter; Pos is its 0-based byte offset and Lit
// the decoded value of a Literal.
type Token[L any] struct {
	Kind Kind
	Text string
	Pos  int
	Lit  L
}

// TypedLiteral is a prefix'…' literal kind (guid, datetime): Name is what
// its error calls it ("Guid literal"), Parse reads the quoted text.
type TypedLiteral[L any] struct {
	Name  string
	Parse func(s string) (L, bool)
}

// Lexer is a dialect's lexing rules.
type Lexer[L any] struct {
	// Fail makes the emulator's 400 from a message without the "$filter: "
	// prefix, which Fail adds.
	Fail func(msg string) error
	// IdentStart and IdentChar say which bytes start and continue a name.
	IdentStart, IdentChar func(c byte) bool
	// Number reads a number (or whatever else starts with a digit or '-'
	// in the dialect) at src[i]; its Text says how far it reaches.
	Number func(src string, i int) (Token[L], error)
	// String is the value of a 'quoted' string.
	String func(s string) L
	// Typed are the prefix'…' literals by lower-case prefix.
	Typed map[string]TypedLiteral[L]
	// CheckName, when set, may refuse a name before anything else.
	CheckName func(word string, pos int) error
	// Keyword, when set, reads a name as a literal (true, false, null).
	Keyword func(word string) (L, bool)
}

func (lx *Lexer[L]) failf(format string, args ...any) error {
	return lx.Fail(fmt.Sprintf(format, args...))
}

// Lex splits src into tokens, ending with an EOF token at len(src).
func (lx *Lexer[L]) Lex(src string) ([]Token[L], error) {
	var toks []Token[L]
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',':
			toks = append(toks, Token[L]{Kind: punct[c], Text: src[i : i+1], Pos: i})
			i++
		case c == '\'':
			s, n, err := lx.quoted(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, Token[L]{Kind: Literal, Text: src[i : i+n], Pos: i, Lit: lx.String(s)})
			i += n
		case c == '-' || '0' <= c && c <= '9':
			t, err := lx.Number(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += len(t.Text)
		case lx.IdentStart(c):
			t, err := lx.name(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i += len(t.Text)
		default:
			return nil, lx.failf("unexpected character %q at position %d in '%s'", c, i, src)
		}
	}
	return append(toks, Token[L]{Kind: EOF, Pos: len(src)}), nil
}

var punct = map[byte]Kind{'(': LParen, ')': RParen, ',': Comma}

// name reads a name at src[i]: a typed literal when a quote follows, a
// keyword literal, or an identifier.
func (lx *Lexer[L]) name(src string, i int) (Token[L], error) {
	j := i
	for j < len(src) && lx.IdentChar(src[j]) {
		j++
	}
	word := src[i:j]
	if lx.CheckName != nil {
		if err := lx.CheckName(word, i); err != nil {
			return Token[L]{}, err
		}
	}
	if j < len(src) && src[j] == '\'' {
		return lx.typed(src, i, word, j)
	}
	if lx.Keyword != nil {
		if v, ok := lx.Keyword(word); ok {
			return Token[L]{Kind: Literal, Text: word, Pos: i, Lit: v}, nil
		}
	}
	return Token[L]{Kind: Ident, Text: word, Pos: i}, nil
}

// quoted reads a quoted string starting at the quote src[i] and returns
// its value and the length of its source text.
func (lx *Lexer[L]) quoted(src string, i int) (string, int, error) {
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
	return "", 0, lx.failf("unterminated string literal at position %d in '%s'", i, src)
}

// typed reads prefix'…' where src[q] is the opening quote.
func (lx *Lexer[L]) typed(src string, i int, prefix string, q int) (Token[L], error) {
	s, n, err := lx.quoted(src, q)
	if err != nil {
		return Token[L]{}, err
	}
	text := src[i : q+n]
	kind, ok := lx.Typed[strings.ToLower(prefix)]
	if !ok {
		return Token[L]{}, lx.failf("unknown literal type '%s' at position %d in '%s'", prefix, i, src)
	}
	v, ok := kind.Parse(s)
	if !ok {
		return Token[L]{}, lx.failf("invalid %s %s at position %d in '%s'", kind.Name, text, i, src)
	}
	return Token[L]{Kind: Literal, Text: text, Pos: i, Lit: v}, nil
}
