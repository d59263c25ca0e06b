package schemas

import (
	"embed"
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

// Default returns the set of embedded schemas. They are loaded and compiled
// on the first call only; later calls return the same set (or error).
func Default() (*Set, error) {
	defaultOnce.Do(func() {
		defaultSet, defaultErr = Load(files)
	})
	return defaultSet, defaultErr
}
