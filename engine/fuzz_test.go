package engine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/schemas"
)

// seedPipelines returns the shipped pipelines and the pipelines of the
// engine's own test cases: the fuzz seed corpus.
func seedPipelines(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob("../pipelines/*/*.hcl")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			seeds = append(seeds, b)
		}
	}
	cases, _ := filepath.Glob("testdata/*/*.txtar")
	for _, name := range cases {
		if ar, err := txtar.ParseFile(name); err == nil {
			for _, file := range ar.Files {
				if file.Name == "pipeline.hcl" {
					seeds = append(seeds, file.Data)
				}
			}
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no seed pipelines found")
	}
	return seeds
}

// FuzzCompile parses and compiles arbitrary pipeline files: whatever the
// input, the result is a plan or diagnostics, never a panic.
func FuzzCompile(f *testing.F) {
	for _, s := range seedPipelines(f) {
		f.Add(s)
	}
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		loader := dsl.NewLoader()
		file, diags := loader.LoadSource(filepath.Join(t.TempDir(), "pipeline.hcl"), src)
		var buf bytes.Buffer
		_ = dsl.WriteDiagnostics(&buf, loader.Source, diags)
		if file == nil {
			return
		}
		for _, p := range file.Pipelines {
			_, more := engine.Compile(p, engine.Options{Connectors: testRegistry(), Schemas: set,
				Variables: file.Variables, Validating: true})
			_ = dsl.WriteDiagnostics(&buf, loader.Source, more)
		}
	})
}

// FuzzExpression compiles an arbitrary expression as a field transform and
// a filter and runs it over a sample order: compile errors and run-time
// errors are fine, panics are not.
func FuzzExpression(f *testing.F) {
	for _, s := range seedPipelines(f) {
		for _, line := range strings.Split(string(s), "\n") {
			if _, expr, ok := strings.Cut(line, `= "`); ok && strings.HasSuffix(expr, `"`) {
				f.Add(strings.TrimSuffix(expr, `"`))
			}
		}
	}
	f.Add("round(item.qty * item.price, 2)")
	f.Add("source.a?.b ?? get('x.#.y')")
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	order, err := os.ReadFile("../schemas/testdata/webshop_order.json")
	if err != nil {
		f.Fatal(err)
	}
	order = bytes.ReplaceAll(order, []byte("\n"), nil)
	f.Fuzz(func(t *testing.T, expr string) {
		if strings.ContainsAny(expr, "\n\r") || strings.Contains(expr, "EXPR") {
			return
		}
		src := "pipeline \"p\" {\n  source \"mem\" {\n    schema = \"webshop/order\"\n  }\n  target \"mem\" {}\n" +
			"  filter = <<-EXPR\n    " + expr + "\n  EXPR\n  map {\n    Value = <<-EXPR\n      " + expr + "\n    EXPR\n  }\n}\n"
		loader := dsl.NewLoader()
		file, _ := loader.LoadSource(filepath.Join(t.TempDir(), "pipeline.hcl"), []byte(src))
		if file == nil || len(file.Pipelines) == 0 {
			return
		}
		plan, diags := engine.Compile(file.Pipelines[0], engine.Options{Connectors: testRegistry(), Schemas: set,
			Now: func() time.Time { return time.Unix(0, 0) }})
		if diags.HasErrors() {
			return
		}
		_, _ = plan.Run(context.Background(), engine.RunOptions{Reader: newLines(order), Writer: &bufWriter{buf: &bytes.Buffer{}},
			Rejects: engine.RejectFunc(func(context.Context, engine.Reject) error { return nil })})
	})
}
