package scaffold

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/pipeline-dev/pipeline/dsl"
)

// SettingsFile is the file of a folder that holds the settings its flows
// share; a folder with one is a template.
const SettingsFile = "settings.hcl"

// Template is one integration folder: two systems and the flows between
// them.
type Template struct {
	Name     string   // folder name, e.g. "eaccounting_asperion"
	Systems  []string // the connectors its flows use, sorted
	Flows    []Flow
	Settings []Setting

	fsys fs.FS
	dir  string
}

// Flow is one pipeline file of a template.
type Flow struct {
	File        string // "orders.hcl"
	Pipeline    string // the pipeline's name
	Description string
	Source      string // connector names
	Target      string
}

// Setting is one variable of settings.hcl.
type Setting struct {
	Name        string
	Type        string // as written: string, number, bool, list(string)
	Default     string // as written, HCL
	Description string
}

// Templates returns every folder of fsys (at its root) that holds a
// settings.hcl, by name.
func Templates(fsys fs.FS) ([]*Template, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []*Template
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(fsys, path.Join(e.Name(), SettingsFile)); err != nil {
			continue
		}
		t, err := Load(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Load reads the template in folder dir of fsys.
func Load(fsys fs.FS, dir string) (*Template, error) {
	t := &Template{Name: path.Base(dir), fsys: fsys, dir: dir}
	settingsSrc, err := fs.ReadFile(fsys, path.Join(dir, SettingsFile))
	if err != nil {
		return nil, err
	}
	if t.Settings, err = readSettings(path.Join(dir, SettingsFile), settingsSrc); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	systems := map[string]bool{}
	loader := dsl.NewLoader()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".hcl") || e.Name() == SettingsFile {
			continue
		}
		name := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		file, diags := loader.LoadSourceWithConnections(dir, settingsSrc, name, src)
		if file == nil || diags.HasErrors() {
			return nil, fmt.Errorf("template %s: %s does not load: %s", dir, e.Name(), diags.Error())
		}
		for _, p := range file.Pipelines {
			f := Flow{File: e.Name(), Pipeline: p.Name, Description: p.Description}
			if p.Source != nil {
				f.Source = p.Source.Connector
				systems[f.Source] = true
			}
			if p.Target != nil {
				f.Target = p.Target.Connector
				systems[f.Target] = true
			}
			t.Flows = append(t.Flows, f)
		}
	}
	for s := range systems {
		t.Systems = append(t.Systems, s)
	}
	sort.Strings(t.Systems)
	return t, nil
}

// Connects reports whether the template's flows run between exactly the
// two systems a and b (in either direction).
func (t *Template) Connects(a, b string) bool {
	want := []string{a, b}
	sort.Strings(want)
	return len(t.Systems) == 2 && t.Systems[0] == want[0] && t.Systems[1] == want[1]
}

// Flow returns the flow by file name ("orders.hcl" or "orders") or by
// pipeline name.
func (t *Template) Flow(name string) (Flow, bool) {
	for _, f := range t.Flows {
		if f.File == name || strings.TrimSuffix(f.File, ".hcl") == name || f.Pipeline == name {
			return f, true
		}
	}
	return Flow{}, false
}

// readSettings lists the variable blocks of a settings file in file order.
func readSettings(name string, src []byte) ([]Setting, error) {
	f, diags := hclwrite.ParseConfig(src, name, hclStart)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []Setting
	for _, b := range f.Body().Blocks() {
		if b.Type() != "variable" || len(b.Labels()) != 1 {
			continue
		}
		s := Setting{Name: b.Labels()[0]}
		s.Type = attrText(b.Body(), "type")
		s.Default = attrText(b.Body(), "default")
		if d := attrText(b.Body(), "description"); d != "" {
			s.Description = unquote(d)
		}
		out = append(out, s)
	}
	return out, nil
}

func attrText(body *hclwrite.Body, name string) string {
	a := body.GetAttribute(name)
	if a == nil {
		return ""
	}
	return strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes()))
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return strings.ReplaceAll(s, `\"`, `"`)
}
