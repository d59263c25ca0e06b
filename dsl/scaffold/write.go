package scaffold

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Choice is what the user picked: which flows, and settings that differ
// from the template's defaults.
type Choice struct {
	Flows    []string // file names of the template's flows
	Settings map[string]cty.Value
}

// Write creates folder dst with the chosen flows, the settings file with
// the chosen values, the template's value maps, seeds and samples, and one
// starter test case per flow (the template's first case for it, inputs
// and lookups only: its expected output is recorded by the caller, from
// the user's settings). It refuses a folder that exists and is not empty,
// so init never overwrites a user's work.
func (t *Template) Write(dst string, c Choice) (cases []string, err error) {
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s exists and is not empty; init writes only new folders", dst)
	}
	chosen := map[string]bool{}
	for _, name := range c.Flows {
		f, ok := t.Flow(name)
		if !ok {
			return nil, fmt.Errorf("template %s has no flow %q (it has %s)", t.Name, name, strings.Join(t.flowFiles(), ", "))
		}
		chosen[f.File] = true
	}
	if len(chosen) == 0 {
		return nil, fmt.Errorf("no flows chosen")
	}
	err = fs.WalkDir(t.fsys, t.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, t.dir), "/")
		top := strings.SplitN(rel, "/", 2)[0]
		switch {
		case rel == "":
			return os.MkdirAll(dst, 0o755)
		case top == "tests" || top == "out" || strings.HasSuffix(rel, ".go"):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, filepath.FromSlash(rel)), 0o755)
		case !strings.Contains(rel, "/") && strings.HasSuffix(rel, ".hcl") && rel != SettingsFile && !chosen[rel]:
			return nil // a flow the user did not pick
		}
		data, err := fs.ReadFile(t.fsys, p)
		if err != nil {
			return err
		}
		if rel == SettingsFile && len(c.Settings) > 0 {
			if data, err = rewriteSettings(p, data, c.Settings); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(dst, filepath.FromSlash(rel)), data, 0o644)
	})
	if err != nil {
		return nil, err
	}
	for _, f := range t.Flows {
		if !chosen[f.File] {
			continue
		}
		name, err := t.starterCase(f, dst)
		if err != nil {
			return nil, err
		}
		if name != "" {
			cases = append(cases, name)
		}
	}
	return cases, nil
}

func (t *Template) flowFiles() []string {
	var out []string
	for _, f := range t.Flows {
		out = append(out, f.File)
	}
	return out
}

// starterCase copies the inputs of the template's first test case of flow
// f to tests/<pipeline>/starter in dst and returns "<pipeline>/starter", or
// "" when the template has no case for the flow.
func (t *Template) starterCase(f Flow, dst string) (string, error) {
	caseDir, ok := t.firstCase(f)
	if !ok {
		return "", nil
	}
	out := filepath.Join(dst, "tests", f.Pipeline, "starter")
	err := fs.WalkDir(t.fsys, caseDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, caseDir), "/")
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(out, filepath.FromSlash(rel)), 0o755)
		}
		if strings.HasPrefix(path.Base(rel), "want.") {
			return nil // recorded anew from the user's settings
		}
		data, err := fs.ReadFile(t.fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), data, 0o644)
	})
	return f.Pipeline + "/starter", err
}

var casePipeline = regexp.MustCompile(`(?m)^\s*pipeline\s*=\s*"([^"]+)"`)

// firstCase finds, in name order, the template's first case folder that
// tests flow f: one under tests/<pipeline>/, or one whose case.hcl names
// the pipeline (the rules of `pipeline test`).
func (t *Template) firstCase(f Flow) (string, bool) {
	var found string
	root := path.Join(t.dir, "tests")
	_ = fs.WalkDir(t.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found != "" || !d.IsDir() {
			return nil
		}
		if _, err := fs.Stat(t.fsys, path.Join(p, "input.ndjson")); err != nil {
			return nil
		}
		named := ""
		if src, err := fs.ReadFile(t.fsys, path.Join(p, "case.hcl")); err == nil {
			if m := casePipeline.FindSubmatch(src); m != nil {
				named = string(m[1])
			}
		}
		if named == f.Pipeline || (named == "" && path.Base(path.Dir(p)) == f.Pipeline) {
			found = p
			return fs.SkipDir
		}
		return nil
	})
	return found, found != ""
}
