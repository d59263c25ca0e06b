package schemagen

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Render builds and encodes one schema file per entity and returns the
// contents by file name (<file>.schema.json). file names an entity's file
// without the suffix; an encoding error names that file.
func Render[E any](entities []E, file func(E) string, build func(E) (*Object, error)) (map[string][]byte, error) {
	files := make(map[string][]byte, len(entities))
	for _, e := range entities {
		doc, err := build(e)
		if err != nil {
			return nil, err
		}
		data, err := Encode(doc)
		if err != nil {
			return nil, fmt.Errorf("entity %s: %w", file(e), err)
		}
		files[file(e)+".schema.json"] = data
	}
	return files, nil
}

// WriteDir writes the files into dir, creating it, and reports to log
// (the generator's stderr), prefixed with its name, how many it wrote. When note is not
// empty, a *.schema.json in dir that is not among the files but contains
// note (the generator's "do not edit" comment) is reported too: a file of an
// entity that left the generator's table would otherwise linger unnoticed.
func WriteDir(log io.Writer, tool, dir string, files map[string][]byte, note string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if note != "" {
		existing, err := filepath.Glob(filepath.Join(dir, "*.schema.json"))
		if err != nil {
			return err
		}
		for _, path := range existing {
			if _, ok := files[filepath.Base(path)]; ok {
				continue
			}
			data, err := os.ReadFile(path)
			if err == nil && strings.Contains(string(data), note) {
				fmt.Fprintf(log, "%s: %s was generated before but is no longer in the entity table; delete it if that is intended\n", tool, path)
			}
		}
	}
	fmt.Fprintf(log, "%s: wrote %d schemas to %s\n", tool, len(files), dir)
	return nil
}
