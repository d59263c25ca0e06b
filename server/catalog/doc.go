// Package catalog keeps the pipelines pipeline serve runs: it loads every
// pipeline file under a folder the way `pipeline validate` does, and
// reloads them when files change. A file that no longer validates keeps
// its last good pipelines running; its diagnostics are kept for the API
// and the dashboard until it is fixed.
package catalog
