package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

var _ httpx.SharedLimiter = (*Limiter)(nil)

// Limiter is an httpx.SharedLimiter in PostgreSQL: one token bucket row
// per (limiter key, limit) in pipeline_rate_buckets, taken under a row
// lock, so every process calling a connection draws on one quota. Time is
// the database's clock, so processes on machines whose clocks differ still
// agree. Install it with
//
//	httpx.DefaultLimiters().SetShared(cluster.NewLimiter(pool))
//
// before the first API call.
type Limiter struct {
	pool *pgxpool.Pool
}

// NewLimiter returns a shared limiter working through pool; the tables
// must exist (New, Open or Migrate create them).
func NewLimiter(pool *pgxpool.Pool) *Limiter { return &Limiter{pool: pool} }

// Reserve implements httpx.SharedLimiter.
func (l *Limiter) Reserve(ctx context.Context, key string, limits []httpx.Limit, maxWait time.Duration) (time.Duration, error) {
	g, err := l.reserve(ctx, key, limits, maxWait)
	return g.wait, err
}

// grant is one reservation: the wait, and the database time the call may
// go (for tests, which check the limit on the limiter's own clock).
type grant struct {
	wait  time.Duration
	at    time.Time
	taken bool
}

// bucketRow is one limit's bucket as stored.
type bucketRow struct {
	requests, burst int
	perMS           int64
	rate            float64 // tokens per second
}

// reserve takes one token from each of key's buckets, creating them full
// on first use. Like golang.org/x/time/rate, a bucket may go below zero:
// the call then waits until the deficit has refilled, and later callers
// queue behind it, so the calls granted in any window of length Per never
// exceed Burst + refill*Per = Requests.
func (l *Limiter) reserve(ctx context.Context, key string, limits []httpx.Limit, maxWait time.Duration) (grant, error) {
	rows, err := bucketRows(limits)
	if err != nil || len(rows) == 0 {
		return grant{}, err
	}
	var g grant
	err = pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		var now time.Time
		tokens := make([]float64, len(rows))
		for i, b := range rows {
			// The no-op update locks an existing row until commit; an
			// insert creates it full. Each row is its own statement so the
			// locks are taken in one fixed order (bucketRows sorts).
			var have float64
			var updated time.Time
			err := tx.QueryRow(ctx, `INSERT INTO pipeline_rate_buckets AS b (key, requests, per_ms, burst, tokens, updated_at)
				VALUES ($1, $2, $3, $4::integer, $4::double precision, clock_timestamp())
				ON CONFLICT (key, requests, per_ms, burst) DO UPDATE SET tokens = b.tokens
				RETURNING b.tokens, b.updated_at, clock_timestamp()`,
				key, b.requests, b.perMS, b.burst).Scan(&have, &updated, &now)
			if err != nil {
				return err
			}
			elapsed := max(now.Sub(updated).Seconds(), 0)
			tokens[i] = math.Min(float64(b.burst), have+elapsed*b.rate) - 1
			if tokens[i] < 0 {
				g.wait = max(g.wait, time.Duration(-tokens[i]/b.rate*float64(time.Second)))
			}
		}
		g.at = now.Add(g.wait)
		if maxWait > 0 && g.wait > maxWait {
			return nil // give up without taking: the transaction commits nothing
		}
		for i, b := range rows {
			if _, err := tx.Exec(ctx, `UPDATE pipeline_rate_buckets SET tokens = $5, updated_at = $6, granted = granted + 1
				WHERE key = $1 AND requests = $2 AND per_ms = $3 AND burst = $4`,
				key, b.requests, b.perMS, b.burst, tokens[i], now); err != nil {
				return err
			}
		}
		g.taken = true
		return nil
	})
	if err != nil {
		return grant{}, fmt.Errorf("rate limit %s: %w", key, err)
	}
	return g, nil
}

// bucketRows turns limits into bucket rows, in a fixed order and without
// duplicates.
func bucketRows(limits []httpx.Limit) ([]bucketRow, error) {
	var rows []bucketRow
	seen := map[bucketRow]bool{}
	for _, lim := range limits {
		burst, rate, err := lim.TokenBucket()
		if err != nil {
			return nil, err
		}
		b := bucketRow{requests: lim.Requests, burst: burst, perMS: lim.Per.Milliseconds(), rate: rate}
		if !seen[b] {
			seen[b] = true
			rows = append(rows, b)
		}
	}
	slices.SortFunc(rows, func(a, b bucketRow) int {
		return cmp.Or(cmp.Compare(a.perMS, b.perMS), cmp.Compare(a.requests, b.requests), cmp.Compare(a.burst, b.burst))
	})
	return rows, nil
}

// Limiter returns a shared rate limiter on the node's database.
func (c *Cluster) Limiter() *Limiter { return NewLimiter(c.pool) }
