package catalog

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/pipeline-dev/pipeline/dsl"
	"github.com/pipeline-dev/pipeline/engine"
)

// Pipeline is one loaded pipeline.
type Pipeline struct {
	Name        string
	Description string
	File        string
	Plan        *engine.Plan
	Serve       dsl.Serve
	LoadedAt    time.Time
	// Source and Target name the connectors ("exactonline"); Connections
	// maps the configured connection names to them, for per-system metrics.
	Source, Target string
	Connections    map[string]string
}

// Diagnostic is one problem in a file, with its place.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s: %s", d.File, d.Line, d.Column, d.Severity, d.Summary, d.Detail)
}

// FileStatus is the outcome of the last load of one file.
type FileStatus struct {
	File        string       `json:"file"`
	Valid       bool         `json:"valid"`
	CheckedAt   time.Time    `json:"checked_at"`
	Pipelines   []string     `json:"pipelines"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// Stale is set when the file is broken and an earlier good version of
	// its pipelines still runs.
	Stale bool `json:"stale,omitempty"`
}

// Catalog is the set of loaded pipelines. Safe for concurrent use.
type Catalog struct {
	dir     string
	options func() engine.Options

	mu        sync.RWMutex
	pipelines map[string]*Pipeline   // by name
	files     map[string]*FileStatus // by path
	fprint    string
}

// New makes a catalog of the pipelines under dir; options returns the
// compile options (connectors, schemas, variables) for each load, the same
// that `pipeline validate` and `pipeline run` use.
func New(dir string, options func() engine.Options) *Catalog {
	return &Catalog{dir: dir, options: options, pipelines: map[string]*Pipeline{}, files: map[string]*FileStatus{}}
}

// Get returns the pipeline called name.
func (c *Catalog) Get(name string) (*Pipeline, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.pipelines[name]
	return p, ok
}

// List returns every loaded pipeline, by name.
func (c *Catalog) List() []*Pipeline {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Pipeline, 0, len(c.pipelines))
	for _, p := range c.pipelines {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Files returns the status of every file, by path.
func (c *Catalog) Files() []FileStatus {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]FileStatus, 0, len(c.files))
	for _, f := range c.files {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Diagnostics returns the problems of the file that defines pipeline name
// (or last defined it), nil when it is valid.
func (c *Catalog) Diagnostics(name string) []Diagnostic {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if p, ok := c.pipelines[name]; ok {
		if f := c.files[p.File]; f != nil {
			return f.Diagnostics
		}
	}
	return nil
}

// Load compiles every file under the folder and replaces what changed:
// pipelines of valid files are (re)loaded, those of broken files stay as
// they were, those of deleted files go. It returns an error only when the
// folder cannot be read; file problems are in Files.
func (c *Catalog) Load() (Change, error) {
	files, err := dsl.FindFiles([]string{c.dir})
	if err != nil {
		return Change{}, err
	}
	now := time.Now()
	loaded := map[string]loadResult{}
	for _, f := range files {
		loaded[f] = c.compile(f, now)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apply(loaded, now), nil
}

type loadResult struct {
	pipelines []*Pipeline
	diags     []Diagnostic
	errors    bool
}

func (c *Catalog) compile(path string, now time.Time) loadResult {
	loader := dsl.NewLoader()
	file, plans, diags := engine.CompileFile(loader, path, c.options())
	r := loadResult{diags: convert(path, diags), errors: diags.HasErrors()}
	if r.errors || file == nil {
		r.errors = true
		return r
	}
	byName := map[string]*dsl.Pipeline{}
	for _, p := range file.Pipelines {
		byName[p.Name] = p
	}
	for _, plan := range plans {
		p := &Pipeline{Name: plan.Name, File: path, Plan: plan, LoadedAt: now,
			Source: plan.SourceConnector(), Target: plan.TargetConnector(), Connections: connections(plan)}
		if d := byName[plan.Name]; d != nil {
			p.Serve, p.Description = d.Serve, d.Description
			// A schedule read from the settings is known once compiled.
			p.Serve.Parsed, p.Serve.Schedule = plan.Schedule()
		}
		r.pipelines = append(r.pipelines, p)
	}
	return r
}

func convert(path string, diags hcl.Diagnostics) []Diagnostic {
	dsl.SortDiagnostics(diags)
	var out []Diagnostic
	for _, d := range diags {
		x := Diagnostic{File: path, Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			x.Severity = "warning"
		}
		if d.Subject != nil {
			x.File, x.Line, x.Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		out = append(out, x)
	}
	return out
}

// rel shortens a path for messages.
func rel(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil {
		return r
	}
	return path
}
