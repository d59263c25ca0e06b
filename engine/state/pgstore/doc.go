// Package pgstore is the state.Store for several processes: the sync state
// in a PostgreSQL database, through pgx's connection pool.
//
// It owns the database's layout: the schema in migrations/*.sql (embedded,
// applied on Open in one transaction under an advisory lock, so processes
// starting together apply it once, and recorded in a schema_version
// table). Writes are upserts (INSERT ... ON CONFLICT) or inserts with ids
// from identity columns, and Commit is one transaction sent in one round
// trip, so processes sharing the database neither lose nor duplicate
// entries. Times come back in UTC, to the microsecond.
//
// The tables live in the connection's search_path: to keep them apart
// from other applications' in a shared database, give the URL a
// search_path (postgres://host/db?search_path=pipeline, the schema
// created beforehand).
//
// It does not decide what is stored: hashing, masking and retention are
// the engine's; the store keeps what it is given (filling only the
// defaults of state's Prepare functions).
package pgstore
