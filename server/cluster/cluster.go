package cluster

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// queue is the River queue of pipeline runs.
const queue = "pipeline_runs"

// Cluster is one node: it inserts the scheduled runs that fall due and
// executes runs taken from the shared queue. Safe for concurrent use.
type Cluster struct {
	opts     Options
	pool     *pgxpool.Pool
	ownsPool bool
	river    *river.Client[pgx.Tx]

	schedMu sync.Mutex
	scheds  map[string]Schedule

	stopping   atomic.Bool
	loopCancel context.CancelFunc
	loopDone   chan struct{}
	stopOnce   sync.Once
	stopErr    error
}

// Open connects to the PostgreSQL database at url (the -state URL), with
// a pool large enough for opts.Workers runs, and returns New's node. Stop
// closes the pool. Errors never show the password.
func Open(ctx context.Context, url string, opts Options) (*Cluster, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err) // pgx redacts the password
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 8
	}
	// One connection per run (its lock), River's listener, producer and
	// maintenance queries, and the scheduler's inserts.
	cfg.MaxConns = max(cfg.MaxConns, int32(workers+6))
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	c, err := New(ctx, pool, opts)
	if err != nil {
		pool.Close()
		return nil, err
	}
	c.ownsPool = true
	return c, nil
}

// New migrates the database (River's tables and the cluster's) and
// returns a node working through pool, not yet started. The pool should
// allow opts.Workers + 6 connections.
func New(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Cluster, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, pool); err != nil {
		return nil, err
	}
	c := &Cluster{opts: opts, pool: pool, scheds: map[string]Schedule{}}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &runWorker{c: c}); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	c.river, err = river.NewClient(riverpgxv5.New(pool), &river.Config{
		ID:                   opts.NodeID,
		Queues:               map[string]river.QueueConfig{queue: {MaxWorkers: opts.Workers}},
		Workers:              workers,
		JobTimeout:           opts.RunTimeout,
		RescueStuckJobsAfter: opts.RescueAfter,
		MaxAttempts:          opts.MaxAttempts,
		Logger:               opts.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return c, nil
}

// ID is this node's id (River's client id).
func (c *Cluster) ID() string { return c.river.ID() }

// Start starts working runs and inserting scheduled ones. When ctx ends
// the node stops taking runs; Stop waits for the runs in flight.
func (c *Cluster) Start(ctx context.Context) error {
	if err := c.river.Start(ctx); err != nil {
		return fmt.Errorf("cluster: starting: %w", err)
	}
	loopCtx, cancel := context.WithCancel(ctx)
	c.loopCancel, c.loopDone = cancel, make(chan struct{})
	go c.scheduleLoop(loopCtx)
	return nil
}

// Stop stops the node gracefully: no new runs are taken, and runs in
// flight may finish until ctx ends; then they are cancelled and handed
// back to the queue (without spending an attempt), for another node or
// the next start. A pool made by Open is closed.
func (c *Cluster) Stop(ctx context.Context) error {
	c.stopOnce.Do(func() {
		c.stopping.Store(true)
		if c.loopCancel != nil {
			c.loopCancel()
			<-c.loopDone
		}
		err := c.river.Stop(ctx)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			hard, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = c.river.StopAndCancel(hard)
		}
		if c.ownsPool {
			c.pool.Close()
		}
		c.stopErr = err
	})
	return c.stopErr
}

// Submit queues a triggered run of pipeline (an HTTP call, a webhook).
// reason says what triggered it ("webhook hubspot", "api"). The run waits
// for any run of the pipeline in flight, on whatever node.
func (c *Cluster) Submit(ctx context.Context, pipeline, reason string) error {
	if pipeline == "" {
		return errors.New("cluster: Submit: the pipeline name is empty")
	}
	_, err := c.river.Insert(ctx, runArgs{Pipeline: pipeline, Slot: time.Now().UTC(), Reason: reason},
		&river.InsertOpts{Queue: queue})
	if err != nil {
		return fmt.Errorf("cluster: queueing a run of %s: %w", pipeline, err)
	}
	return nil
}

// SetSchedule sets pipeline's schedule (nil removes it); the next tick
// uses it. It is for servers that learn schedules as pipelines load and
// reload; Options.Schedules, when given, is asked as well.
func (c *Cluster) SetSchedule(pipeline string, s Schedule) {
	c.schedMu.Lock()
	defer c.schedMu.Unlock()
	if s == nil {
		delete(c.scheds, pipeline)
		return
	}
	c.scheds[pipeline] = s
}

// schedules is every schedule known now: SetSchedule's and Options'.
func (c *Cluster) schedules() map[string]Schedule {
	c.schedMu.Lock()
	out := make(map[string]Schedule, len(c.scheds))
	for name, s := range c.scheds {
		out[name] = s
	}
	c.schedMu.Unlock()
	if c.opts.Schedules != nil {
		for name, s := range c.opts.Schedules() {
			out[name] = s
		}
	}
	return out
}
