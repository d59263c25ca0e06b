package schemas

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp/syntax"
	"slices"
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

// mutations returns variants of doc, each changed at one place. With limit
// > 0, a random selection of at most limit variants.
func (g *docGen) mutations(doc any, root *Field, limit int) []any {
	var out []any
	var walk func(v any, f *Field, set func(any), del func())
	walk = func(v any, f *Field, set func(any), del func()) {
		for _, r := range replacements {
			out = append(out, mutated(doc, func() { set(r) }))
		}
		if del != nil {
			out = append(out, mutated(doc, del))
		}
		if f != nil {
			out = append(out, g.edgeValues(doc, f, set)...)
		}
		switch x := v.(type) {
		case map[string]any:
			out = append(out, mutated(doc, func() { x["zz_extra"] = json.Number("1") }))
			for _, k := range slices.Sorted(mapsKeys(x)) {
				var cf *Field
				if f != nil {
					cf, _ = f.Child(k)
				}
				walk(x[k], cf, func(r any) { x[k] = r }, func() { delete(x, k) })
			}
		case []any:
			for i := range x {
				var cf *Field
				if f != nil {
					cf = f.Items
				}
				walk(x[i], cf, func(r any) { x[i] = r }, nil)
			}
		}
	}
	walk(doc, root, func(any) {}, nil)
	if limit > 0 && len(out) > limit {
		g.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		out = out[:limit]
	}
	return out
}

// edgeValues are values at the limits a field states: lengths just within
// and beyond maxLength (counted in multi-byte runes), numbers at and just
// past their bounds, and near misses of enum values.
func (g *docGen) edgeValues(doc any, f *Field, set func(any)) []any {
	var vals []any
	if f.MaxLength >= 0 {
		vals = append(vals, strings.Repeat("é", f.MaxLength), strings.Repeat("é", f.MaxLength+1), strings.Repeat("e", f.MaxLength+1))
	}
	for _, b := range []*float64{f.Minimum, f.Maximum} {
		if b != nil {
			lit := fmt.Sprint(*b)
			vals = append(vals, json.Number(lit), json.Number(lit+".0000000000000000000001"), json.Number(lit+"e0"))
			if *b != 0 {
				vals = append(vals, json.Number(fmt.Sprint(*b-1e-9)))
			}
		}
	}
	for _, e := range f.Enum {
		if s, ok := e.(string); ok {
			vals = append(vals, s+"x", strings.ToUpper(s))
		}
	}
	var out []any
	for _, v := range vals {
		out = append(out, mutated(doc, func() { set(v) }))
	}
	return out
}

// mutated applies change to doc, returns the encoded result and undoes the
// change by restoring a copy.
func mutated(doc any, change func()) any {
	before, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	change()
	after, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	restore(doc, before)
	return json.RawMessage(after)
}

// restore puts doc (an object) back into the state encoded in data.
func restore(doc any, data []byte) {
	m, ok := doc.(map[string]any)
	if !ok {
		return
	}
	clear(m)
	if err := decodeExact(data, &m); err != nil {
		panic(err)
	}
}
