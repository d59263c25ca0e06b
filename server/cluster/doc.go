// Package cluster lets several `pipeline serve` processes share one
// PostgreSQL database (-state postgres://...) and its work: each scheduled
// run executes on exactly one process, runs of one pipeline never overlap
// anywhere, a dead process's runs are taken over, and each connection's
// rate limit holds across processes.
//
// It owns the run queue (River, github.com/riverqueue/river, on pgx v5),
// the per-pipeline run locks, the cluster's two tables beside River's
// (pipeline_cluster_runs, pipeline_rate_buckets) and the shared rate
// limiter (Limiter, an httpx.SharedLimiter). It does not run pipelines:
// the Executor the server passes does, through the engine.
//
// # Design
//
// Scheduling: every node computes the slots that fall due (every Tick)
// and inserts one River job per (pipeline, slot), unique by those two
// arguments, so the first insert wins and the others are skipped by
// River's unique index. River's periodic jobs on the elected leader were
// the alternative; they were not taken because they tie scheduling to
// leadership (a leader change can skip or double a slot unless the jobs
// are also unique, which then does all the work anyway) and because every
// node would have to keep the leader's job list in step with pipeline
// files that reload at any time. Symmetric nodes need neither. Slots must
// be the same on every node: cron expressions are; intervals are aligned
// to multiples of the interval ("every 1h" runs on the hour, UTC). A
// starting node (or a newly loaded pipeline) catches up only the latest
// slot missed within CatchUp; the unique key stops it if another node
// already ran it (River keeps finished jobs a day, so CatchUp is at most a
// day).
//
// No overlap: a run first takes its pipeline's PostgreSQL advisory lock
// on a connection of its own; if another run holds it, the job is
// snoozed (River's JobSnooze: no attempt spent) and tried again after
// LockRetry; when the lock comes free, the waiting run with the earliest
// slot goes first, so a rescued run does not wait behind ever newer slots.
// A pipeline whose runs take longer than its interval keeps at most ten
// scheduled runs waiting; later slots are skipped with a warning. The
// lock is session-level, so PostgreSQL frees it when the
// holder's process dies; its session sets TCP keepalives so a vanished
// machine's lock goes within about a minute, and the holder pings the
// session and cancels its run if the lock is lost.
//
// Takeover: River's rescuer (on the elected leader, every 30 s) retries
// jobs running longer than RescueAfter, which must exceed RunTimeout, the
// bound on one attempt. A retried attempt executes again: the engine's
// state (intents) makes a re-run of an interrupted run write nothing
// twice, and pipeline_cluster_runs makes an attempt whose run had in fact
// finished (a rescue of a slow but live run) complete without executing.
// Stop hands a run in flight back (JobSnooze(0)) once its grace ends.
// The pipeline itself does not wait for the rescue: the dead process's
// lock is gone with its session, so the pipeline's next slots run on the
// other nodes at once and read what the interrupted run left.
//
// Rate limits: Limiter keeps one token bucket per (connection scope,
// limit) in a row, taken with one row-locking statement per limit in a
// transaction, on the database's clock, with the same bucket arithmetic
// as httpx's local limiter (Limit.TokenBucket).
//
// # Use
//
//	c, err := cluster.Open(ctx, stateURL, cluster.Options{
//		Executor: func(ctx context.Context, r cluster.Run) error {
//			return runOne(ctx, r.Pipeline, r.Reason) // engine run; ctx ends on stop or lost lock
//		},
//		Logger: log,
//	})
//	// for each loaded pipeline, and again on every reload (nil removes):
//	c.SetSchedule(p.Name, p.Serve.Parsed) // a dsl/schedule.Schedule
//	httpx.DefaultLimiters().SetShared(c.Limiter()) // before the first API call
//	err = c.Start(ctx)
//	err = c.Submit(ctx, "orders_to_exact", "webhook hubspot") // a triggered run
//	err = c.Stop(graceCtx) // on SIGTERM: runs may finish until graceCtx ends
//
// Options.Schedules (a function returning every schedule) is the
// alternative to SetSchedule. Hold runs other work
// (an API retry of set-aside records) under a pipeline's lock; QueueDepth,
// Running and NextSlot answer the metrics and the API. The pool Open makes has Workers + 6
// connections: one per run for its lock, the rest for River.
package cluster
