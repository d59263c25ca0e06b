package exprenv

import (
	"slices"
	"strings"
	"testing"
)

// TestFunctionExamples runs every documented example, so `pipeline
// functions` cannot print an example that is wrong.
func TestFunctionExamples(t *testing.T) {
	cfg := testConfig(t)
	for _, f := range Functions() {
		for i, e := range f.Examples {
			t.Run(f.Name+"/"+e.Expr, func(t *testing.T) {
				got, err := evalJSON(cfg, e.Expr, e.Source)
				if err != nil {
					t.Fatalf("example %d of %s: %v", i, f.Name, err)
				}
				if got != e.Want {
					t.Errorf("example %d of %s: %s\n got %s\nwant %s", i, f.Name, e.Expr, got, e.Want)
				}
			})
		}
	}
}

func TestFunctionDocs(t *testing.T) {
	fns := Functions()
	if !slices.IsSortedFunc(fns, func(a, b Function) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Functions() is not sorted by name")
	}
	seen := map[string]bool{}
	for _, f := range fns {
		if seen[f.Name] {
			t.Errorf("%s is documented twice", f.Name)
		}
		seen[f.Name] = true
		if strings.TrimSpace(f.Description) == "" {
			t.Errorf("%s has no description", f.Name)
		}
		if !strings.HasPrefix(f.Signature, f.Name+"(") {
			t.Errorf("%s: signature %q does not start with the name", f.Name, f.Signature)
		}
		if len(f.Examples) == 0 {
			t.Errorf("%s has no example", f.Name)
		}
		for _, e := range f.Examples {
			if !strings.Contains(e.Expr, f.Name+"(") {
				t.Errorf("%s: example %q does not call it", f.Name, e.Expr)
			}
		}
	}
	for _, name := range []string{"get", "lookup", "sum", "round", "lower", "parseDate", "coalesce"} {
		if !seen[name] {
			t.Errorf("%s is not documented", name)
		}
	}
}

// TestFunctionsIsACopy guards the shared table: a caller editing the
// returned docs must not change what the next caller sees.
func TestFunctionsIsACopy(t *testing.T) {
	a := Functions()
	a[0].Examples[0].Want = "changed"
	b := Functions()
	if b[0].Examples[0].Want == "changed" {
		t.Error("Functions() exposes its internal table")
	}
}
