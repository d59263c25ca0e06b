package schemas

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// fromValidationError flattens the library's error tree into violations:
// one per leaf, except that an anyOf/oneOf that failed as a whole is one
// violation (its branches' complaints are its message), and "required" and
// "additionalProperties" get one violation per property, pointing at it.
func fromValidationError(ve *jsonschema.ValidationError) []Violation {
	var out []Violation
	flatten(ve, &out)
	slices.SortFunc(out, func(a, b Violation) int {
		return cmp.Or(comparePointers(a.Pointer, b.Pointer), cmp.Compare(a.Keyword, b.Keyword), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(out)
}

func flatten(ve *jsonschema.ValidationError, out *[]Violation) {
	kw := keywordOf(ve.KeywordLocation)
	if len(ve.Causes) > 0 && kw != "anyOf" && kw != "oneOf" {
		for _, c := range ve.Causes {
			flatten(c, out)
		}
		return
	}
	switch kw {
	case "required":
		for _, name := range quotedNames(strings.TrimPrefix(ve.Message, "missing properties: ")) {
			*out = append(*out, Violation{
				Pointer: ve.InstanceLocation + "/" + escapePointer(name),
				Keyword: kw,
				Message: fmt.Sprintf("required property %q is missing", name),
			})
		}
	case "additionalProperties":
		msg := strings.TrimSuffix(strings.TrimPrefix(ve.Message, "additionalProperties "), " not allowed")
		for _, name := range quotedNames(msg) {
			*out = append(*out, Violation{
				Pointer: ve.InstanceLocation + "/" + escapePointer(name),
				Keyword: kw,
				Message: fmt.Sprintf("property %q is not allowed here", name),
			})
		}
	case "anyOf", "oneOf":
		var why []string
		for _, l := range leaves(ve) {
			if l != ve && !slices.Contains(why, l.Message) {
				why = append(why, l.Message)
			}
		}
		msg := "matches none of the allowed shapes"
		if kw == "oneOf" && len(ve.Causes) == 0 {
			msg = ve.Message // matched more than one
		} else if len(why) > 0 {
			msg += " (" + strings.Join(why, "; ") + ")"
		}
		*out = append(*out, Violation{Pointer: ve.InstanceLocation, Keyword: kw, Message: msg})
	default:
		*out = append(*out, Violation{Pointer: ve.InstanceLocation, Keyword: kw, Message: ve.Message})
	}
}

// keywordOf returns the failing keyword: the last segment of the keyword
// location. A false schema has no keyword of its own; it is reported as
// "false".
func keywordOf(loc string) string {
	seg := loc[strings.LastIndexByte(loc, '/')+1:]
	seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
	if knownKeywords[seg] {
		return seg
	}
	if _, err := strconv.Atoi(seg); err == nil {
		// dependencies/<name>/<i> and dependentRequired/<name>/<i>
		parts := strings.Split(loc, "/")
		if len(parts) >= 3 && knownKeywords[parts[len(parts)-3]] {
			return parts[len(parts)-3]
		}
	}
	return "false"
}

var knownKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`type const enum format minProperties maxProperties required
		additionalProperties dependencies dependentRequired minItems maxItems uniqueItems additionalItems
		minContains maxContains minLength maxLength pattern contentEncoding contentMediaType contentSchema
		minimum exclusiveMinimum maximum exclusiveMaximum multipleOf not anyOf oneOf allOf then else
		propertyNames unevaluatedProperties unevaluatedItems contains items prefixItems $ref $dynamicRef`) {
		m[k] = true
	}
	return m
}()

// quotedNames parses the library's list of quoted names ('a', 'b\'c'). The
// library writes each name as a Go %q string with the quote characters
// swapped, so swapping them back gives a string strconv.Unquote reads.
func quotedNames(s string) []string {
	var names []string
	for {
		start := strings.IndexByte(s, '\'')
		if start < 0 {
			return names
		}
		end := start + 1
		for end < len(s) && s[end] != '\'' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return names
		}
		inner := s[start+1 : end]
		inner = strings.ReplaceAll(inner, `\'`, `'`)
		inner = strings.ReplaceAll(inner, `"`, `\"`)
		if name, err := strconv.Unquote(`"` + inner + `"`); err == nil {
			names = append(names, name)
		} else {
			names = append(names, inner)
		}
		s = s[end+1:]
	}
}

func escapePointer(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// comparePointers orders JSON pointers segment by segment, array indexes
// numerically, so that /Lines/2 comes before /Lines/10.
func comparePointers(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		ai, errA := strconv.Atoi(as[i])
		bi, errB := strconv.Atoi(bs[i])
		if errA == nil && errB == nil {
			return cmp.Compare(ai, bi)
		}
		return cmp.Compare(as[i], bs[i])
	}
	return cmp.Compare(len(as), len(bs))
}
