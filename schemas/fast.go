package schemas

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/tidwall/gjson"
)

// The fast path checks a record's raw JSON against precomputed nodes with
// gjson, without decoding it into maps, and only ever answers "valid" when
// the library would too. Anything else (a violation, or a case it leaves to
// the library) makes Validate run the library, whose violations are the
// ones reported: records are nearly always valid, so the fast path pays off
// while messages stay exactly the library's.

// verdict is the fast path's answer about a value.
type verdict uint8

const (
	fastValid   verdict = iota // the library accepts the value
	fastInvalid                // the library rejects it
	fastUnsure                 // the fast path does not decide; ask the library
)

// JSON types as bits, so that a node's type keyword is one mask.
const (
	tNull uint8 = 1 << iota
	tBool
	tObject
	tArray
	tNumber
	tString
	tInteger // a number without a fractional part; only in type masks
)

var typeBits = map[string]uint8{
	"null": tNull, "boolean": tBool, "object": tObject, "array": tArray,
	"number": tNumber, "string": tString, "integer": tInteger,
}

// fnode holds the keywords of one compiled schema object. A value is valid
// against it when it passes the node's own keywords and every node in subs
// (its $ref target and allOf parts) and, for the nullable idiom anyOf
// [X, {"type": "null"}], is null or passes nullOr.
type fnode struct {
	lib    *jsonschema.Schema // set: this schema is left to the library
	always int8               // 1: the schema true, -1: false, 0: neither

	types   uint8 // 0: any type
	enums   [][]scalar
	needStr bool // a string keyword needs the decoded text
	minLen  int  // -1: none, as maxLen, minItems and maxItems
	maxLen  int
	pattern *regexp.Regexp
	format  *formatCheck

	minimum, maximum, exclMin, exclMax     decNum
	hasMin, hasMax, hasExclMin, hasExclMax bool

	props      map[string]propEntry // declared and required names
	required   uint64               // bits of the required names
	closed     bool                 // additionalProperties false
	additional *fnode               // additionalProperties as a schema

	items              *fnode
	minItems, maxItems int

	subs   []*fnode
	nullOr *fnode
}

// propEntry is what an object node knows about one property name.
type propEntry struct {
	node     *fnode // the properties schema; nil when only required
	declared bool   // named in properties, so additionalProperties skips it
	bit      uint64 // its bit in required, 0 when optional
}

// scalar is one enum or const value.
type scalar struct {
	kind uint8 // tNull, tBool, tNumber or tString
	b    bool
	str  string
	num  decNum
}

// check validates one raw JSON document. It returns fastUnsure for text
// that is not JSON (the library reports it), and for text so deeply nested
// that encoding/json would refuse it.
func (n *fnode) checkDocument(raw []byte) verdict {
	if !gjson.ValidBytes(raw) || tooDeep(raw) {
		return fastUnsure
	}
	// gjson works on strings; viewing raw as one saves copying every
	// record. Nothing keeps a piece of it beyond this call: values are
	// compared, matched and counted, never stored.
	return n.check(gjson.Parse(unsafe.String(unsafe.SliceData(raw), len(raw))))
}

func (n *fnode) check(v gjson.Result) verdict {
	switch {
	case n.lib != nil:
		return libCheck(n.lib, v.Raw)
	case n.always != 0:
		if n.always > 0 {
			return fastValid
		}
		return fastInvalid
	}
	jt := typeOf(v)
	if n.types != 0 && n.types&jt == 0 {
		if jt != tNumber || n.types&tInteger == 0 {
			return fastInvalid
		}
		d, ok := parseDec(v.Raw)
		if !ok {
			return fastUnsure
		}
		if !d.isInt() {
			return fastInvalid
		}
	}
	r := fastValid
	switch jt {
	case tString:
		if n.needStr {
			r = n.checkString(v.Raw)
		}
	case tNumber:
		r = n.checkNumber(v.Raw)
	case tObject:
		r = n.checkObject(v)
	case tArray:
		r = n.checkArray(v)
	default:
		r = n.checkEnums(scalar{kind: jt, b: v.Type == gjson.True})
	}
	for _, sub := range n.subs {
		if r != fastValid {
			return r
		}
		r = sub.check(v)
	}
	if r == fastValid && n.nullOr != nil && jt != tNull {
		r = n.nullOr.check(v)
	}
	return r
}

func typeOf(v gjson.Result) uint8 {
	switch v.Type {
	case gjson.Null:
		return tNull
	case gjson.True, gjson.False:
		return tBool
	case gjson.Number:
		return tNumber
	case gjson.String:
		return tString
	}
	if strings.HasPrefix(v.Raw, "[") {
		return tArray
	}
	return tObject
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

func (n *fnode) checkObject(v gjson.Result) verdict {
	if len(n.enums) > 0 {
		return fastInvalid
	}
	r, seen := fastValid, uint64(0)
	v.ForEach(func(key, val gjson.Result) bool {
		e := n.props[decodeString(key.Raw)]
		seen |= e.bit
		switch {
		case e.node != nil:
			r = e.node.check(val)
		case e.declared:
		case n.closed:
			r = fastInvalid
		case n.additional != nil:
			r = n.additional.check(val)
		}
		if r == fastInvalid && repeatedLater(v, key) {
			// encoding/json keeps the last of duplicate names, so this
			// value may never reach the library.
			r = fastUnsure
		}
		return r == fastValid
	})
	if r == fastValid && seen&n.required != n.required {
		r = fastInvalid
	}
	return r
}

func (n *fnode) checkArray(v gjson.Result) verdict {
	if len(n.enums) > 0 {
		return fastInvalid
	}
	r, count := fastValid, 0
	v.ForEach(func(_, val gjson.Result) bool {
		count++
		if n.items != nil {
			r = n.items.check(val)
		}
		return r == fastValid
	})
	if r == fastValid && ((n.minItems >= 0 && count < n.minItems) || (n.maxItems >= 0 && count > n.maxItems)) {
		r = fastInvalid
	}
	return r
}

// repeatedLater reports whether the object has the name key again after
// key. It runs only once a value has failed, so its cost does not matter.
func repeatedLater(obj, key gjson.Result) bool {
	name, again := decodeString(key.Raw), false
	obj.ForEach(func(k, _ gjson.Result) bool {
		again = k.Index > key.Index && decodeString(k.Raw) == name
		return !again
	})
	return again
}

// libCheck validates one value with the library, for a property or item
// schema the fast path does not implement.
func libCheck(s *jsonschema.Schema, raw string) verdict {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fastUnsure
	}
	if s.Validate(v) != nil {
		return fastInvalid
	}
	return fastValid
}

// tooDeep reports whether a document nests arrays and objects more deeply
// than encoding/json accepts (10000 levels); such a document is left to the
// library path, which reports it as invalid JSON.
func tooDeep(raw []byte) bool {
	const limit = 10000
	if len(raw) <= limit {
		return false
	}
	depth, inString := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			if depth++; depth > limit {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}
