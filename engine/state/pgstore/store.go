package pgstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pipeline-dev/pipeline/engine/state"
)

var _ state.Store = (*Store)(nil)

// Store is a state.Store in a PostgreSQL database, safe for several
// processes: every write is an upsert or an insert with a server-made id,
// and Commit is one transaction.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time

	closeOnce sync.Once
}

// Open connects to the database at url (postgres://user:pass@host/db?...)
// and brings its schema up to date. Errors never show the password.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's parse errors redact the password; the URL is not repeated.
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	s := &Store{pool: pool, now: time.Now}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		// pgx's error names host, user and database, never the password.
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: %s: %w", describe(cfg), err)
	}
	return s, nil
}

// describe names the database for errors, without credentials.
func describe(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("database %q on %s:%d as %q", c.Database, c.Host, c.Port, c.User)
}

// Close closes the connections; calling it again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(s.pool.Close)
	return nil
}

// ts is a time as written: in UTC, to the microsecond (state.Precision).
func ts(t time.Time) time.Time { return t.UTC().Truncate(state.Precision) }

// nullTime maps the zero time to NULL ("not yet").
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = ts(t)
	return &t
}

func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
