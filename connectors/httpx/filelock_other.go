//go:build !unix

package httpx

import "io/fs"

// lockFile is a no-op where flock is unavailable; the in-process mutex
// still serialises writers of one process.
func lockFile(string) (func(), error) { return func() {}, nil }

// checkPrivate cannot judge Unix permission bits on other systems.
func checkPrivate(string, fs.FileMode) error { return nil }
