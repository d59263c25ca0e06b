// Package gentest helps the tests of the schema generators: it loads the
// files a generator rendered with the real schemas package, so that a test
// checks the output as compiled schemas and as decoded JSON.
package gentest
