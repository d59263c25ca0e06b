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
	parser  *hclparse.Parser
	folders map[string]*folderSettings // by folder, see settings.go
}

// NewLoader returns an empty loader.
func NewLoader() *Loader {
	return &Loader{parser: hclparse.NewParser(), folders: map[string]*folderSettings{}}
}

// Files returns every file parsed so far, by file name.
func (l *Loader) Files() map[string]*hcl.File { return l.parser.Files() }

// Source returns the bytes of a parsed file, or nil.
func (l *Loader) Source(filename string) []byte {
	if f, ok := l.parser.Files()[filename]; ok {
		return f.Bytes
	}
	return nil
}

// LoadFile reads and decodes one pipeline file, with the variables and
// lookup tables of the settings.hcl beside it. The returned File is
// non-nil whenever the file could be parsed at all, even when diagnostics
// report errors, so that callers can report every problem in one pass.
//
// settings.hcl itself loads as a File without pipelines whose Settings is
// the file, so that a folder can be validated file by file.
func (l *Loader) LoadFile(path string) (*File, hcl.Diagnostics) {
	settings, settingsDiags := l.settings(filepath.Dir(path))
	if IsSettings(path) {
		if settings == nil {
			settings = &Settings{Filename: path}
		}
		return &File{Filename: path, Variables: settings.Variables, Settings: settings}, settingsDiags
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read pipeline file",
			Detail:   err.Error(),
			Subject:  &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	f, diags := l.load(path, src, settings)
	return f, append(settingsDiags, diags...)
}

// LoadSource decodes pipeline source held in memory under the given name,
// without folder settings.
func (l *Loader) LoadSource(filename string, src []byte) (*File, hcl.Diagnostics) {
	return l.load(filename, src, nil)
}

// LoadSourceWithConnections decodes pipeline source held in memory, as
// for the templates embedded in the binary, with only the connection
// blocks of the folder's settings.hcl source (settingsSrc, decoded once
// per dir): enough to resolve use = "name", while lookup files, which
// such a folder does not have on disk, are not read.
func (l *Loader) LoadSourceWithConnections(dir string, settingsSrc []byte, filename string, src []byte) (*File, hcl.Diagnostics) {
	entry, ok := l.folders[dir]
	if !ok {
		entry = &folderSettings{}
		entry.s, entry.diags = l.decodeConnections(filepath.Join(dir, SettingsFile), settingsSrc)
		l.folders[dir] = entry
	}
	f, diags := l.load(filename, src, entry.s)
	return f, append(append(hcl.Diagnostics(nil), entry.diags...), diags...)
}

func (l *Loader) load(filename string, src []byte, settings *Settings) (*File, hcl.Diagnostics) {
	f, diags := l.parser.ParseHCL(src, filename)
	if f == nil || diags.HasErrors() {
		// After a syntax error the partial body only produces confusing
		// follow-on errors; the syntax error is what the user must fix.
		return &File{Filename: filename, Settings: settings}, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, diags
	}
	file, more := decodeFile(filename, src, body, settings)
	return file, append(diags, more...)
}

// FindFiles expands each path into the pipeline files it names: a file is
// taken as is, a folder is walked for *.hcl files, skipping tests folders
// (whose case.hcl files are not pipelines) and hidden folders. A folder's
// settings.hcl is listed too; LoadFile reads it as the folder's settings.
func FindFiles(paths []string) ([]string, error) {
	out, err := findHCL(paths, true)
	sort.Strings(out)
	return out, err
}

// FindAllFiles is FindFiles with the files of tests and testdata folders
// included, in walk order: every .hcl file that pipeline fmt formats.
func FindAllFiles(paths []string) ([]string, error) {
	return findHCL(paths, false)
}

// findHCL walks paths for .hcl files, skipping hidden folders and, with
// skipTests, tests and testdata folders.
func findHCL(paths []string, skipTests bool) ([]string, error) {
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
				tests := skipTests && (name == "tests" || name == "testdata")
				if path != p && (tests || strings.HasPrefix(name, ".")) {
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
	return out, nil
}
