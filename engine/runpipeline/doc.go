// Package runpipeline is the one way a compiled pipeline is run or retried
// for a user: `pipeline run`, `pipeline retry` and `pipeline serve` all go
// through it, so a scheduled run behaves exactly like one started by hand
// (same connector options, state store, rejects, and the same status
// words in summaries).
package runpipeline
