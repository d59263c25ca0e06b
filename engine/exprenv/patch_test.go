package exprenv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/parser"
	"github.com/google/go-cmp/cmp"
)

func TestReferences(t *testing.T) {
	const src = `lookup("countries", get("address.country")) + get('name') + lookup("vat", get("line.#.vat")) +` +
		` get("address.country") + get("dyn." + get("kind")) + get(source, "x") + lookup(get("t"), 1)`
	want := Refs{
		Paths:  []string{"address.country", "name", "line.#.vat", "kind", "t"},
		Tables: []string{"countries", "vat"},
	}
	tree, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, References(tree.Node)); diff != "" {
		t.Errorf("parsed tree: wrong result (-want +got)\n%s", diff)
	}
	vars := recordEnv(`{}`)
	prog, err := expr.Compile(src, append(Options(testConfig(t)), expr.Env(vars))...)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, References(prog.Node())); diff != "" {
		t.Errorf("compiled tree: wrong result (-want +got)\n%s", diff)
	}
}

// TestGetRecordForms checks the env contract with the engine: the record may
// be []byte or string, the engine need not declare RecordVar in expr.Env,
// and get works in a filter compiled with AsBool.
func TestGetRecordForms(t *testing.T) {
	const record = `{"status":"open","total":120.50,"lines":[{"sku":"A"},{"sku":"B"}]}`
	opts := append(Options(nil), expr.Env(map[string]any{"item": map[string]any{}}), expr.AsBool())
	prog, err := expr.Compile(`get("status") == "open" && get("total") > 100 && "B" in get("lines.#.sku")`, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string]any{"bytes": []byte(record), "string": record} {
		out, err := expr.Run(prog, map[string]any{"item": map[string]any{}, RecordVar: raw})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out != true {
			t.Errorf("%s: got %v, want true", name, out)
		}
	}
	_, err = expr.Run(prog, map[string]any{"item": map[string]any{}})
	if err == nil || !strings.Contains(err.Error(), "no current record") {
		t.Errorf("missing record: got error %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := map[string]struct{ expr, want string }{
		"arity":             {`round()`, `not enough arguments to call round`},
		"too many":          {`lower("a", "b")`, `too many arguments to call lower`},
		"get arity":         {`get()`, `get`},
		"predicate outside": {`sum(.price)`, ``},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := expr.Compile(tc.expr, append(Options(nil), expr.Env(recordEnv("")))...)
			if err == nil {
				t.Fatalf("%s: want a compile error", tc.expr)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: error %q does not contain %q", tc.expr, err, tc.want)
			}
		})
	}
}

func TestLookupWithoutTables(t *testing.T) {
	_, err := evalJSON(nil, `lookup("countries", "NL")`, "")
	if err == nil || !strings.Contains(err.Error(), "no lookup tables") {
		t.Errorf("got %v, want a 'no lookup tables' error", err)
	}
	got, err := evalJSON(nil, `lookup("countries", get("missing"))`, "")
	if err != nil || got != "null" {
		t.Errorf("null key: got %s, %v; want null", got, err)
	}
	_, err = evalJSON(testConfig(t), `lookup("vat_codes", "high")`, "")
	if err == nil || !strings.Contains(err.Error(), `lookup("vat_codes", "high"): unknown table`) {
		t.Errorf("failing lookup: got %v", err)
	}
}

// TestConcurrentRuns runs one compiled program from several goroutines, as
// the engine does with parallel workers; run it with -race to check the
// shared regex, layout and zone caches.
func TestConcurrentRuns(t *testing.T) {
	const src = `regexReplace(get("code"), "[^0-9]", "") + "-" + formatDate(get("at"), "DD/MM/YYYY", "Asia/Tokyo")`
	prog, err := expr.Compile(src, append(Options(nil), expr.Env(recordEnv("")))...)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for i := range 25 {
				rec := fmt.Sprintf(`{"code":"NL-%d-%d","at":"2024-01-%02dT20:00:00Z"}`, w, i, i%28+1)
				out, err := expr.Run(prog, map[string]any{RecordVar: []byte(rec)})
				want := fmt.Sprintf("%d%d-%02d/01/2024", w, i, i%28+2)
				if err == nil && out != want {
					err = fmt.Errorf("record %s: got %v, want %s", rec, out, want)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
