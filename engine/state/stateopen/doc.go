// Package stateopen picks the state.Store a location names, so that the
// CLI and the server need not know the implementations:
//
//	""                          $PIPELINE_STATE, else .pipeline/state.db
//	                            under the working directory (SQLite)
//	path/to/state.db            a SQLite file there
//	postgres://… postgresql://… a PostgreSQL database (pgstore)
//
// The command-line flag wins over PIPELINE_STATE: the CLI passes its flag
// value, and only an empty one falls back to the environment.
//
// It owns only the choice; the stores own their storage.
package stateopen
