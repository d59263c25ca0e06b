package schemas

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzValidateAgreement feeds arbitrary bytes to both paths of the
// webshop/order and exactonline/sales_order schemas. The fast path may leave
// a document to the library, but when it decides, it must decide as the
// library does, and Validate must return exactly the library's violations.
//
//	go test ./schemas -run '^$' -fuzz FuzzValidateAgreement -fuzztime 60s
func FuzzValidateAgreement(f *testing.F) {
	order := mustReadF(f, "testdata/webshop_order.json")
	for _, seed := range []string{
		order,
		exactOrder,
		strings.Replace(order, `"quantity": 2,`, `"quantity": 2.0e0,`, 1),
		strings.Replace(order, `"EUR"`, `"\u0045UR"`, 1),
		strings.Replace(order, `"status": "paid"`, `"status": "x", "status": "paid"`, 1),
		strings.Replace(order, `"ean": null`, `"ean": "871234567890"`, 1),
		strings.Replace(order, `"discount": {`, `"discount": null, "x": {`, 1),
		strings.Replace(exactOrder, `"Quantity": 2`, `"Quantity": -0.5e-3`, 1),
		strings.Replace(exactOrder, `"OrderedBy": "3f2b8c1e`, `"OrderedBy": "3F2B8C1E`, 1),
		`{"OrderedBy": null, "SalesOrderLines": [{"Item": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "Quantity": 1e400}]}`,
		`{"id": 1, "customer": {"email": "a@b"}, "line_items": [[]]}`,
		`{"shipping": {"": 8, "2": 1}}`,
		"[]", "null", "", "{", `{"a":1}{}`, "\xef\xbb\xbf{}",
	} {
		f.Add([]byte(seed))
	}
	set, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	var schemas []*Schema
	for _, ref := range []string{"webshop/order", "exactonline/sales_order"} {
		s, _ := set.Lookup(ref)
		schemas = append(schemas, s)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, s := range schemas {
			fast := s.fast.checkDocument(raw)
			lib, libPanic := catch(func() []Violation { return s.validateLibrary(raw) })
			switch {
			case fast == fastValid && (lib != nil || libPanic != ""):
				t.Fatalf("%s: fast path accepts, library says %v%s", s.Ref, lib, libPanic)
			case fast == fastInvalid && lib == nil && libPanic == "":
				t.Fatalf("%s: fast path rejects, library accepts", s.Ref)
			}
			got, gotPanic := catch(func() []Violation { return s.Validate(raw) })
			if diff := cmp.Diff(where(lib), where(got)); diff != "" || gotPanic != libPanic {
				t.Fatalf("%s: Validate differs from the library (-library +Validate):\n%s%s%s", s.Ref, diff, libPanic, gotPanic)
			}
		}
	})
}

// where drops the messages of violations. Validate returns the library's
// violations as they are, but two library runs may word an anyOf failure
// differently: it lists rejected property names in map order.
func where(vs []Violation) []Violation {
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation{Pointer: v.Pointer, Keyword: v.Keyword}
	}
	return out
}

// catch runs fn and turns a panic into text. The library panics on numbers
// it cannot convert to big.Rat (an exponent beyond a million); the fast path
// leaves such numbers to it, so both paths must panic alike.
func catch(fn func() []Violation) (v []Violation, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf(" (panic: %v)", r)
		}
	}()
	return fn(), ""
}

func mustReadF(f *testing.F, path string) string {
	f.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return string(data)
}
