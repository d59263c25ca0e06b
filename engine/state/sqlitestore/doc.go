// Package sqlitestore is the embedded state.Store: one SQLite file (by
// default .pipeline/state.db), through the pure-Go modernc.org/sqlite
// driver, so the binary needs no C toolchain and no server.
//
// It owns the file's layout: the schema in migrations/*.sql (embedded,
// applied on Open, recorded in a schema_version table), WAL mode so the
// dashboard can read while a run writes, a busy timeout so two processes on
// one file wait rather than fail, and one writer connection so goroutines
// of one process queue for it. Times are stored as microseconds since the
// Unix epoch and come back in UTC.
//
// It does not decide what is stored: hashing, masking and retention are
// the engine's; the store keeps what it is given (filling only the
// defaults of state's Prepare functions). For several processes on
// several machines, use pgstore.
package sqlitestore
