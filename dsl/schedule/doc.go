// Package schedule parses the schedule attribute of a pipeline block: an
// interval ("5m", "every 5m") or a five-field cron expression
// ("*/15 6-22 * * 1-5", and the @hourly/@daily shorthands). The dsl uses it
// to reject a bad schedule at its file:line:col; pipeline serve uses it to
// know when a pipeline runs next. It imports nothing of the project, so
// both can.
package schedule
