package engine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
	"github.com/pipeline-dev/pipeline/engine/state/pgstore"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

const syncPipeline = `
pipeline "accounts" {
  source "mem" {}
  target "mem" {
    schema      = "exactonline/account"
    key_field   = "Email"
    source_key  = "source.id"
    on_exists   = "update"
    create_only = ["Remarks"]
  }
  map {
    Email   = "lower(source.email)"
    Name    = "source.name"
    Remarks = "'created by the integration'"
  }
}
`

// TestSyncOnEveryStore runs the same sync scenario on SQLite and on
// PostgreSQL: a first run creates, a second run over the same data writes
// nothing, a changed record is updated without its create-only field, and
// the activity log and runs tell the story.
func TestSyncOnEveryStore(t *testing.T) {
	stores := map[string]func(t *testing.T) state.Store{
		"sqlite": func(t *testing.T) state.Store {
			st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "state.db"))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
		"postgres": func(t *testing.T) state.Store {
			st, err := pgstore.Open(context.Background(), pgtest.Start(t))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			defer st.Close()
			syncScenario(t, st)
		})
	}
}

func syncScenario(t *testing.T, st state.Store) {
	plan := compileWith(t, testRegistry(), syncPipeline)
	run := func(input string) (engine.Stats, string) {
		var out bytes.Buffer
		stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)), Writer: &bufWriter{buf: &out}, State: st})
		if err != nil {
			t.Fatal(err)
		}
		return stats, out.String()
	}
	input := `{"id":"1","email":"Ann@example.com","name":"Ann"}
{"id":"2","email":"bob@example.com","name":"Bob"}
`
	s1, out1 := run(input)
	if s1.Created != 2 || strings.Count(out1, "\n") != 2 {
		t.Fatalf("first run: %+v\n%s", s1, out1)
	}
	s2, out2 := run(input)
	if s2.Unchanged != 2 || s2.Written != 0 || out2 != "" {
		t.Fatalf("second run wrote: %+v\n%s", s2, out2)
	}
	s3, out3 := run(strings.Replace(input, `"name":"Bob"`, `"name":"Robert"`, 1))
	if s3.Updated != 1 || s3.Unchanged != 1 || !strings.Contains(out3, `"updated":"bob@example.com"`) || strings.Contains(out3, "Remarks") {
		t.Fatalf("third run: %+v\n%s", s3, out3)
	}
	// A plan decides with the state but is no run: the history keeps the
	// three runs only.
	var planned bytes.Buffer
	ps, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(strings.Replace(input, "Ann", "Anna", 1))),
		Writer: &bufWriter{buf: &planned}, State: st, DryRun: true})
	if err != nil || ps.Updated != 2 || planned.Len() != 0 {
		t.Fatalf("plan: %v %+v wrote %q", err, ps, planned.String())
	}
	runs, err := st.Runs(context.Background(), state.RunQuery{Pipeline: "accounts"})
	if err != nil || len(runs) != 3 || runs[0].Status != "ok" {
		t.Fatalf("runs: %v %+v", err, runs)
	}
	acts, err := st.Activity(context.Background(), state.ActivityQuery{Pipeline: "accounts", SourceKey: "2"})
	if err != nil {
		t.Fatal(err)
	}
	var decisions []string
	for _, a := range acts {
		decisions = append(decisions, a.Decision)
	}
	if got := strings.Join(decisions, ","); got != "update,unchanged,create" {
		t.Errorf("activity of record 2 (newest first): %s", got)
	}
	for _, a := range acts {
		if a.Decision == "create" && bytes.Contains(a.Payload, []byte("bob@example.com")) {
			t.Errorf("the activity log keeps personal data unmasked: %s", a.Payload)
		}
		if a.Decision == "create" && !bytes.Contains(a.Source, []byte(`"name":"Bob"`)) {
			t.Errorf("the activity log lacks the source record: %q", a.Source)
		}
	}
}

// A target without a schema keeps its cross-references under the target
// connector's name: a run with state works, and the next run over the same
// records writes nothing.
func TestKeyFieldWithoutSchemaKeepsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(path, []byte(`
pipeline "codes" {
  source "mem" {}
  target "mem" {
    key_field = "code"
    on_exists = "update"
  }
  map {
    code = "source.code"
    name = "source.name"
  }
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, plans, diags := engine.CompileFile(dsl.NewLoader(), path, engine.Options{Connectors: testRegistry()})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	st := openState(t)
	run := func(input string) (engine.Stats, string) {
		var out bytes.Buffer
		stats, err := plans[0].Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)), Writer: &bufWriter{buf: &out}, State: st})
		if err != nil {
			t.Fatal(err)
		}
		return stats, out.String()
	}
	input := `{"code":"A","name":"Apron"}` + "\n" + `{"code":"B","name":"Bib"}` + "\n"
	if s, _ := run(input); s.Created != 2 {
		t.Fatalf("first run: %+v", s)
	}
	if s, out := run(input); s.Unchanged != 2 || out != "" {
		t.Fatalf("second run: %+v\n%s", s, out)
	}
	if s, out := run(strings.Replace(input, "Bib", "Bib XL", 1)); s.Updated != 1 || !strings.Contains(out, `"updated":"B"`) {
		t.Fatalf("third run: %+v\n%s", s, out)
	}
	x, err := st.XRef(context.Background(), "codes", "mem", "A")
	if err != nil || x.TargetID != "A" {
		t.Errorf("cross-reference of A under entity \"mem\": %+v, %v", x, err)
	}
}
