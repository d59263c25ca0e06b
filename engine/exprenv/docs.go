package exprenv

import (
	"slices"
	"strings"
)

// Function documents one function available in pipeline expressions. The
// same data is printed by `pipeline functions`, and the package tests run
// every example.
type Function struct {
	Name        string    // name as written in expressions, e.g. "round"
	Signature   string    // e.g. "round(x, places[, mode])"
	Description string    // what it does, including how it treats null
	Examples    []Example // at least one; each is executed by the tests
}

// Example is one documented call and its result.
type Example struct {
	// Expr is the expression, e.g. `round(2.675, 2)`.
	Expr string
	// Source is an optional JSON object bound as `source` (via FromJSON) and
	// as RecordVar (raw bytes, for get); "" means {}.
	Source string
	// Want is the result as JSON, compared after AppendJSON (exact text).
	Want string
}

// Functions lists every function this package adds or replaces, get, sum
// and lookup included, sorted by name. The returned slice is a copy.
func Functions() []Function {
	lib := library()
	out := make([]Function, 0, len(lib))
	for _, f := range lib {
		doc := f.Function
		doc.Examples = slices.Clone(doc.Examples)
		out = append(out, doc)
	}
	slices.SortFunc(out, func(a, b Function) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ex is shorthand for the example tables of the library files.
func ex(expr, want string) Example { return Example{Expr: expr, Want: want} }

// exSrc is an example that reads a record.
func exSrc(expr, source, want string) Example {
	return Example{Expr: expr, Source: source, Want: want}
}
