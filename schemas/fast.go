package schemas

import (
	"encoding/json"
	"regexp"
	"strings"
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

// checkDocument validates one raw JSON document. It returns fastUnsure for text
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

func (n *fnode) checkObject(v gjson.Result) verdict {
	if len(n.enums) > 0 {
		return fastInvalid
	}
	if n.props == nil && !n.closed && n.additional == nil {
		return fastValid
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
	if n.items == nil && n.minItems < 0 && n.maxItems < 0 {
		return fastValid
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
// schema the fast path does not implement. A panic (the library has one for
// numbers it cannot convert) leaves the verdict to the whole-record run,
// which meets the value only if it is not an overridden duplicate.
func libCheck(s *jsonschema.Schema, raw string) (r verdict) {
	defer func() {
		if recover() != nil {
			r = fastUnsure
		}
	}()
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
