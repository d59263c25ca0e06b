package file

import (
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"github.com/pipeline-dev/pipeline/connectors"
)

// Write modes.
const (
	// ModeCreate replaces the target file (through a temporary file renamed
	// on Close). It is the default.
	ModeCreate = "create"
	// ModeAppend adds to the end of the target file, creating it if needed.
	ModeAppend = "append"
)

// Values of CSVConfig.Empty.
const (
	EmptyOmit = "omit" // an empty cell leaves its field out (default)
	EmptyNull = "null" // an empty cell becomes JSON null
)

// StdioPath is the path that stands for Options.Stdin or Options.Stdout.
const StdioPath = "-"

// NDJSONConfig configures the "ndjson" connector.
type NDJSONConfig struct {
	// Path is the file, relative to Options.BaseDir, or "-" for stdin/stdout.
	Path string `hcl:"path"`
	// Mode is ModeCreate or ModeAppend; writers only.
	Mode string `hcl:"mode,optional"`
}

// Defaults fills the write mode.
func (c *NDJSONConfig) Defaults() { c.Mode = defaultMode(c.Mode) }

// Validate checks path and mode.
func (c *NDJSONConfig) Validate() error {
	return errors.Join(checkPath(c.Path), checkMode(c.Mode, true))
}

// JSONConfig configures the "json" connector.
type JSONConfig struct {
	// Path is the file, relative to Options.BaseDir, or "-" for stdin/stdout.
	Path string `hcl:"path"`
	// Mode must be ModeCreate: a JSON array cannot be appended to by adding
	// bytes at the end, so append is refused rather than corrupting a file.
	Mode string `hcl:"mode,optional"`
}

// Defaults fills the write mode.
func (c *JSONConfig) Defaults() { c.Mode = defaultMode(c.Mode) }

// Validate checks path and mode.
func (c *JSONConfig) Validate() error {
	return errors.Join(checkPath(c.Path), checkMode(c.Mode, false))
}

// CSVConfig configures the "csv" connector.
type CSVConfig struct {
	// Path is the file, relative to Options.BaseDir, or "-" for stdin/stdout.
	Path string `hcl:"path"`
	// Mode is ModeCreate or ModeAppend; writers only. Appending writes the
	// header row only when the file is new or empty.
	Mode string `hcl:"mode,optional"`
	// Columns names the cells. Readers use it instead of the header row
	// (which is then skipped when Header is true); writers require it and
	// read each column as a gjson path into the record ("customer.email").
	Columns []string `hcl:"columns,optional"`
	// Delimiter is the one-character cell separator; "," by default.
	Delimiter string `hcl:"delimiter,optional"`
	// Header says whether the first row names the columns; true by default.
	// A pointer so that an explicit false survives Defaults.
	Header *bool `hcl:"header,optional"`
	// Empty is EmptyOmit (default) or EmptyNull; readers only.
	Empty string `hcl:"empty,optional"`
}

// Defaults fills mode, delimiter, header and empty.
func (c *CSVConfig) Defaults() {
	c.Mode = defaultMode(c.Mode)
	if c.Delimiter == "" {
		c.Delimiter = ","
	}
	if c.Header == nil {
		yes := true
		c.Header = &yes
	}
	if c.Empty == "" {
		c.Empty = EmptyOmit
	}
}

// Validate checks every field; call it after Defaults.
func (c *CSVConfig) Validate() error {
	errs := []error{checkPath(c.Path), checkMode(c.Mode, true)}
	if r, size := utf8.DecodeRuneInString(c.Delimiter); size == 0 || size != len(c.Delimiter) ||
		r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
		errs = append(errs, fmt.Errorf("delimiter: must be one character other than a quote or line break, got %q", c.Delimiter))
	}
	if c.Empty != EmptyOmit && c.Empty != EmptyNull {
		errs = append(errs, fmt.Errorf("empty: must be %q or %q, got %q", EmptyOmit, EmptyNull, c.Empty))
	}
	if c.Header != nil && !*c.Header && len(c.Columns) == 0 {
		errs = append(errs, errors.New("columns: required when header = false"))
	}
	seen := map[string]bool{}
	for i, col := range c.Columns {
		switch {
		case col == "":
			errs = append(errs, fmt.Errorf("columns[%d]: empty column name", i))
		case seen[col]:
			errs = append(errs, fmt.Errorf("columns[%d]: %q listed twice", i, col))
		}
		seen[col] = true
	}
	return errors.Join(errs...)
}

// header reports whether the first row is a header row; Defaults may not
// have run when a config is built by hand.
func (c *CSVConfig) header() bool { return c.Header == nil || *c.Header }

func defaultMode(m string) string {
	if m == "" {
		return ModeCreate
	}
	return m
}

func checkPath(p string) error {
	if p == "" {
		return errors.New("path: must not be empty")
	}
	return nil
}

func checkMode(m string, appendOK bool) error {
	switch {
	case m == ModeCreate || m == "":
		return nil
	case m == ModeAppend && appendOK:
		return nil
	case m == ModeAppend:
		return errors.New(`mode: "append" is not possible for a JSON array; use ndjson to append`)
	}
	return fmt.Errorf("mode: must be %q or %q, got %q", ModeCreate, ModeAppend, m)
}

// resolve turns a configured path into the one to open: relative paths are
// taken from the pipeline file's folder, not the process's working folder.
func resolve(path string, opts connectors.Options) string {
	if path == StdioPath || filepath.IsAbs(path) || opts.BaseDir == "" {
		return path
	}
	return filepath.Join(opts.BaseDir, path)
}

// originName is the file part of a record's Origin: the path as the user
// wrote it, so that it reads like the pipeline file.
func originName(path string) string {
	if path == StdioPath {
		return "stdin"
	}
	return path
}
