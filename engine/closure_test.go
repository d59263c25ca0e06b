package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/pipeline-dev/pipeline/schemas"
)

// closureShapes are expressions whose closures read record arrays: the
// runner converts only the element members it knows to be read, so each
// shape proves the members used after a filter, sortBy or find are kept.
var closureShapes = []string{
	"map(source.lines, .sku)",
	"map(filter(source.lines, .qty > 0), .sku)",
	"sum(filter(source.lines, .qty > 0), .price)",
	"sum(source.lines, .price * .qty)",
	"count(source.lines, .qty > 1)",
	"len(filter(source.lines, .qty > 0))",
	"filter(source.lines, .qty > 0)",
	"filter(source.lines, .qty > 0)[0].sku",
	"first(filter(source.lines, .qty > 0)).sku",
	"find(source.lines, .qty == 0)?.sku",
	"findLast(source.lines, .qty > 0).price",
	"map(sortBy(source.lines, .sku, 'desc'), .sku)",
	"map(sortBy(filter(source.lines, .qty > 0), .sku, 'desc'), .sku + ':' + string(.qty))",
	"sortBy(source.lines, .sku, 'desc')",
	"any(filter(source.lines, .qty > 0), .sku == 'B')",
	"map(filter(source.lines, .qty > 0), #)",
	"map(filter(source.lines, .qty > 0), ({sku: .sku, tag: .tags[0]}))",
	"sort(map(values(groupBy(filter(source.lines, .qty > 0), .sku)), #[0].sku + string(#[0].price)))",
	"reduce(filter(source.lines, .qty > 0), #acc + .price, 0)",
	"map(filter(source.lines, .qty > 0), .sku) == map(source.lines, .sku)",
	"let xs = filter(source.lines, .qty > 0); map(xs, .sku)",
	"map(filter(source.lines, .qty > 0), map(filter(source.lines, .qty > 0), .price))",
	"sum(source.lines, .price) + sum(filter(source.lines, .qty > 1), .qty)",
	"join(map(filter(source.lines, .qty > 0), .sku), ',')",
	"last(sortBy(source.lines, .sku)).price",
	"map(take(filter(source.lines, .qty > 0), 1), .sku)",
	"max(map(filter(source.lines, .qty > 0), .price))",
	"map(filter(source.lines, .qty > 0 && .price > 1), .tags)",
	"map(sortBy(source.lines, .price), .sku)",
	"last(sortBy(filter(source.lines, .qty > 0), .price, 'desc')).sku",
	"sort(map(source.lines, .price), 'desc')",
	"uniq(map(source.lines, .qty))",
	"mean(map(source.lines, .price))",
	"median(map(filter(source.lines, .qty > 0), .price))",
	"len(groupBy(source.lines, .price * 0 + .qty))",
	"sort(map(values(groupBy(source.lines, .qty > 0)), join(map(#, .sku), '')))",
}

// TestClosureShapesMatchExpr maps records through each of closureShapes
// three ways — the engine with native calls, the engine with the VM only,
// and plain expr over the whole decoded record — and requires the same
// value. Each shape is a pipeline of its own: the runner decides what to
// convert from every read of a path, so shapes must not share one.
func TestClosureShapesMatchExpr(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Unix(0, 0) }
	records := []string{
		`{"lines":[{"sku":"A","qty":2,"price":1.5,"tags":["x"]},{"sku":"B","qty":0,"price":2.25,"tags":["y"]},{"sku":"C","qty":1,"price":0.1,"tags":["z"]}]}`,
		`{"lines":[{"qty":1,"price":3,"sku":"D","tags":["w","v"],"extra":{"a":1}}]}`,
		`{"lines":[{"sku":"E","qty":0,"price":1,"tags":[]}, {"sku":"F","qty":5,"price":0.3,"tags":["q"]}]}`,
	}
	dir := t.TempDir()
	for i, shape := range closureShapes {
		src := fmt.Sprintf("pipeline \"p\" {\n  source \"ndjson\" {\n    path = \"in\"\n  }\n  target \"ndjson\" {\n    path = \"out\"\n  }\n  map {\n    f = %q\n  }\n}\n", shape)
		file := filepath.Join(dir, fmt.Sprintf("p%02d.hcl", i))
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, plans, diags := CompileFile(dsl.NewLoader(), file, Options{Connectors: fileRegistry(), Schemas: set, Now: now})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		p := plans[0]
		native, vm := newRunner(p), newRunner(p)
		vm.vmOnly = true
		for _, raw := range records {
			a, errA := run1(native, p, []byte(raw))
			b, errB := run1(vm, p, []byte(raw))
			if errA != "" || errB != "" {
				t.Errorf("%s over %s: native error %q, vm error %q", shape, raw, errA, errB)
				continue
			}
			want := exprValue(t, shape, exprenv.FromJSON(gjson.Parse(raw)), now)
			gotNative, gotVM := gjson.GetBytes(a, "f").Raw, gjson.GetBytes(b, "f").Raw
			if gotNative != want || gotVM != want {
				t.Errorf("%s over %s:\nexpr:   %s\nnative: %s\nvm:     %s", shape, raw, want, gotNative, gotVM)
			}
		}
	}
}

// exprValue evaluates an expression with plain expr over the decoded
// record, with the same function library, and renders it as the engine
// writes it ("" for null, which leaves the field out).
func exprValue(t *testing.T, src string, record any, now func() time.Time) string {
	t.Helper()
	env := map[string]any{"source": record}
	opts := append([]expr.Option{expr.Env(env)}, exprenv.Options(&exprenv.Config{Now: now})...)
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	v, err := expr.Run(prog, env)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if v == nil {
		return ""
	}
	out, err := exprenv.AppendJSON(nil, v)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return gjson.ParseBytes(out).Raw
}
