// Command gen writes entities_gen.go, the emulator's table of the Exact
// Online endpoints it serves: per endpoint the HTTP methods, the entity key
// and per field its name, Edm type and the read-only / mandatory / key flags.
//
// The table is derived from the project's facts file (see
// shared/specs/exact-online/SOURCE.txt), whose path is given with -facts; the
// facts file itself is never copied into the repository. Run it through
// `go generate` in the emulator package.
package main
