package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
)

// docGen builds JSON documents for the differential tests: instances of a
// schema built from its Field tree, and systematic mutations of them.
type docGen struct {
	rng *rand.Rand
}

func newDocGen(seed uint64) *docGen { return &docGen{rng: rand.New(rand.NewPCG(seed, 7))} }

// instance builds a value for f; full adds every declared property, not
// only the required ones.
func (g *docGen) instance(f *Field, full bool, depth int) any {
	if f.HasConst() {
		return f.Const
	}
	if len(f.Enum) > 0 {
		return f.Enum[g.rng.IntN(len(f.Enum))]
	}
	types := slices.DeleteFunc(slices.Clone(f.Types), func(t string) bool { return t == "null" })
	if len(types) == 0 {
		if len(f.Types) > 0 {
			return nil
		}
		types = []string{"string"}
	}
	switch types[g.rng.IntN(len(types))] {
	case "object":
		obj := map[string]any{}
		if depth > 6 {
			return obj
		}
		for _, name := range f.Names() {
			if full || slices.Contains(f.Required, name) {
				c, _ := f.Child(name)
				obj[name] = g.instance(c, full, depth+1)
			}
		}
		return obj
	case "array":
		if f.Items == nil || depth > 6 {
			return []any{}
		}
		return []any{g.instance(f.Items, full, depth+1), g.instance(f.Items, full, depth+1)}
	case "integer":
		lo, hi := g.bounds(f)
		return json.Number(fmt.Sprint(int64(math.Ceil(lo)) + g.rng.Int64N(int64(math.Floor(hi)-math.Ceil(lo))+1)))
	case "number":
		lo, hi := g.bounds(f)
		return json.Number(fmt.Sprintf("%.2f", lo+(hi-lo)*float64(g.rng.IntN(100))/100))
	case "boolean":
		return g.rng.IntN(2) == 0
	}
	return g.text(f)
}

func (g *docGen) bounds(f *Field) (lo, hi float64) {
	lo, hi = 0, 1000
	if f.Minimum != nil {
		lo = *f.Minimum
	}
	if f.Maximum != nil {
		hi = *f.Maximum
	}
	return lo, min(hi, lo+1000)
}

func (g *docGen) text(f *Field) string {
	switch f.Format {
	case "uuid":
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(g.rng.IntN(256))
		}
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	case "date-time":
		return fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:%02d+01:00", g.rng.IntN(100), 1+g.rng.IntN(12), 1+g.rng.IntN(28), g.rng.IntN(24), g.rng.IntN(60), g.rng.IntN(60))
	case "date":
		return fmt.Sprintf("20%02d-%02d-%02d", g.rng.IntN(100), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
	case "email":
		return fmt.Sprintf("user%d@example.nl", g.rng.IntN(1000))
	}
	if f.Pattern != "" {
		if re, err := syntax.Parse(f.Pattern, syntax.Perl); err == nil {
			var b strings.Builder
			g.sample(re.Simplify(), &b)
			return b.String()
		}
	}
	s := strings.Repeat("Zaïre ", 10)[:max(f.minLength, 1+g.rng.IntN(12))]
	if f.MaxLength >= 0 && len(s) > f.MaxLength {
		s = strings.Repeat("x", f.MaxLength)
	}
	return s
}

// sample writes a random string matching re.
func (g *docGen) sample(re *syntax.Regexp, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		i := 2 * g.rng.IntN(len(re.Rune)/2)
		b.WriteRune(re.Rune[i] + rune(g.rng.IntN(int(re.Rune[i+1]-re.Rune[i])+1)))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		g.sample(re.Sub[0], b)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.sample(s, b)
		}
	case syntax.OpAlternate:
		g.sample(re.Sub[g.rng.IntN(len(re.Sub))], b)
	case syntax.OpPlus:
		g.sample(re.Sub[0], b)
	case syntax.OpRepeat:
		n := re.Min
		if re.Max > re.Min {
			n += g.rng.IntN(re.Max - re.Min + 1)
		}
		for range n {
			g.sample(re.Sub[0], b)
		}
	}
}

// replacements are values put in place of any value of a document: wrong
// types, integers in disguise, numbers at the edges, malformed and
// well-formed formats, empty and composite values.
var replacements = []any{
	nil, true, false, json.Number("0"), json.Number("-0"), json.Number("-1"), json.Number("1"),
	json.Number("1.5"), json.Number("3.0"), json.Number("1e2"), json.Number("2.5E-1"), json.Number("1e400"),
	json.Number("100.0000000000000000001"), json.Number("99.99999999999999999999"), json.Number("2147483648"),
	"", "x", strings.Repeat("ü", 40), strings.Repeat("a", 300), "not-a-uuid",
	"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4Z", "2025-02-29", "2024-02-29",
	"2025-03-14T10:42:07+01:00", "2025-03-14T25:00:00Z", "2025-03-14 10:42:07Z", "2025-03-14t10:42:07.123z",
	"2016-12-31T23:59:60Z", "a@b.nl", "a@@b.nl", "\"quoted\"@example.nl", "EUR", "eur", "NL123456789B01",
	"8712345678906", "paid", "ideal", map[string]any{}, []any{}, []any{map[string]any{}},
}

// place is one value of a document: its path (object keys and array
// indexes) and its field, nil where the schema says nothing.
type place struct {
	path  []any
	field *Field
	value any
}

func places(v any, f *Field, path []any, out *[]place) {
	*out = append(*out, place{path: path, field: f, value: v})
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			var cf *Field
			if f != nil {
				cf, _ = f.Child(k)
			}
			places(x[k], cf, append(slices.Clip(path), k), out)
		}
	case []any:
		for i := range x {
			var cf *Field
			if f != nil {
				cf = f.Items
			}
			places(x[i], cf, append(slices.Clip(path), i), out)
		}
	}
}

// change is one mutation: the value at path is replaced by what fn
// returns, or deleted when fn says so.
type change struct {
	path []any
	fn   func(any) (any, bool)
}

// mutations returns variants of base, each changed at one place. With
// limit > 0, a random selection of at most limit variants.
func (g *docGen) mutations(base []byte, root *Field, limit int) [][]byte {
	var doc any
	if err := decodeExact(base, &doc); err != nil {
		panic(err)
	}
	var all []place
	places(doc, root, nil, &all)
	var changes []change
	for _, p := range all {
		vals := slices.Clone(replacements)
		if p.field != nil {
			vals = append(vals, edgeValues(p.field)...)
		}
		for _, r := range vals {
			changes = append(changes, change{p.path, func(any) (any, bool) { return r, true }})
		}
		if len(p.path) > 0 {
			if _, inObject := p.path[len(p.path)-1].(string); inObject {
				changes = append(changes, change{p.path, func(any) (any, bool) { return nil, false }})
			}
		}
		switch x := p.value.(type) {
		case map[string]any:
			changes = append(changes, change{p.path, func(v any) (any, bool) {
				v.(map[string]any)["zz_extra"] = json.Number("1")
				return v, true
			}})
		case []any:
			if len(x) > 0 {
				changes = append(changes, change{p.path, func(v any) (any, bool) { return append(v.([]any), v.([]any)[0]), true }})
			}
		}
	}
	if limit > 0 && len(changes) > limit {
		g.rng.Shuffle(len(changes), func(i, j int) { changes[i], changes[j] = changes[j], changes[i] })
		changes = changes[:limit]
	}
	out := make([][]byte, len(changes))
	for i, c := range changes {
		out[i] = edit(base, c.path, c.fn)
	}
	return out
}

// edgeValues are values at the limits a field states: lengths just within
// and beyond maxLength (counted in multi-byte runes), numbers at and just
// past their bounds, and near misses of enum values.
func edgeValues(f *Field) []any {
	var vals []any
	if f.MaxLength >= 0 {
		vals = append(vals, strings.Repeat("é", f.MaxLength), strings.Repeat("é", f.MaxLength+1), strings.Repeat("e", f.MaxLength+1))
	}
	for _, b := range []*float64{f.Minimum, f.Maximum} {
		if b != nil {
			lit := strconv.FormatFloat(*b, 'f', -1, 64)
			vals = append(vals, json.Number(lit), json.Number(lit+".0000000000000000000001"), json.Number(lit+"e0"),
				json.Number(strconv.FormatFloat(*b-1e-9, 'f', -1, 64)), json.Number(strconv.FormatFloat(*b+0.5, 'f', -1, 64)))
		}
	}
	for _, e := range f.Enum {
		if s, ok := e.(string); ok {
			vals = append(vals, s+"x", strings.ToUpper(s))
		}
	}
	return vals
}

// edit decodes base, replaces the value at path by what fn returns (or
// deletes it when fn says so) and encodes the result.
func edit(base []byte, path []any, fn func(any) (any, bool)) []byte {
	var doc any
	if err := decodeExact(base, &doc); err != nil {
		panic(err)
	}
	doc = editAt(doc, path, fn)
	out, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return out
}

func editAt(v any, path []any, fn func(any) (any, bool)) any {
	if len(path) == 0 {
		nv, _ := fn(v)
		return nv
	}
	switch x := v.(type) {
	case map[string]any:
		k := path[0].(string)
		if len(path) == 1 {
			if nv, keep := fn(x[k]); keep {
				x[k] = nv
			} else {
				delete(x, k)
			}
			return x
		}
		x[k] = editAt(x[k], path[1:], fn)
	case []any:
		x[path[0].(int)] = editAt(x[path[0].(int)], path[1:], fn)
	}
	return v
}

// decodeExact decodes JSON keeping numbers as json.Number.
func decodeExact(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
