package odata

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// A toy dialect: literals are ints, strings, bools and ids; the tree is
// rendered as a string whose first letter is its type (b, i, s, d).
type lit struct {
	kind byte // 'i' int, 's' string, 'b' bool, 'd' id, 'n' null
	text string
}

func toy() *Grammar[string, lit] {
	props := map[string]string{"Age": "i", "Name": "s", "Id": "d", "Ok": "b"}
	return &Grammar[string, lit]{
		Lexer: Lexer[lit]{
			Fail:       func(msg string) error { return errors.New("$filter: " + msg) },
			IdentStart: func(c byte) bool { return 'A' <= c && c <= 'z' },
			IdentChar:  func(c byte) bool { return 'A' <= c && c <= 'z' || '0' <= c && c <= '9' },
			Number: func(src string, i int) (Token[lit], error) {
				j := i + 1
				for j < len(src) && '0' <= src[j] && src[j] <= '9' {
					j++
				}
				if src[i] == '-' && j == i+1 {
					return Token[lit]{Kind: Minus, Text: "-", Pos: i}, nil
				}
				return Token[lit]{Kind: Literal, Text: src[i:j], Pos: i, Lit: lit{'i', src[i:j]}}, nil
			},
			String: func(s string) lit { return lit{'s', s} },
			Typed: map[string]TypedLiteral[lit]{"id": {Name: "id literal", Parse: func(s string) (lit, bool) {
				_, err := strconv.Atoi(s)
				return lit{'d', s}, err == nil
			}}},
			Keyword: func(w string) (lit, bool) { return lit{'b', w}, w == "true" || w == "false" },
		},
		Condition: func(n string) bool { return n[0] == 'b' },
		TypeName:  func(n string) string { return n[:1] },
		Logic:     func(op, l, r string) string { return fmt.Sprintf("b(%s %s %s)", l, op, r) },
		Not:       func(x string) string { return "b(not " + x + ")" },
		Lit:       func(v lit) string { return string(v.kind) + ":" + v.text },
		Operator: func(w string) (string, bool, string) {
			if w == "add" {
				return "", false, "no arithmetic"
			}
			return w, w == "eq" || w == "gt", ""
		},
		Compare: func(op, l, r string) (string, string) {
			if l[0] != r[0] {
				return "", "cannot compare " + l[:1] + " with " + r[:1]
			}
			return fmt.Sprintf("b(%s %s %s)", l, op, r), ""
		},
		Neg: func(x string) (string, string) {
			if x[0] != 'i' {
				return "", "'-' needs a number"
			}
			return "i-" + x, ""
		},
		Property: func(name string) (string, string) {
			if t, ok := props[name]; ok {
				return t + "." + name, ""
			}
			return "", "unknown property '" + name + "'"
		},
		Function: func(name string) bool { return name == "len" },
		Call: func(name string, args []string) (string, string) {
			if len(args) != 1 {
				return "", "len takes 1 argument"
			}
			return "i" + name + "(" + strings.Join(args, ",") + ")", ""
		},
		Expected: map[string]string{")": "')' expected", ",": "',' expected", "": "expression expected"},
	}
}

func TestParseBuildsTheTree(t *testing.T) {
	for src, want := range map[string]string{
		"Age gt 3 and Name eq 'O''Brien' or not Ok eq true": "b(b(b(i.Age gt i:3) and b(s.Name eq s:O'Brien)) or b(not b(b.Ok eq b:true)))",
		"(Ok eq false)":                   "b(b.Ok eq b:false)",
		"len(Name) eq -  4":               "b(ilen(s.Name) eq i-i:4)",
		"Id eq id'42' and Age gt -1":      "b(b(d.Id eq d:42) and b(i.Age gt i:-1))",
		"Ok":                              "b.Ok",
		"Age eq 1 and (Age gt 2)":         "b(b(i.Age eq i:1) and b(i.Age gt i:2))",
		"\tOk eq true\r\n or Ok eq false": "b(b(b.Ok eq b:true) or b(b.Ok eq b:false))",
	} {
		got, err := toy().Parse(src)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", src, got, err, want)
		}
	}
}

func TestParseErrorsNameThePosition(t *testing.T) {
	for src, want := range map[string]string{
		"Age eq":              "expression expected at position 6 in 'Age eq'",
		"(Ok":                 "')' expected at position 3",
		"len(Name Age) eq 1":  "',' expected at position 9",
		"foo(Name) eq 1":      "unknown function 'foo' at position 0",
		"foo(Name eq) eq 1":   "unknown function 'foo' at position 0",
		"len(Name, Age) eq 1": "len takes 1 argument at position 0",
		"Nmae eq 'x'":         "unknown property 'Nmae' at position 0",
		"Age eq 'x'":          "cannot compare i with s at position 4",
		"Age add 1":           "no arithmetic at position 4",
		"-Name eq 1":          "'-' needs a number at position 0",
		"Age eq 1 and 2":      "operator 'and' needs conditions on both sides at position 9",
		"not Age":             "operator 'not' needs a condition at position 0",
		"Age":                 "expression of type i is not a condition in 'Age'",
		"Ok eq true Age":      `syntax error: unexpected "Age" at position 11`,
		"Ok eq 'x":            "unterminated string literal at position 6",
		"Ok eq #":             "unexpected character '#' at position 6",
		"Id eq id'x'":         "invalid id literal id'x' at position 6",
		"Id eq uuid'1'":       "unknown literal type 'uuid' at position 6",
	} {
		_, err := toy().Parse(src)
		if err == nil || !strings.HasPrefix(err.Error(), "$filter: ") || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", src, err, want)
		}
	}
}

func TestWithoutNegOrEOFText(t *testing.T) {
	g := toy()
	g.Neg, g.Expected = nil, map[string]string{}
	for src, want := range map[string]string{"- 1 eq 1": `syntax error: unexpected "-"`, "Age eq": `syntax error: unexpected ""`} {
		if _, err := g.Parse(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}
