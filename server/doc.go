// Package server is `pipeline serve`: it wires the catalog of pipelines
// (server/catalog, hot-reloaded), the schedules (server/schedule), the run
// queue (server/runner, or server/cluster on PostgreSQL), the JSON API
// (server/api), webhooks (server/webhook), alerts (server/alert), metrics
// (server/metrics) and the dashboard (server/dashboard) into one HTTP
// server, and runs every pipeline through engine/runpipeline, the same
// path as `pipeline run`.
//
// Routes: /healthz (no token), /readyz, /api/..., /metrics and the
// dashboard at / need a bearer token (the dashboard turns it into a
// cookie after a login form); /webhooks/... need the sending system's
// signature instead.
package server
