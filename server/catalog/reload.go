package catalog

import (
	"context"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/engine"
)

// Change says which pipelines a load added, replaced or removed.
type Change struct {
	Added, Updated, Removed []string
}

// Empty reports whether nothing changed.
func (ch Change) Empty() bool { return len(ch.Added)+len(ch.Updated)+len(ch.Removed) == 0 }

// apply merges a load into the catalog. Files are taken in path order, so
// when two files declare the same pipeline the first keeps it and the
// second gets a diagnostic.
func (c *Catalog) apply(loaded map[string]loadResult, now time.Time) Change {
	paths := make([]string, 0, len(loaded))
	for p := range loaded {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	next := map[string]*Pipeline{}
	files := map[string]*FileStatus{}
	for _, path := range paths {
		r := loaded[path]
		st := &FileStatus{File: path, Valid: !r.errors, CheckedAt: now, Diagnostics: r.diags, Pipelines: []string{}}
		candidates := r.pipelines
		if r.errors {
			// Keep the last good version of this file's pipelines.
			for _, p := range c.pipelines {
				if p.File == path {
					candidates = append(candidates, p)
				}
			}
			sort.Slice(candidates, func(i, j int) bool { return candidates[i].Name < candidates[j].Name })
			st.Stale = len(candidates) > 0
		}
		for _, p := range candidates {
			if other, dup := next[p.Name]; dup {
				st.Valid = false
				st.Diagnostics = append(st.Diagnostics, Diagnostic{File: path, Severity: "error",
					Summary: "Duplicate pipeline name",
					Detail:  fmt.Sprintf("Pipeline %q is also declared in %s, which keeps it; pipeline names must be unique under the served folder.", p.Name, rel(c.dir, other.File))})
				continue
			}
			next[p.Name] = p
			st.Pipelines = append(st.Pipelines, p.Name)
		}
		files[path] = st
	}
	var ch Change
	for name, p := range next {
		old, ok := c.pipelines[name]
		switch {
		case !ok:
			ch.Added = append(ch.Added, name)
		case old != p:
			ch.Updated = append(ch.Updated, name)
		}
	}
	for name := range c.pipelines {
		if _, ok := next[name]; !ok {
			ch.Removed = append(ch.Removed, name)
		}
	}
	sort.Strings(ch.Added)
	sort.Strings(ch.Updated)
	sort.Strings(ch.Removed)
	c.pipelines, c.files = next, files
	return ch
}

// Watch polls the folder every interval and reloads when a pipeline file,
// a settings.hcl or a lookup CSV changed (by size and modification time),
// calling onChange after each reload that changed something. It returns
// when ctx ends. Polling instead of file-system events works the same on
// every platform and with folders mounted from elsewhere.
func (c *Catalog) Watch(ctx context.Context, interval time.Duration, onChange func(Change)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fp := fingerprint(c.dir)
		c.mu.RLock()
		same := fp == c.fprint
		c.mu.RUnlock()
		if same {
			continue
		}
		ch, err := c.Load()
		if err != nil {
			continue // the folder is unreadable for now; keep what runs
		}
		c.mu.Lock()
		c.fprint = fp
		c.mu.Unlock()
		if onChange != nil {
			onChange(ch)
		}
	}
}

// Remember records the folder's current fingerprint, so that Watch does
// not reload what the first Load already read.
func (c *Catalog) Remember() {
	fp := fingerprint(c.dir)
	c.mu.Lock()
	c.fprint = fp
	c.mu.Unlock()
}

// fingerprint hashes the names, sizes and modification times of the files
// a load reads. Hidden folders (the state store), tests, testdata and out
// (file targets write there) are skipped so runs do not cause reloads.
func fingerprint(dir string) string {
	h := fnv.New64a()
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(name, ".") || name == "tests" || name == "testdata" || name == "out") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".hcl") && !strings.HasSuffix(name, ".csv") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", path, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return fmt.Sprintf("%x", h.Sum64())
}

// connections maps the connection names a plan's endpoints are
// configured with (the Connection field every API connector's settings
// have) to their connectors, for metrics per system.
func connections(plan *engine.Plan) map[string]string {
	out := map[string]string{}
	for _, end := range []string{"source", "target"} {
		spec, cfg := plan.Endpoint(end)
		v := reflect.ValueOf(cfg)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			continue
		}
		if f := v.FieldByName("Connection"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
			out[f.String()] = spec.Name
		}
	}
	return out
}
