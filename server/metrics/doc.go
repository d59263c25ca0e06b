// Package metrics holds pipeline serve's Prometheus metrics: records
// read, written and set aside per pipeline, run durations, API calls and
// 429 answers per system (fed by the httpx call hook), and the run queue.
// It uses its own registry, so several servers in one test process do not
// collide.
package metrics
