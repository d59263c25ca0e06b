package pgstore

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pipeline-dev/pipeline/engine/state/internal/migrations"
)

// migrationFiles holds the schema, one file per version (see
// migrations.Migration for the naming and the rule that a released file is
// never edited).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLock is the advisory-lock key under which migrations run, so that
// processes starting together apply each migration once. It is the first
// eight bytes of "pipeline" read as a number: any constant would do, as
// long as no other application on the database uses it.
const migrateLock int64 = 0x706970656c696e65

// migrate applies the migrations the database lacks, all in one
// transaction that first takes the advisory lock: a second process
// starting at the same moment waits, then finds them applied. PostgreSQL's
// DDL is transactional, so a failure leaves the schema as it was.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return fmt.Errorf("take migration lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    integer     PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		var current int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if current > len(ms) {
			return fmt.Errorf("the database has state schema version %d, newer than this program knows (%d): upgrade pipeline",
				current, len(ms))
		}
		for _, m := range ms[current:] {
			// No arguments: pgx sends it as a simple query, which may hold
			// several statements.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
				m.Version, m.Name); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		return nil
	})
}
