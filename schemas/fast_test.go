package schemas

import (
	"encoding/json"
	"hash/fnv"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// agreement checks one document on both paths: the fast path must reach a
// verdict, and that verdict must be the library's.
func agreement(t *testing.T, s *Schema, raw []byte) (valid bool) {
	t.Helper()
	fast := s.fast.checkDocument(raw)
	lib := s.validateLibrary(raw)
	switch {
	case fast == fastUnsure:
		t.Errorf("%s: fast path left undecided (library: %v):\n%s", s.Ref, lib, raw)
	case (fast == fastValid) != (lib == nil):
		t.Errorf("%s: fast path says %v, library says %v:\n%s", s.Ref, fast == fastValid, lib, raw)
	}
	return lib == nil
}

// TestFastPathAgreesWithLibrary is the differential test: for every
// embedded schema, documents built from its Field tree (all properties, and
// only the required ones) and, for the pipeline's own records, the sample
// documents, each with systematic mutations at every place: wrong types,
// missing and extra properties, strings too long or malformed for their
// format, numbers at and past their bounds, bad enum values, nulls and
// faults inside array elements. The fast verdict must equal the library's
// on every one.
func TestFastPathAgreesWithLibrary(t *testing.T) {
	set := mustDefault(t)
	for _, ref := range set.Refs() {
		t.Run(ref, func(t *testing.T) {
			s, _ := set.Lookup(ref)
			if s.fast == nil {
				t.Fatal("no fast path")
			}
			h := fnv.New64a()
			h.Write([]byte(ref))
			g := newDocGen(h.Sum64())
			type base struct {
				raw   []byte
				limit int
			}
			var bases []base
			for _, full := range []bool{true, false} {
				raw, err := json.Marshal(g.instance(s.Root(), full, 0))
				if err != nil {
					t.Fatal(err)
				}
				bases = append(bases, base{raw, 60})
			}
			switch ref {
			case "webshop/order":
				bases = append(bases, base{[]byte(mustRead(t, "testdata/webshop_order.json")), 0})
			case "exactonline/sales_order":
				bases = append(bases, base{[]byte(exactOrder), 0})
			}
			valid, total := len(bases), len(bases)
			for _, b := range bases {
				if !agreement(t, s, b.raw) {
					t.Errorf("generated instance is not valid: %s", b.raw)
				}
				docs := g.mutations(b.raw, s.Root(), b.limit)
				for _, raw := range docs {
					if agreement(t, s, raw) {
						valid++
					}
					total++
				}
			}
			if valid == 0 || valid == total {
				t.Errorf("%d of %d documents valid; the test needs both kinds", valid, total)
			}
		})
	}
}

// TestEmbeddedSchemasUseFastPath guards the speed of the engine: every
// embedded schema is checked entirely on the fast path, without library
// nodes. A schema that starts to use, say, oneOf fails here; either extend
// the fast path or accept the cost consciously.
func TestEmbeddedSchemasUseFastPath(t *testing.T) {
	set := mustDefault(t)
	for _, ref := range set.Refs() {
		s, _ := set.Lookup(ref)
		if s.fast == nil {
			t.Errorf("%s: no fast path", ref)
			continue
		}
		seen := map[*fnode]bool{}
		var walk func(n *fnode)
		walk = func(n *fnode) {
			if n == nil || seen[n] {
				return
			}
			seen[n] = true
			if n.lib != nil {
				t.Errorf("%s: %s is left to the library", ref, n.lib.Location)
			}
			for _, e := range n.props {
				walk(e.node)
			}
			for _, c := range append([]*fnode{n.additional, n.items, n.nullOr}, n.subs...) {
				walk(c)
			}
		}
		walk(s.fast)
	}
}

// TestFastPathEdgeCases covers what mutations of decoded documents cannot
// produce: escapes, bytes that are not UTF-8, duplicate names, number
// spellings, whitespace and nesting depth.
func TestFastPathEdgeCases(t *testing.T) {
	order := mustRead(t, "testdata/webshop_order.json")
	sub := func(old, new string) string {
		if !strings.Contains(order, old) {
			t.Fatalf("sample order has no %s", old)
		}
		return strings.Replace(order, old, new, 1)
	}
	tests := map[string]struct {
		raw  string
		want verdict
	}{
		"escaped text matching a pattern":       {sub(`"EUR"`, `"\u0045UR"`), fastValid},
		"escaped text breaking a pattern":       {sub(`"EUR"`, `"E\u00dcR"`), fastInvalid},
		"escapes count as one character":        {sub(`"+31 6 12345678"`, `"`+strings.Repeat(`\u00e9`, 30)+`"`), fastValid},
		"one escaped character too many":        {sub(`"+31 6 12345678"`, `"`+strings.Repeat(`\u00e9`, 31)+`"`), fastInvalid},
		"quote and newline escapes":             {sub(`"Graag leveren na 14:00."`, `"Zeg \"hallo\"\n\ttegen \\ de buren \/"`), fastValid},
		"surrogate pair":                        {sub(`"Jan"`, `"\ud83d\ude00"`), fastValid},
		"lone surrogate":                        {sub(`"Jan"`, `"\ud83d"`), fastValid},
		"bytes that are not UTF-8":              {sub(`"Jan"`, "\"J\xffn\""), fastValid},
		"bytes that are not UTF-8 in a pattern": {sub(`"EUR"`, "\"E\xffR\""), fastInvalid},
		"escaped property name":                 {sub(`"notes":`, `"not\u0065s":`), fastValid},
		"escaped unknown property name":         {sub(`"notes":`, `"note\u0073s":`), fastInvalid},
		"duplicate name, last one valid":        {sub(`"status": "paid"`, `"status": "bogus", "status": "paid"`), fastUnsure},
		"duplicate name, last one invalid":      {sub(`"status": "paid"`, `"status": "paid", "status": "bogus"`), fastInvalid},
		"integer written as 2.0":                {sub(`"quantity": 2,`, `"quantity": 2.0,`), fastValid},
		"integer written as 10e-1":              {sub(`"quantity": 2,`, `"quantity": 10e-1,`), fastValid},
		"integer written as 0.1E+2":             {sub(`"quantity": 2,`, `"quantity": 0.1E+2,`), fastValid},
		"fraction written as 5e-1":              {sub(`"quantity": 2,`, `"quantity": 5e-1,`), fastInvalid},
		"huge integer":                          {sub(`"id": 48213`, `"id": 1e400`), fastValid},
		"just over the maximum":                 {sub(`"vat_rate": 21 }`, `"vat_rate": 100.0000000000000000000001 }`), fastInvalid},
		"just under the maximum":                {sub(`"vat_rate": 21 }`, `"vat_rate": 99.99999999999999999999999 }`), fastValid},
		"negative zero at minimum 0":            {sub(`"amount_excl_vat": 4.95`, `"amount_excl_vat": -0.0e7`), fastValid},
		"just under minimum 0":                  {sub(`"amount_excl_vat": 4.95`, `"amount_excl_vat": -1e-30`), fastInvalid},
		"exponent too large to decide":          {sub(`"id": 48213`, `"id": 1e200000`), fastUnsure},
		"leap second in UTC":                    {sub(`"2025-03-14T10:42:07+01:00"`, `"2016-12-31T23:59:60Z"`), fastValid},
		"leap second in another zone":           {sub(`"2025-03-14T10:42:07+01:00"`, `"2016-12-31T22:59:60-01:00"`), fastValid},
		"leap second at the wrong time":         {sub(`"2025-03-14T10:42:07+01:00"`, `"2016-12-31T23:59:60+01:00"`), fastInvalid},
		"quoted e-mail local part":              {sub(`"j.devries@example.nl"`, `"\"j de vries\"@example.nl"`), fastValid},
		"whitespace around the document":        {" \r\n\t" + order + "\n\n ", fastValid},
		"data after the document":               {order + "x", fastUnsure},
		"not JSON":                              {order[:len(order)-3], fastUnsure},
		"empty":                                 {"", fastUnsure},
		"null":                                  {"null", fastInvalid},
	}
	s := lookup(t, "webshop/order")
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := s.fast.checkDocument([]byte(tt.raw)); got != tt.want {
				t.Errorf("verdict %v, want %v", got, tt.want)
			}
			lib := s.validateLibrary([]byte(tt.raw))
			if (tt.want == fastValid) != (lib == nil) && tt.want != fastUnsure {
				t.Errorf("library disagrees: %v", lib)
			}
			if diff := cmp.Diff(lib, s.Validate([]byte(tt.raw))); diff != "" {
				t.Errorf("Validate differs from the library (-library +Validate):\n%s", diff)
			}
		})
	}
}

// TestFastPathNestingDepth: encoding/json refuses more than 10000 levels, so
// the fast path must not accept them in an open part of a record.
func TestFastPathNestingDepth(t *testing.T) {
	s := lookup(t, "exactonline/sales_order")
	for _, depth := range []int{9999, 10000} { // plus the record itself
		raw := strings.Replace(exactOrder, `"SomethingExactAddedLater": 1`,
			`"Deep": `+strings.Repeat("[", depth)+strings.Repeat("]", depth), 1)
		lib := s.validateLibrary([]byte(raw))
		if fast := s.fast.checkDocument([]byte(raw)); fast == fastValid && lib != nil {
			t.Errorf("depth %d: fast path accepts, library says %v", depth, lib)
		}
		if diff := cmp.Diff(lib, s.Validate([]byte(raw))); diff != "" {
			t.Errorf("depth %d: Validate differs from the library (-library +Validate):\n%s", depth, diff)
		}
		if wantValid := depth+1 <= 10000; (lib == nil) != wantValid {
			t.Errorf("depth %d: library result %v", depth, lib)
		}
	}
}

func benchValidate(b *testing.B, ref string, raw []byte, validate func(*Schema, []byte) []Violation) {
	set, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	s, _ := set.Lookup(ref)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if v := validate(s, raw); v != nil {
			b.Fatal(v)
		}
	}
}

func sampleOrder(b *testing.B) []byte {
	raw, err := os.ReadFile("testdata/webshop_order.json")
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

func BenchmarkValidateOrderFast(b *testing.B) {
	benchValidate(b, "webshop/order", sampleOrder(b), (*Schema).Validate)
}

func BenchmarkValidateOrderLibrary(b *testing.B) {
	benchValidate(b, "webshop/order", sampleOrder(b), (*Schema).validateLibrary)
}

func BenchmarkValidateSalesOrderFast(b *testing.B) {
	benchValidate(b, "exactonline/sales_order", []byte(exactOrder), (*Schema).Validate)
}

func BenchmarkValidateSalesOrderLibrary(b *testing.B) {
	benchValidate(b, "exactonline/sales_order", []byte(exactOrder), (*Schema).validateLibrary)
}
