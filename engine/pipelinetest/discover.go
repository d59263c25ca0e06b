package pipelinetest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one golden test case folder.
type Case struct {
	Dir  string // the case folder
	Name string // path of the folder below tests/, e.g. "paid_order"
}

// discoverCases finds the case folders under <dir>/tests: every folder that
// holds an input.ndjson file.
func discoverCases(dir string) ([]Case, error) {
	root := filepath.Join(dir, "tests")
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return nil, nil
	}
	var cases []Case
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if _, err := os.Stat(filepath.Join(path, "input.ndjson")); err == nil {
			rel, _ := filepath.Rel(root, path)
			cases = append(cases, Case{Dir: path, Name: filepath.ToSlash(rel)})
		}
		return nil
	})
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, err
}

// pickPipeline decides which pipeline of a folder a case tests: the one
// case.hcl names, else the one named like the case's parent folder, else
// the folder's only pipeline.
func pickPipeline(c Case, named string, pipelines map[string]string) (string, error) {
	if named != "" {
		if _, ok := pipelines[named]; !ok {
			return "", fmt.Errorf("case.hcl names pipeline %q, which no file in %s declares", named, filepath.Dir(filepath.Dir(c.Dir)))
		}
		return named, nil
	}
	if parent := filepath.Base(filepath.Dir(c.Dir)); parent != "tests" {
		if _, ok := pipelines[parent]; ok {
			return parent, nil
		}
	}
	if len(pipelines) == 1 {
		for name := range pipelines {
			return name, nil
		}
	}
	return "", fmt.Errorf("the folder holds %d pipelines; say which this case tests with pipeline = \"name\" in case.hcl, or put the case under tests/<pipeline name>/", len(pipelines))
}

// Name is how a case is shown and what `pipeline test -run` matches:
// "<pipeline>/<case>", where <case> is the folder below tests/ less a
// leading "<pipeline>/", so that a case in tests/orders/paid of pipeline
// orders is "orders/paid" rather than "orders/orders/paid". A case whose
// pipeline is not known (the file does not load) is named by its folder.
func (r Result) Name() string {
	if r.Pipeline == "" {
		return r.Case.Dir
	}
	return caseName(r.Pipeline, r.Case)
}

func caseName(pipeline string, c Case) string {
	if rest, ok := strings.CutPrefix(c.Name, pipeline+"/"); ok {
		return pipeline + "/" + rest
	}
	return pipeline + "/" + c.Name
}
