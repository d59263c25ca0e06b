package cluster

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pipeline-dev/pipeline/internal/pgtest"
)

// testOptions are short timings for tests: a run attempt may last 2 s and
// is rescued after 3 s.
func testOptions(node string, exec Executor, scheds map[string]Schedule, workers int) Options {
	return Options{
		Executor:    exec,
		Schedules:   func() map[string]Schedule { return scheds },
		Workers:     workers,
		Tick:        50 * time.Millisecond,
		RunTimeout:  2 * time.Second,
		RescueAfter: 3 * time.Second,
		LockRetry:   100 * time.Millisecond,
		RetryDelay:  50 * time.Millisecond,
		NodeID:      node,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// TestHundredScheduledRunsOnceEachWhenANodeDies: three nodes, each with
// its own pool and River client, share ten pipelines of ten slots. Node 1
// starts alone (so it leads), takes the first run and hangs in it; nodes 2
// and 3 join, and node 1 is killed mid-run. Every slot must execute
// exactly once, the hung run must be finished by another node, and no two
// runs of a pipeline may overlap.
func TestHundredScheduledRunsOnceEachWhenANodeDies(t *testing.T) {
	t.Parallel()
	url := pgtest.Start(t)
	ctx := context.Background()
	rec := newPool(t, url, nil)
	if _, err := rec.Exec(ctx, `CREATE TABLE executions (pipeline text, slot timestamptz, node text, attempt int, started timestamptz, finished timestamptz);
		CREATE TABLE attempts (pipeline text, slot timestamptz, node text, attempt int)`); err != nil {
		t.Fatal(err)
	}

	// The victim's slot comes 200 ms before every other, so node 1 (one
	// worker) takes it and nothing else.
	first := time.Now().Add(time.Second).UTC().Truncate(time.Millisecond)
	victim := first
	scheds := map[string]Schedule{}
	for i := range 10 {
		var slots slotList
		for k := range 10 {
			slot := first.Add(200*time.Millisecond + time.Duration(k)*150*time.Millisecond + time.Duration(i)*7*time.Millisecond)
			if i == 0 && k == 0 {
				slot = victim
			}
			slots = append(slots, slot)
		}
		scheds[fmt.Sprintf("p%02d", i)] = slots
	}

	victimStarted, hang := make(chan struct{}), make(chan struct{})
	var victimOnce sync.Once
	defer close(hang)
	executor := func(node string, pool *pgxpool.Pool) Executor {
		return func(ctx context.Context, r Run) error {
			started := time.Now()
			if _, err := rec.Exec(ctx, "INSERT INTO attempts VALUES ($1, $2, $3, $4)", r.Pipeline, r.Slot, node, r.Attempt); err != nil {
				return err
			}
			if node == "node1" && r.Pipeline == "p00" && r.Slot.Equal(victim) {
				victimOnce.Do(func() { close(victimStarted) })
				<-hang // hung until the test ends; the node dies meanwhile
				return ctx.Err()
			}
			select {
			case <-time.After(30 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
			// The run's write goes through the node's own pool, as the
			// engine's would: a dead node writes nothing more.
			_, err := pool.Exec(ctx, "INSERT INTO executions VALUES ($1, $2, $3, $4, $5, $6)",
				r.Pipeline, r.Slot, node, r.Attempt, started, time.Now())
			return err
		}
	}
	start := func(node string, k *killSwitch, workers int) (*Cluster, context.CancelFunc) {
		pool := newPool(t, url, k)
		c, err := New(ctx, pool, testOptions(node, executor(node, pool), scheds, workers))
		if err != nil {
			t.Fatal(err)
		}
		nctx, cancel := context.WithCancel(ctx)
		if err := c.Start(nctx); err != nil {
			t.Fatal(err)
		}
		return c, cancel
	}
	count := func() (int, error) {
		var n int
		err := rec.QueryRow(ctx, "SELECT count(*) FROM executions").Scan(&n)
		return n, err
	}

	k1 := &killSwitch{}
	c1, cancel1 := start("node1", k1, 1)
	select {
	case <-victimStarted:
	case <-time.After(15 * time.Second):
		t.Fatal("node 1 never started the first run")
	}
	c2, cancel2 := start("node2", nil, 4)
	c3, cancel3 := start("node3", nil, 4)
	defer func() {
		sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
		defer scancel()
		for _, c := range []*Cluster{c2, c3} {
			if err := c.Stop(sctx); err != nil {
				t.Errorf("stopping %s: %v", c.ID(), err)
			}
		}
		cancel2()
		cancel3()
	}()

	waitFor(t, 15*time.Second, "ten runs on nodes 2 and 3", func() (bool, error) {
		n, err := count()
		return n >= 10, err
	})
	k1.kill()
	killed := time.Now()
	cancel1()
	defer func() {
		hctx, hcancel := context.WithTimeout(ctx, time.Second)
		defer hcancel()
		_ = c1.river.StopAndCancel(hctx) // a dead node: its errors do not matter
	}()

	waitFor(t, 45*time.Second, "100 executions", func() (bool, error) {
		n, err := count()
		return n >= 100, err
	})
	t.Logf("the killed node's run was taken over %s after the kill", time.Since(killed).Round(100*time.Millisecond))
	time.Sleep(300 * time.Millisecond) // a late duplicate would show now

	var total, distinct int
	if err := rec.QueryRow(ctx, "SELECT count(*), count(DISTINCT (pipeline, slot)) FROM executions").Scan(&total, &distinct); err != nil {
		t.Fatal(err)
	}
	if total != 100 || distinct != 100 {
		t.Errorf("%d executions of %d distinct slots, want 100 of 100", total, distinct)
	}
	checkEverySlotOnce(t, rec, scheds)

	var node string
	var attempt int
	if err := rec.QueryRow(ctx, "SELECT node, attempt FROM executions WHERE pipeline = 'p00' AND slot = $1", victim).Scan(&node, &attempt); err != nil {
		t.Fatalf("the killed node's run: %v", err)
	}
	if node == "node1" || attempt < 2 {
		t.Errorf("the killed node's run was executed by %s as attempt %d; want another node, attempt >= 2", node, attempt)
	}
	checkNoOverlap(t, rec)
}

// checkEverySlotOnce compares the executed slots with the schedules.
func checkEverySlotOnce(t *testing.T, rec *pgxpool.Pool, scheds map[string]Schedule) {
	t.Helper()
	rows, err := rec.Query(context.Background(), "SELECT pipeline, slot FROM executions")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for rows.Next() {
		var p string
		var slot time.Time
		if err := rows.Scan(&p, &slot); err != nil {
			t.Fatal(err)
		}
		got[p+"@"+slot.UTC().Format(time.RFC3339Nano)]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for name, s := range scheds {
		for _, slot := range s.(slotList) {
			if n := got[name+"@"+slot.UTC().Format(time.RFC3339Nano)]; n != 1 {
				t.Errorf("%s at %s executed %d times, want once", name, slot.Format("15:04:05.000"), n)
			}
		}
	}
}

// checkNoOverlap fails if two executions of one pipeline overlap in time.
func checkNoOverlap(t *testing.T, rec *pgxpool.Pool) {
	t.Helper()
	rows, err := rec.Query(context.Background(), `SELECT a.pipeline, a.node, b.node FROM executions a JOIN executions b
		ON a.pipeline = b.pipeline AND a.slot < b.slot AND a.started < b.finished AND b.started < a.finished`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, n1, n2 string
		if err := rows.Scan(&p, &n1, &n2); err != nil {
			t.Fatal(err)
		}
		t.Errorf("two runs of %s overlapped (on %s and %s)", p, n1, n2)
	}
}
