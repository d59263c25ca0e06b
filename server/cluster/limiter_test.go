package cluster

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// migrated opens a pool on url with the cluster's tables in place.
func migrated(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool := newPool(t, url, nil)
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	return pool
}

// TestSharedLimiterHoldsAcrossProcesses: two limiters on two pools (two
// processes), two callers each, draw on one quota of 10 calls per 500 ms.
// The grant times, on the database's clock, never put more than 10 calls
// in any 500 ms window, and both processes get calls.
func TestSharedLimiterHoldsAcrossProcesses(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	limit := httpx.Limit{Requests: 10, Per: 500 * time.Millisecond, Burst: 4}
	const calls = 40
	var (
		mu     sync.Mutex
		grants []time.Time
		per    = map[int]int{}
		taken  atomic.Int32
	)
	var wg sync.WaitGroup
	for p := range 2 {
		l := NewLimiter(migrated(t, url))
		for range 2 {
			wg.Go(func() {
				for taken.Add(1) <= calls {
					g, err := l.reserve(context.Background(), "exact_prod|division/1", []httpx.Limit{limit}, 0)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					grants = append(grants, g.at)
					per[p]++
					mu.Unlock()
					time.Sleep(g.wait)
				}
			})
		}
	}
	wg.Wait()
	if len(grants) != calls {
		t.Fatalf("%d grants, want %d", len(grants), calls)
	}
	slices.SortFunc(grants, func(a, b time.Time) int { return a.Compare(b) })
	// Any Requests+1 consecutive grants must span at least Per.
	for i := 0; i+limit.Requests < len(grants); i++ {
		if span := grants[i+limit.Requests].Sub(grants[i]); span < limit.Per {
			t.Fatalf("calls %d to %d granted within %s; the limit is %d per %s", i+1, i+limit.Requests+1, span, limit.Requests, limit.Per)
		}
	}
	if per[0] < 5 || per[1] < 5 {
		t.Errorf("calls per process %v: want both to share the quota", per)
	}
}

// TestSharedLimiterGivesUpWithoutTaking: a call that would wait longer
// than maxWait takes no quota.
func TestSharedLimiterGivesUpWithoutTaking(t *testing.T) {
	t.Parallel()
	pool := migrated(t, pgtest.Start(t))
	l := NewLimiter(pool)
	day := []httpx.Limit{{Requests: 4, Per: 24 * time.Hour, Burst: 2}}
	ctx := context.Background()
	for range 2 {
		if d, err := l.Reserve(ctx, "k", day, time.Minute); err != nil || d != 0 {
			t.Fatalf("burst call: wait %s, %v", d, err)
		}
	}
	d, err := l.Reserve(ctx, "k", day, time.Minute)
	if err != nil || d < 11*time.Hour {
		t.Fatalf("third call: wait %s, %v; want about 12h", d, err)
	}
	var granted int
	if err := pool.QueryRow(ctx, "SELECT granted FROM pipeline_rate_buckets WHERE key = 'k'").Scan(&granted); err != nil {
		t.Fatal(err)
	}
	if granted != 2 {
		t.Errorf("%d calls counted, want 2: the refused call must not take quota", granted)
	}
}

// TestHTTPClientsShareTheLimit wires the limiter into httpx as pipeline
// serve does: two "processes" (registries with their own pools) call one
// server through one connection's quota, and every call is counted once
// in the shared bucket.
func TestHTTPClientsShareTheLimit(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	var pool *pgxpool.Pool
	var clients []*httpx.Client
	for range 2 {
		pool = migrated(t, url)
		reg := httpx.NewLimiterRegistry()
		reg.SetShared(NewLimiter(pool))
		c, err := httpx.New(httpx.Config{
			Connection: "hubspot_prod", BaseURL: srv.URL, Limiters: reg,
			Limits: httpx.LimiterConfig{Limits: []httpx.Limit{{Requests: 20, Per: time.Second, Burst: 10}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for range 10 {
				if err := c.GetJSON(context.Background(), "crm/v3/objects/contacts", nil, nil); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	var granted int
	if err := pool.QueryRow(context.Background(), "SELECT sum(granted) FROM pipeline_rate_buckets WHERE key = 'hubspot_prod|'").Scan(&granted); err != nil {
		t.Fatal(err)
	}
	if served.Load() != 20 || granted != 20 {
		t.Errorf("server saw %d calls, shared bucket granted %d; want 20 and 20", served.Load(), granted)
	}
}
