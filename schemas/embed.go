package schemas

import (
	"embed"
	"io/fs"
	"sync"
)

// files holds every schema of the binary. New systems need no code change:
// a new <system>/<entity>.schema.json file is picked up by the pattern.
//
//go:embed */*.schema.json
var files embed.FS

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the set of embedded schemas. They are read on the first
// call and each is compiled when first looked up; later calls return the
// same set (or error). A test compiles every embedded schema eagerly.
func Default() (*Set, error) {
	defaultOnce.Do(func() {
		defaultSet, defaultErr = LoadLazy(files)
	})
	return defaultSet, defaultErr
}

// Embedded returns the embedded schema files, for Load.
func Embedded() fs.FS { return files }
