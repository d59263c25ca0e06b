package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/schemas"
)

// compileWith compiles the one pipeline in src, written to a file of its
// own, against the connectors of reg and the shipped schemas.
func compileWith(t *testing.T, reg *connectors.Registry, src string) *engine.Plan {
	t.Helper()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), path, engine.Options{Connectors: reg, Schemas: set})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return plans[0]
}

// openState opens a state file in a folder of the test's own; the test's
// end closes it.
func openState(t *testing.T) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// runLines runs plan over the NDJSON records in input, keeping state in st;
// an error fails the test.
func runLines(t *testing.T, plan *engine.Plan, st state.Store, input string) engine.Stats {
	t.Helper()
	stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)), State: st})
	if err != nil {
		t.Fatal(err)
	}
	return stats
}
