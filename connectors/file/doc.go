// Package file provides the connectors that read and write local files and
// the standard streams: "ndjson" (one JSON document per line), "json" (a
// JSON array, or a single object) and "csv" (a header row and one record per
// row). Each registers itself in the default connectors registry from init.
//
// Readers stream: memory stays constant however long the file is, and every
// record carries an Origin of the form "<path as given>:<line>" ("stdin:<line>"
// for "-") so a person can find it. A line or row that cannot become a JSON
// document is still handed over, with its raw text, so that the engine sets it
// aside with its origin instead of stopping the run; only damage that makes
// the rest of a file unreadable (a JSON syntax error inside an array, an
// over-long line) ends a stream with an error naming file:line.
//
// Writers in "create" mode write to a temporary file beside the target and
// rename it over the target on Close, so an interrupted run never leaves half
// a file at the final path. "append" mode and stdout write in place. File
// writers (not stdout) are connectors.Transactional: an appended file is
// synced at each checkpoint and cut back to the last recorded one after a
// crash, so the sync state and the file never disagree (commit.go). An
// appending writer holds an exclusive flock on its file until Close, so a
// second run appending to it at the same time fails at once instead of
// having its records cut off by the first one's rollback (lock_unix.go).
//
// The package owns file formats only. It knows nothing of HCL (its config
// structs merely carry hcl tags for the engine's decoder), schemas or
// pipelines; the typing of CSV cells comes from Options.FieldType.
package file
