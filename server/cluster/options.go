package cluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/pipeline-dev/pipeline/dsl/schedule"
)

// Run is one run a node was given to execute.
type Run struct {
	Pipeline string
	// Slot is the scheduled time the run is for (UTC), or the time it was
	// submitted for a triggered run.
	Slot time.Time
	// Reason is "schedule" for scheduled runs, else what Submit was given.
	Reason string
	// ID is the job's id in river_job: the same across the attempts of one
	// run, so it names the run in logs and on the dashboard.
	ID int64
	// Attempt counts the attempts from 1; more than 1 means an earlier
	// attempt failed or its process died and this one takes over.
	Attempt int
}

// Executor runs one pipeline run. It is called with the pipeline's run
// lock held, so no other run of the pipeline executes anywhere in the
// cluster meanwhile. ctx ends when the run must stop: the node is
// stopping, RunTimeout passed, or the lock was lost (its database session
// died); the run must then stop soon, leaving state the engine can resume.
type Executor func(ctx context.Context, run Run) error

// Schedule says when a pipeline runs next: dsl/schedule's Schedule fits.
// Next returns the first slot strictly after t, or the zero time when there
// is none. Every node must compute the same slots, which cron expressions
// do; interval schedules (schedule.Interval) are aligned to multiples of
// the interval, so that "every 5m" means :00, :05, ... on every node.
type Schedule interface {
	Next(t time.Time) time.Time
}

// Options configures a Cluster. Executor is required.
type Options struct {
	Executor Executor
	// Schedules returns the schedule of every scheduled pipeline, by
	// name. It is called on every tick, so a reloaded pipeline's new
	// schedule applies from its next slot. Nil: triggered runs only.
	Schedules func() map[string]Schedule

	// Workers is how many runs this node executes at once (default 8).
	// The pool needs a connection per run for its lock, plus River's.
	Workers int
	// Tick is how often due slots are looked for (default 1s).
	Tick time.Duration
	// CatchUp is how far back a starting node looks for a slot missed
	// while no node was running; only the latest missed slot per pipeline
	// is run (default 1h, at most a day: River keeps finished jobs a day,
	// and their unique keys are what stop a second run of a slot).
	CatchUp time.Duration
	// RunTimeout bounds one attempt of a run (default 1h). A run that
	// needs longer is cancelled and retried, and resumes from its state.
	RunTimeout time.Duration
	// RescueAfter is how long a run may be "running" before River's
	// rescuer hands it to another node (default RunTimeout plus a tenth
	// of it, at least 1s and at most 5m). It must
	// exceed RunTimeout: a crashed node's run is taken over after
	// RescueAfter plus up to 30 s (the rescuer's period).
	RescueAfter time.Duration
	// MaxAttempts is how often a failing run is tried (default 3); later
	// slots run anyway.
	MaxAttempts int
	// LockRetry is how long a run waits before trying again when another
	// run of its pipeline holds the lock (default 1s).
	LockRetry time.Duration
	// RetryDelay is the wait before a failed or rescued run is tried again
	// (default a tenth of RunTimeout, at least 100ms and at most 10s).
	RetryDelay time.Duration
	// NodeID names this node in River and in the run table; it must be
	// unique among the running nodes (default: host name and process id).
	NodeID string
	// Logger receives River's and the cluster's messages (default
	// slog.Default()). Messages never contain connection strings.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	if o.Executor == nil {
		return o, errors.New("cluster: Options.Executor is required")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	def(&o.Tick, time.Second)
	def(&o.CatchUp, time.Hour)
	def(&o.RunTimeout, time.Hour)
	// The margins scale with RunTimeout, so a short one (tests, small
	// pipelines) also means a quick takeover.
	def(&o.RescueAfter, o.RunTimeout+min(5*time.Minute, max(o.RunTimeout/10, time.Second)))
	def(&o.LockRetry, time.Second)
	def(&o.RetryDelay, min(10*time.Second, max(o.RunTimeout/10, 100*time.Millisecond)))
	if o.NodeID == "" {
		// Host and process id: unique among live processes, and it tells
		// an operator where a run went.
		host, _ := os.Hostname()
		o.NodeID = fmt.Sprintf("%s-%d", cmp.Or(host, "node"), os.Getpid())
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RescueAfter <= o.RunTimeout {
		return o, fmt.Errorf("cluster: RescueAfter (%s) must exceed RunTimeout (%s), or running runs would be taken over", o.RescueAfter, o.RunTimeout)
	}
	if o.CatchUp > 24*time.Hour {
		return o, fmt.Errorf("cluster: CatchUp (%s) must not exceed 24h, River's retention of finished runs", o.CatchUp)
	}
	return o, nil
}

// next is the slot after t under s: interval schedules are aligned to
// multiples of the interval, so that every node computes the same slots.
func next(s Schedule, t time.Time) time.Time {
	if iv, ok := s.(schedule.Interval); ok && iv.Every > 0 {
		return t.Truncate(iv.Every).Add(iv.Every)
	}
	return s.Next(t)
}
