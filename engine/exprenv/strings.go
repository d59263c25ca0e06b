package exprenv

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
)

// String functions take nil to nil: a missing field must flow through a
// chain such as upper(trim(get('code'))) instead of failing the record.
// Numbers are accepted in their text form so numeric codes can be padded.
var stringFuncs = []fn{
	{
		Function: Function{Name: "lower", Signature: "lower(s)",
			Description: "Lower-cases text. Replaces expr's builtin so that null gives null.",
			Examples:    []Example{ex(`lower("ACME BV")`, `"acme bv"`), exSrc(`lower(get("email"))`, `{}`, `null`)}},
		types: []any{sig1},
		call:  textMap("lower", strings.ToLower),
	},
	{
		Function: Function{Name: "upper", Signature: "upper(s)",
			Description: "Upper-cases text. Replaces expr's builtin so that null gives null.",
			Examples:    []Example{ex(`upper("nl")`, `"NL"`)}},
		types: []any{sig1},
		call:  textMap("upper", strings.ToUpper),
	},
	{
		Function: Function{Name: "trim", Signature: "trim(s[, chars])",
			Description: "Removes leading and trailing white space, or the given characters. Null gives null.",
			Examples:    []Example{ex(`trim("  ACME  ")`, `"ACME"`), ex(`trim("--42--", "-")`, `"42"`)}},
		types: []any{sig1, sig2},
		call: func(_ *env, args []any) (any, error) {
			s, ok, err := textArg("trim", args[0])
			if !ok || err != nil {
				return nil, err
			}
			if len(args) == 1 {
				return strings.TrimSpace(s), nil
			}
			cut, err := stringArg("trim", "chars", args[1])
			if err != nil {
				return nil, err
			}
			return strings.Trim(s, cut), nil
		},
	},
	{
		Function: Function{Name: "split", Signature: "split(s, sep[, n])",
			Description: "Splits text at every sep into an array of strings (at most n parts when n is given). Null gives null.",
			Examples:    []Example{ex(`split("a;b;c", ";")`, `["a","b","c"]`), ex(`split("k=v=w", "=", 2)`, `["k","v=w"]`)}},
		types: []any{sig2, sig3},
		call:  split,
	},
	{
		Function: Function{Name: "join", Signature: "join(array[, sep])",
			Description: "Joins the elements of an array as text with sep (default \"\"); null elements are skipped. Null gives null.",
			Examples:    []Example{ex(`join(["NL", nil, 42], "-")`, `"NL-42"`), exSrc(`join(get("tags"), ", ")`, `{"tags":["b2b","vip"]}`, `"b2b, vip"`)}},
		types: []any{sig1, sig2},
		call:  join,
	},
	{
		Function: Function{Name: "replace", Signature: "replace(s, old, new)",
			Description: "Replaces every occurrence of old with new. Null gives null.",
			Examples:    []Example{ex(`replace("NL 1234 AB", " ", "")`, `"NL1234AB"`)}},
		types: []any{sig3},
		call: func(_ *env, args []any) (any, error) {
			s, ok, err := textArg("replace", args[0])
			if !ok || err != nil {
				return nil, err
			}
			old, err := stringArg("replace", "old", args[1])
			if err != nil {
				return nil, err
			}
			repl, _, err := textArg("replace", args[2])
			if err != nil {
				return nil, err
			}
			return strings.ReplaceAll(s, old, repl), nil
		},
	},
	{
		Function: Function{Name: "regexMatch", Signature: "regexMatch(s, re)",
			Description: "Reports whether text contains a match of the regular expression re (Go RE2 syntax; anchor with ^ and $). Null gives false.",
			Examples:    []Example{ex(`regexMatch("NL91ABNA0417164300", "^NL[0-9]{2}[A-Z]{4}")`, `true`), ex(`regexMatch(nil, "x")`, `false`)}},
		types: []any{sigB2},
		call: func(_ *env, args []any) (any, error) {
			re, err := regexArg("regexMatch", args[1])
			if err != nil {
				return nil, err
			}
			s, ok, err := textArg("regexMatch", args[0])
			if !ok || err != nil {
				return false, err
			}
			return re.MatchString(s), nil
		},
	},
	{
		Function: Function{Name: "regexReplace", Signature: "regexReplace(s, re, repl)",
			Description: "Replaces every match of the regular expression re; repl may refer to groups as $1 or ${name}. Null gives null.",
			Examples:    []Example{ex(`regexReplace("+31 (0)20 123 4567", "[^0-9+]", "")`, `"+310201234567"`), ex(`regexReplace("2024-03-15", "(\\d+)-(\\d+)-(\\d+)", "$3.$2.$1")`, `"15.03.2024"`)}},
		types: []any{sig3},
		call: func(_ *env, args []any) (any, error) {
			re, err := regexArg("regexReplace", args[1])
			if err != nil {
				return nil, err
			}
			s, ok, err := textArg("regexReplace", args[0])
			if !ok || err != nil {
				return nil, err
			}
			repl, err := stringArg("regexReplace", "repl", args[2])
			if err != nil {
				return nil, err
			}
			return re.ReplaceAllString(s, repl), nil
		},
	},
	{
		Function: Function{Name: "concat", Signature: "concat(a, b, ...)",
			Description: "Joins its arguments as text, skipping nulls (all null gives null); numbers keep their decimals. When every non-null argument is an array it concatenates the arrays instead (expr's builtin behaviour).",
			Examples:    []Example{exSrc(`concat(get("street"), " ", get("number"), get("suffix"))`, `{"street":"Damrak","number":12}`, `"Damrak 12"`), ex(`concat([1, 2], [3])`, `[1,2,3]`)}},
		types: []any{sigN},
		call:  concat,
	},
}

// textMap wraps a string → string function with the nil-passing rule.
func textMap(name string, f func(string) string) func(*env, []any) (any, error) {
	return func(_ *env, args []any) (any, error) {
		s, ok, err := textArg(name, args[0])
		if !ok || err != nil {
			return nil, err
		}
		return f(s), nil
	}
}

func split(_ *env, args []any) (any, error) {
	s, ok, err := textArg("split", args[0])
	if !ok || err != nil {
		return nil, err
	}
	sep, err := stringArg("split", "sep", args[1])
	if err != nil {
		return nil, err
	}
	n := -1
	if len(args) == 3 {
		if n, err = toInt(args[2], "split: n"); err != nil {
			return nil, err
		}
	}
	parts := strings.SplitN(s, sep, n)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func join(_ *env, args []any) (any, error) {
	if args[0] == nil {
		return nil, nil
	}
	arr, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("join: expected an array, got %s", describe(args[0]))
	}
	sep := ""
	if len(args) == 2 {
		var err error
		if sep, err = stringArg("join", "sep", args[1]); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	first := true
	for _, e := range arr {
		s, ok, err := textArg("join", e)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		b.WriteString(s)
	}
	return b.String(), nil
}

func concat(_ *env, args []any) (any, error) {
	arrays, others := 0, 0
	for _, a := range args {
		switch a.(type) {
		case nil:
		case []any:
			arrays++
		default:
			others++
		}
	}
	if arrays > 0 && others == 0 {
		out := []any{}
		for _, a := range args {
			if arr, ok := a.([]any); ok {
				out = append(out, arr...)
			}
		}
		return out, nil
	}
	if others == 0 {
		return nil, nil // every argument was null
	}
	var b strings.Builder
	for _, a := range args {
		s, _, err := textArg("concat", a)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// The regex cache compiles each pattern once per process. Patterns are
// nearly always constants in the pipeline file; the size bound only guards
// against an expression that builds patterns from data.
var (
	regexCache     sync.Map // pattern → *regexp.Regexp
	regexCacheSize atomic.Int64
)

const regexCacheLimit = 1024

func regexArg(fnName string, v any) (*regexp.Regexp, error) {
	pattern, err := stringArg(fnName, "re", v)
	if err != nil {
		return nil, err
	}
	if re, ok := regexCache.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid regular expression %q: %v", fnName, pattern, err)
	}
	if regexCacheSize.Load() < regexCacheLimit {
		if _, loaded := regexCache.LoadOrStore(pattern, re); !loaded {
			regexCacheSize.Add(1)
		}
	}
	return re, nil
}
