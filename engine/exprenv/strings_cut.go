package exprenv

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Padding and cutting count characters (runes), not bytes, so "Café" is four
// long and a cut never splits a multi-byte character.
var cutFuncs = []fn{
	{
		Function: Function{Name: "padLeft", Signature: "padLeft(s, n[, ch])",
			Description: "Pads text on the left with ch (one character, default a space) to at least n characters; longer text is left as is. Numbers are padded in their text form. Null gives null.",
			Examples: []Example{
				exSrc(`padLeft(get("debtor"), 8, "0")`, `{"debtor":4711}`, `"00004711"`),
				ex(`padLeft("12345", 3, "0")`, `"12345"`),
			}},
		types: []any{sig2, sig3},
		call:  pad("padLeft", true),
	},
	{
		Function: Function{Name: "padRight", Signature: "padRight(s, n[, ch])",
			Description: "Pads text on the right with ch (one character, default a space) to at least n characters. Null gives null.",
			Examples:    []Example{ex(`padRight("AB", 5, ".")`, `"AB..."`), ex(`padRight("Zoë", 4)`, `"Zoë "`)}},
		types: []any{sig2, sig3},
		call:  pad("padRight", false),
	},
	{
		Function: Function{Name: "truncate", Signature: "truncate(s[, n])",
			Description: "Cuts text to at most n characters, never splitting a character; use it to respect field lengths of the target system. Without n, in a field mapping, n is the target field's maxLength from the target schema. Null gives null.",
			Examples:    []Example{ex(`truncate("Bakkerij Ünal & Zonen", 10)`, `"Bakkerij Ü"`), ex(`truncate("kort", 10)`, `"kort"`)}},
		types: []any{sig2},
		call: func(_ *env, args []any) (any, error) {
			s, ok, err := textArg("truncate", args[0])
			if !ok || err != nil {
				return nil, err
			}
			n, err := toInt(args[1], "truncate: n")
			if err != nil {
				return nil, err
			}
			if n < 0 {
				return nil, fmt.Errorf("truncate: n must not be negative, got %d", n)
			}
			return cutRunes(s, 0, n), nil
		},
	},
	{
		Function: Function{Name: "substr", Signature: "substr(s, start[, length])",
			Description: "Returns the characters from position start (0-based) on, at most length of them. Positions beyond the end give an empty or shorter result rather than an error. Null gives null.",
			Examples:    []Example{ex(`substr("NL91ABNA0417164300", 4, 4)`, `"ABNA"`), ex(`substr("2024-03-15", 5)`, `"03-15"`), ex(`substr("abc", 5, 2)`, `""`)}},
		types: []any{sig2, sig3},
		call: func(_ *env, args []any) (any, error) {
			s, ok, err := textArg("substr", args[0])
			if !ok || err != nil {
				return nil, err
			}
			start, err := toInt(args[1], "substr: start")
			if err != nil {
				return nil, err
			}
			length := -1
			if len(args) == 3 {
				if length, err = toInt(args[2], "substr: length"); err != nil {
					return nil, err
				}
			}
			if start < 0 || (len(args) == 3 && length < 0) {
				return nil, fmt.Errorf("substr: start and length must not be negative")
			}
			return cutRunes(s, start, length), nil
		},
	},
}

// cutRunes returns at most n runes of s starting at rune index start; n < 0
// means up to the end.
func cutRunes(s string, start, n int) string {
	i, from := 0, len(s)
	for pos := range s {
		if i == start {
			from = pos
			break
		}
		i++
	}
	if start == 0 {
		from = 0
	}
	rest := s[from:]
	if n < 0 {
		return rest
	}
	count := 0
	for pos := range rest {
		if count == n {
			return rest[:pos]
		}
		count++
	}
	return rest
}

func pad(name string, left bool) func(*env, []any) (any, error) {
	return func(_ *env, args []any) (any, error) {
		s, ok, err := textArg(name, args[0])
		if !ok || err != nil {
			return nil, err
		}
		n, err := toInt(args[1], name+": n")
		if err != nil {
			return nil, err
		}
		ch := " "
		if len(args) == 3 {
			if ch, err = stringArg(name, "ch", args[2]); err != nil {
				return nil, err
			}
			if utf8.RuneCountInString(ch) != 1 {
				return nil, fmt.Errorf("%s: ch must be exactly one character, got %q", name, ch)
			}
		}
		missing := n - utf8.RuneCountInString(s)
		if missing <= 0 {
			return s, nil
		}
		if left {
			return strings.Repeat(ch, missing) + s, nil
		}
		return s + strings.Repeat(ch, missing), nil
	}
}
