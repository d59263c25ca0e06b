// Package api is pipeline serve's JSON API: the pipelines and their
// validity, starting runs, runs and their summaries, activity-log
// queries, set-aside records and their retry, alerts, health and
// readiness. It only speaks HTTP; what it answers comes from a Backend
// (the server), and authentication is a middleware the server hands in,
// applied to every route but /healthz. Its answers are its own types
// (dto.go): snake_case keys, RFC 3339 times, payloads as embedded JSON and
// durations as duration_ms, whatever the state store's structs look like.
package api
