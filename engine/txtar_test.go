package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/pipelinetest"
	"github.com/pipeline-dev/pipeline/schemas"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestTxtar runs every case in testdata/<area>/*.txtar. A case holds
// pipeline.hcl (and any file it loads), and either want.diags (the
// rendered diagnostics of validate) or input.ndjson with want.ndjson and
// want.rejects.ndjson (the records and rejects of a run).
func TestTxtar(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.txtar")
	if len(files) == 0 {
		t.Fatal("no txtar cases found")
	}
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".txtar"), func(t *testing.T) {
			runTxtar(t, file, set)
		})
	}
}

func runTxtar(t *testing.T, file string, set *schemas.Set) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sections := map[string][]byte{}
	for _, f := range ar.Files {
		sections[f.Name] = f.Data
		if !strings.HasPrefix(f.Name, "want") {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f.Name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	loader := dsl.NewLoader()
	opts := engine.Options{
		Connectors: testRegistry(), Schemas: set, Validating: true,
		Now: func() time.Time { return time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC) },
	}
	if env, ok := sections["env"]; ok {
		// A case with an env section compiles as a run does: env("NAME")
		// reads only these NAME=value lines, and a missing one is an error.
		opts.Validating, opts.Getenv = false, caseEnv(env)
	}
	_, plans, diags := engine.CompileFile(loader, filepath.Join(dir, "pipeline.hcl"), opts)
	got := map[string]string{}
	if _, ok := sections["want.diags"]; ok {
		dsl.SortDiagnostics(diags)
		var buf bytes.Buffer
		_ = dsl.WriteDiagnostics(&buf, loader.Source, diags)
		got["want.diags"] = strings.ReplaceAll(buf.String(), dir+string(filepath.Separator), "")
	} else {
		if diags.HasErrors() {
			t.Fatalf("pipeline does not compile: %v", diags)
		}
		records, rejects, decisions, related := runPlan(t, plans[0], sections["input.ndjson"], dir)
		got["want.ndjson"], got["want.rejects.ndjson"], got["want.decisions.ndjson"] = records, rejects, decisions
		got["want.related.ndjson"] = related
	}
	compareOrUpdate(t, file, ar, got)
}

func runPlan(t *testing.T, plan *engine.Plan, input []byte, dir string) (string, string, string, string) {
	var out, rej, dec, rel bytes.Buffer
	w := &bufWriter{buf: &out}
	sink := engine.RejectFunc(func(_ context.Context, r engine.Reject) error {
		r.Record = nil
		r.At = strings.ReplaceAll(r.At, dir+string(filepath.Separator), "")
		b, _ := json.Marshal(r)
		rej.Write(b)
		rej.WriteByte('\n')
		return nil
	})
	decisions := func(d engine.Decision) {
		if plan.HasWriteSemantics() {
			d.Payload, d.BeforeHash, d.XRefHash = nil, "", "" // fingerprints are noise in a golden file
			b, _ := json.Marshal(d)
			dec.Write(b)
			dec.WriteByte('\n')
		}
	}
	related := func(c engine.RelatedChange) {
		b, _ := json.Marshal(c)
		rel.Write(b)
		rel.WriteByte('\n')
	}
	_, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines(input), Rejects: sink,
		Writer: w, Lookuper: pipelinetest.FixtureLookuper(filepath.Join(dir, "lookups")), Decisions: decisions, Related: related})
	if _, tooMany := err.(*engine.TooManyRejectsError); err != nil && !tooMany {
		t.Fatalf("run: %v", err)
	}
	return out.String(), rej.String(), dec.String(), rel.String()
}

func compareOrUpdate(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	if *update {
		for i, f := range ar.Files {
			if g, ok := got[f.Name]; ok {
				ar.Files[i].Data = []byte(g)
				delete(got, f.Name)
			}
		}
		for name, g := range got {
			if g != "" {
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(g)})
			}
		}
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := map[string]string{}
	for _, f := range ar.Files {
		if _, ok := got[f.Name]; ok {
			want[f.Name] = string(f.Data)
		}
	}
	for name, g := range got {
		if g == "" && want[name] == "" {
			continue
		}
		if diff := cmp.Diff(want[name], g); diff != "" {
			t.Errorf("%s: wrong %s (-want +got):\n%s", file, name, diff)
		}
	}
}

// testRegistry holds one in-memory connector, "mem", so engine tests never
// depend on a concrete connector.
// caseEnv is the environment of a case's env section (NAME=value lines).
func caseEnv(section []byte) func(string) (string, bool) {
	vars := map[string]string{}
	for _, line := range strings.Split(string(section), "\n") {
		if name, value, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			vars[name] = value
		}
	}
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func testRegistry() *connectors.Registry {
	reg := connectors.NewRegistry()
	type memConfig struct {
		Name string `hcl:"name,optional"`
	}
	reg.MustRegister(connectors.Spec{
		Name:      "mem",
		NewConfig: func() any { return &memConfig{} },
		NewReader: func(context.Context, any, connectors.Options) (connectors.Reader, error) { return newLines(nil), nil },
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) {
			return &bufWriter{buf: &bytes.Buffer{}}, nil
		},
	})
	return reg
}

type lines struct {
	data [][]byte
	n    int
}

func newLines(input []byte) *lines {
	return &lines{data: bytes.Split(bytes.TrimRight(input, "\n"), []byte("\n"))}
}

func (l *lines) Read(ctx context.Context) (connectors.Record, error) {
	for l.n < len(l.data) {
		l.n++
		if len(bytes.TrimSpace(l.data[l.n-1])) == 0 {
			continue
		}
		return connectors.Record{Raw: l.data[l.n-1], Origin: "input.ndjson:" + itoa(l.n)}, nil
	}
	return connectors.Record{}, io.EOF
}

func (l *lines) Close() error { return nil }

type bufWriter struct{ buf *bytes.Buffer }

func (w *bufWriter) Write(_ context.Context, r connectors.Record) error {
	w.buf.Write(r.Raw)
	w.buf.WriteByte('\n')
	return nil
}

func (w *bufWriter) Close() error { return nil }

// Update records an update as {"updated": id, "record": ...}.
func (w *bufWriter) Update(_ context.Context, id string, r connectors.Record) error {
	w.buf.WriteString(`{"updated":` + strconv.Quote(id) + `,"record":`)
	w.buf.Write(r.Raw)
	w.buf.WriteString("}\n")
	return nil
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
