package schemas

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Strings, numbers and the scalar values of enum and const on the fast
// path. Texts are read as encoding/json reads them and numbers compared
// exactly, so that these checks say what the library would say.

// scalar is one enum or const value.
type scalar struct {
	kind uint8 // tNull, tBool, tNumber or tString
	b    bool
	str  string
	num  decNum
}

func (n *fnode) checkString(raw string) verdict {
	s := decodeString(raw)
	if n.minLen >= 0 || n.maxLen >= 0 {
		l := utf8.RuneCountInString(s)
		if (n.minLen >= 0 && l < n.minLen) || (n.maxLen >= 0 && l > n.maxLen) {
			return fastInvalid
		}
	}
	if (n.pattern != nil && !n.pattern.MatchString(s)) || (n.format != nil && !n.format.valid(s)) {
		return fastInvalid
	}
	return n.checkEnums(scalar{kind: tString, str: s})
}

// decodeString returns the text of a JSON string literal. A plain literal
// is its own text; one with escapes or bytes that are not UTF-8 is decoded
// by encoding/json, so that it reads exactly as the library path reads it.
func decodeString(raw string) string {
	inner := raw[1 : len(raw)-1]
	if plainASCII(inner) || (strings.IndexByte(inner, '\\') < 0 && utf8.ValidString(inner)) {
		return inner
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return inner // unreachable: the document was checked to be JSON
	}
	return s
}

// plainASCII reports whether s has neither escapes nor non-ASCII bytes, as
// nearly all names and many values do; a plain loop beats two library
// scans on such short strings.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (n *fnode) checkNumber(raw string) verdict {
	if !n.hasMin && !n.hasMax && !n.hasExclMin && !n.hasExclMax && len(n.enums) == 0 {
		return fastValid
	}
	d, ok := parseDec(raw)
	if !ok {
		return fastUnsure
	}
	if (n.hasMin && d.cmp(n.minimum) < 0) || (n.hasMax && d.cmp(n.maximum) > 0) ||
		(n.hasExclMin && d.cmp(n.exclMin) <= 0) || (n.hasExclMax && d.cmp(n.exclMax) >= 0) {
		return fastInvalid
	}
	return n.checkEnums(scalar{kind: tNumber, num: d})
}

// checkEnums checks const and enum against a scalar value. Objects and
// arrays never equal an enum value here: the builder leaves enums of
// objects or arrays to the library.
func (n *fnode) checkEnums(v scalar) verdict {
	for _, set := range n.enums {
		found := false
		for _, e := range set {
			if e.kind == v.kind && e.b == v.b && e.str == v.str && e.num.cmp(v.num) == 0 {
				found = true
				break
			}
		}
		if !found {
			return fastInvalid
		}
	}
	return fastValid
}
