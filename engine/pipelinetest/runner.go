package pipelinetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/schemas"
)

// DefaultNow is the clock of a case that does not pin its own, so that
// now() gives the same answer on every run.
var DefaultNow = time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)

// Config says what to run and how.
type Config struct {
	Connectors *connectors.Registry
	Schemas    *schemas.Set
	// Update rewrites the want files with what the pipeline produces.
	Update bool
	// Match, when set, runs only cases whose name (Result.Name, the one
	// printed) matches.
	Match *regexp.Regexp
}

// Result is the outcome of one case.
type Result struct {
	Pipeline string
	Case     Case
	Passed   bool
	Updated  bool
	// Failures explain, record by record and field by field, what differs.
	Failures []string
	// Diags are problems loading or compiling the pipeline or the case.
	Diags hcl.Diagnostics
}

// Run runs every case of the pipelines found under paths (files or folders).
// The loader it returns holds the sources diagnostics refer to.
func Run(ctx context.Context, paths []string, cfg Config) ([]Result, *dsl.Loader, error) {
	files, err := dsl.FindFiles(paths)
	if err != nil {
		return nil, nil, err
	}
	byDir := map[string][]string{}
	var dirs []string
	for _, f := range files {
		d := filepath.Dir(f)
		if byDir[d] == nil {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], f)
	}
	loader := dsl.NewLoader()
	var results []Result
	for _, dir := range dirs {
		rs, err := runDir(ctx, loader, dir, byDir[dir], cfg)
		if err != nil {
			return results, loader, err
		}
		results = append(results, rs...)
	}
	return results, loader, nil
}

func runDir(ctx context.Context, loader *dsl.Loader, dir string, files []string, cfg Config) ([]Result, error) {
	cases, err := discoverCases(dir)
	if err != nil || len(cases) == 0 {
		return nil, err
	}
	pipelines := map[string]string{} // name → file
	decoded := map[string]*dsl.File{}
	var loadDiags hcl.Diagnostics
	for _, f := range files {
		file, diags := loader.LoadFile(f)
		loadDiags = append(loadDiags, diags...)
		if file == nil {
			continue
		}
		decoded[f] = file
		for _, p := range file.Pipelines {
			pipelines[p.Name] = f
		}
	}
	var results []Result
	for i, c := range cases {
		tc, diags := loader.LoadTestCase(filepath.Join(c.Dir, "case.hcl"))
		res := Result{Case: c, Diags: diags}
		if loadDiags.HasErrors() {
			// The file's own problems are reported once, with the first case;
			// every case of the folder fails.
			if i == 0 {
				res.Diags = append(dsl.UniqueDiagnostics(loadDiags), diags...)
			}
			res.Failures = append(res.Failures, "the pipeline file does not load")
			results = append(results, res)
			continue
		}
		name, err := pickPipeline(c, tc.Pipeline, pipelines)
		if err != nil {
			res.Failures = append(res.Failures, err.Error())
			results = append(results, res)
			continue
		}
		res.Pipeline = name
		if cfg.Match != nil && !cfg.Match.MatchString(res.Name()) {
			continue
		}
		file := decoded[pipelines[name]]
		runCase(ctx, &res, file, name, tc, cfg)
		results = append(results, res)
	}
	return results, nil
}

func runCase(ctx context.Context, res *Result, file *dsl.File, name string, tc *dsl.TestCase, cfg Config) {
	var p *dsl.Pipeline
	for _, x := range file.Pipelines {
		if x.Name == name {
			p = x
		}
	}
	now := DefaultNow
	if tc.Now != nil {
		now = *tc.Now
	}
	plan, diags := engine.Compile(p, engine.Options{
		Connectors: cfg.Connectors, Schemas: cfg.Schemas,
		Variables: file.Variables, VarValues: tc.Vars,
		Now: func() time.Time { return now }, Validating: true,
	})
	res.Diags = append(res.Diags, diags...)
	if res.Diags.HasErrors() || plan == nil {
		res.Failures = append(res.Failures, "the pipeline or the case does not compile")
		return
	}
	input, err := os.ReadFile(filepath.Join(res.Case.Dir, "input.ndjson"))
	if err != nil {
		res.Failures = append(res.Failures, err.Error())
		return
	}
	out := &memWriter{}
	var rejects, decisions [][]byte
	sink := engine.RejectFunc(func(_ context.Context, r engine.Reject) error {
		rejects = append(rejects, rejectLine(r, filepath.Dir(file.Filename)))
		return nil
	})
	onDecision := func(d engine.Decision) {
		if plan.HasWriteSemantics() {
			d.Payload, d.BeforeHash, d.XRefHash = nil, "", "" // fingerprints are noise in a golden file
			b, _ := json.Marshal(d)
			n, _ := normalize(b)
			decisions = append(decisions, n)
		}
	}
	related := &relatedLog{}
	_, err = plan.Run(ctx, engine.RunOptions{Reader: newLineReader("input.ndjson", input), Writer: out, Rejects: sink,
		Lookuper: FixtureLookuper(filepath.Join(res.Case.Dir, "lookups")), Decisions: onDecision, Related: related.add})
	if _, tooMany := err.(*engine.TooManyRejectsError); err != nil && !tooMany {
		res.Failures = append(res.Failures, "run failed: "+err.Error())
		return
	}
	got := make([][]byte, 0, len(out.records))
	for i, r := range out.records {
		n, err := normalize(r)
		if err != nil {
			res.Failures = append(res.Failures, fmt.Sprintf("output record %d is not valid JSON: %v", i+1, err))
			return
		}
		got = append(got, n)
	}
	if cfg.Update {
		res.Updated = true
		res.Passed = true
		if err := writeLines(filepath.Join(res.Case.Dir, "want.ndjson"), got, true); err != nil {
			res.Failures = append(res.Failures, err.Error())
		}
		if err := writeLines(filepath.Join(res.Case.Dir, "want.rejects.ndjson"), rejects, false); err != nil {
			res.Failures = append(res.Failures, err.Error())
		}
		if err := writeLines(filepath.Join(res.Case.Dir, "want.decisions.ndjson"), decisions, false); err != nil {
			res.Failures = append(res.Failures, err.Error())
		}
		related.finish(res, true)
		return
	}
	res.Failures = append(res.Failures, compareRecords(res.Case.Dir, "want.ndjson", "record", got)...)
	res.Failures = append(res.Failures, compareRecords(res.Case.Dir, "want.rejects.ndjson", "reject", rejects)...)
	res.Failures = append(res.Failures, compareRecords(res.Case.Dir, "want.decisions.ndjson", "decision", decisions)...)
	related.finish(res, false)
	res.Passed = len(res.Failures) == 0
}

// rejectLine is the golden form of a reject: the record itself is left out
// (it is in input.ndjson) and the expression position is made relative to
// the pipeline's folder so the file reads the same wherever tests run.
func rejectLine(r engine.Reject, dir string) []byte {
	if r.At != "" {
		if rel, err := filepath.Rel(dir, r.At); err == nil {
			r.At = filepath.ToSlash(rel)
		}
	}
	r.Record = nil
	b, _ := json.Marshal(r)
	n, _ := normalize(b)
	return n
}

func compareRecords(dir, name, what string, got [][]byte) []string {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil && !os.IsNotExist(err) {
		return []string{err.Error()}
	}
	want := splitLines(data)
	var failures []string
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			failures = append(failures, fmt.Sprintf("%s:%d: want %s %d, got none:\n    %s", name, i+1, what, i+1, want[i]))
		case i >= len(want):
			failures = append(failures, fmt.Sprintf("%s: got an extra %s %d:\n    %s", name, what, i+1, got[i]))
		default:
			w, err := normalize(want[i])
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s:%d: not valid JSON: %v", name, i+1, err))
				continue
			}
			if !bytes.Equal(w, got[i]) {
				failures = append(failures, fmt.Sprintf("%s:%d: %s %d differs:\n%s", name, i+1, what, i+1, indent(fieldDiff(w, got[i]))))
			}
		}
	}
	return failures
}

// writeLines rewrites a golden file; an optional file with nothing to hold
// is removed rather than left empty.
func writeLines(path string, lines [][]byte, keepEmpty bool) error {
	if len(lines) == 0 && !keepEmpty {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	var buf bytes.Buffer
	for _, l := range lines {
		buf.Write(l)
		buf.WriteByte('\n')
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
