package dsl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Loader parses pipeline files and keeps their bytes, so that diagnostics
// can show source snippets long after parsing.
type Loader struct {
	parser *hclparse.Parser
}

// NewLoader returns an empty loader.
func NewLoader() *Loader { return &Loader{parser: hclparse.NewParser()} }

// Files returns every file parsed so far, by file name.
func (l *Loader) Files() map[string]*hcl.File { return l.parser.Files() }

// Source returns the bytes of a parsed file, or nil.
func (l *Loader) Source(filename string) []byte {
	if f, ok := l.parser.Files()[filename]; ok {
		return f.Bytes
	}
	return nil
}

// LoadFile reads and decodes one pipeline file. The returned File is
// non-nil whenever the file could be parsed at all, even when diagnostics
// report errors, so that callers can report every problem in one pass.
func (l *Loader) LoadFile(path string) (*File, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read pipeline file",
			Detail:   err.Error(),
			Subject:  &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	return l.LoadSource(path, src)
}

// LoadSource decodes pipeline source held in memory under the given name.
func (l *Loader) LoadSource(filename string, src []byte) (*File, hcl.Diagnostics) {
	f, diags := l.parser.ParseHCL(src, filename)
	if f == nil || diags.HasErrors() {
		// After a syntax error the partial body only produces confusing
		// follow-on errors; the syntax error is what the user must fix.
		return &File{Filename: filename}, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, diags
	}
	file, more := decodeFile(filename, src, body)
	return file, append(diags, more...)
}

// FindFiles expands each path into the pipeline files it names: a file is
// taken as is, a folder is walked for *.hcl files, skipping tests folders
// (whose case.hcl files are not pipelines) and hidden folders.
func FindFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		p = strings.TrimSuffix(p, "/...")
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && (name == "tests" || name == "testdata" || strings.HasPrefix(name, ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(name, ".hcl") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
