package dashboard

import (
	"context"
	"errors"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Source is what the pages read. Every method is called per request, so an
// implementation answers from current state; it is used by several
// goroutines at once.
type Source interface {
	// Pipelines lists the pipelines with their last run, sorted by name.
	Pipelines(ctx context.Context) ([]Pipeline, error)
	// Runs lists a pipeline's runs, newest first, at most limit (0: all).
	Runs(ctx context.Context, pipeline string, limit int) ([]state.Run, error)
	// Run returns one run, or an error wrapping state.ErrNotFound.
	Run(ctx context.Context, id int64) (state.Run, error)
	// Activity answers activity-log queries, newest first.
	Activity(ctx context.Context, q state.ActivityQuery) ([]state.Activity, error)
	// SetAside lists the records of a pipeline waiting for a retry.
	SetAside(ctx context.Context, pipeline string) ([]state.SetAside, error)
	// Retry runs the given set-aside records (ids from SetAside) through
	// the current version of the pipeline; ErrNoRetry when this source
	// cannot.
	Retry(ctx context.Context, pipeline string, ids []int64) (RetryResult, error)
	// Alerts lists the alerts sent, newest first.
	Alerts(ctx context.Context) ([]Alert, error)
}

// ErrNoRetry is what Retry returns when records cannot be retried from
// here (the dashboard then shows no retry button).
var ErrNoRetry = errors.New("retrying is not available here")

// Pipeline is one pipeline as the server knows it.
type Pipeline struct {
	Name        string
	Description string
	File        string   // the pipeline file, as loaded
	Schedule    string   // an interval or cron expression; "" when run on triggers only
	Connections []string // the systems it reads and writes, e.g. "ndjson → exactonline"
	// Diagnostics are the problems of the file on disk when it does not
	// validate (the last good version keeps running); empty when it does.
	Diagnostics []string
	LastRun     *state.Run // nil before the first run
	SetAside    int        // records waiting for a retry
	// DisabledBy is the enabled condition that switches the pipeline off
	// by its settings, as written; "" when it runs.
	DisabledBy string
}

// RetryResult is what a retry did.
type RetryResult struct {
	Retried int // set-aside records run again
	Written int // of which now written (they left the list)
	Again   int // of which set aside again, with their new reason
}

// Alert is one alert the server sent (or tried to).
type Alert struct {
	At       time.Time
	Pipeline string
	RunID    int64
	Kind     string // "failure", "rejects" or "recovery"
	Message  string // the first error, or what recovered
	Channels []string
	Error    string // why delivery failed; "" when it was delivered
}
