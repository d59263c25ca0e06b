package cluster

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateLockKey is the advisory lock that serialises start-up migrations:
// nodes starting together would otherwise race to create the same tables.
// ("pipeclus" in ASCII; far from River's own keys, which are hashes.)
const migrateLockKey int64 = 0x70697065636c7573

// ownTables are the cluster's tables beside River's, in the connection's
// search_path.
//
//   - pipeline_cluster_runs records every finished run by its job id: an
//     attempt that finds its run already finished (River handed it out
//     again after a false rescue) completes without executing it twice.
//   - pipeline_cluster_retries marks the state store's runs that were
//     retries of set-aside records (MarkRetry), which failure streaks
//     leave out unless they cleared every record.
//   - pipeline_rate_buckets holds one token bucket per (limiter key,
//     limit) for the shared rate limiter.
const ownTables = `
CREATE TABLE IF NOT EXISTS pipeline_cluster_runs (
	job_id      bigint PRIMARY KEY,
	pipeline    text NOT NULL,
	slot        timestamptz NOT NULL,
	node        text NOT NULL,
	attempt     integer NOT NULL,
	finished_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS pipeline_cluster_runs_finished ON pipeline_cluster_runs (finished_at);
CREATE TABLE IF NOT EXISTS pipeline_cluster_retries (
	run_id   bigint PRIMARY KEY,
	pipeline text NOT NULL,
	cleared  boolean NOT NULL,
	node     text NOT NULL,
	at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS pipeline_cluster_retries_at ON pipeline_cluster_retries (at);
CREATE TABLE IF NOT EXISTS pipeline_rate_buckets (
	key        text NOT NULL,
	requests   integer NOT NULL,
	per_ms     bigint NOT NULL,
	burst      integer NOT NULL,
	tokens     double precision NOT NULL,
	updated_at timestamptz NOT NULL,
	granted    bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (key, requests, per_ms, burst)
);
`

// Migrate brings River's tables and the cluster's own up to date under an
// advisory lock, so that nodes starting at once apply each migration once
// (River applies each of its migrations in a transaction of its own: some
// add enum values, which cannot be used in the transaction that adds
// them). New and Open call it; it is exported for tools that prepare a
// database ahead of time.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := migrate(ctx, pool); err != nil {
		return fmt.Errorf("cluster: migrating the database: %w", err)
	}
	return nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return err
	}
	defer func() {
		// A failed unlock closes the session, which frees the lock too.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	_, err = conn.Exec(ctx, ownTables)
	return err
}
