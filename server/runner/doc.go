// Package runner decides when a pipeline's run starts: schedules and
// triggers submit runs to an Executor, and the Local executor runs each
// pipeline on its own goroutine so that runs of one pipeline never overlap
// (a trigger during a run queues at most one follow-up) while pipelines on
// different connections never wait for each other. The scale-out executor
// (server/cluster) implements the same interface over a job queue in
// PostgreSQL.
package runner
