package cluster

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// killSwitch stands in for a process's death: it tracks the network
// connections of one pool, and kill closes them all and refuses new ones,
// so the server ends the sessions (releasing their advisory locks) and
// nothing of that "process" reaches the database again.
type killSwitch struct {
	mu     sync.Mutex
	conns  []net.Conn
	killed bool
}

var errKilled = errors.New("test: this node was killed")

func (k *killSwitch) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.killed {
		return nil, errKilled
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err == nil {
		k.conns = append(k.conns, c)
	}
	return c, err
}

func (k *killSwitch) kill() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.killed = true
	for _, c := range k.conns {
		c.Close()
	}
}

func (k *killSwitch) isKilled() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.killed
}

// newPool opens a pool of its own on url, as a separate process would;
// with k, the pool can be killed.
func newPool(t *testing.T, url string, k *killSwitch) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 16
	if k != nil {
		cfg.ConnConfig.DialFunc = k.dial
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if k != nil && k.isKilled() {
			// A dead node's pool may still have callers failing their
			// way out; do not wait for them.
			go pool.Close()
			return
		}
		pool.Close()
	})
	return pool
}

// slotList is a finite schedule: the given slots, then none.
type slotList []time.Time

func (s slotList) Next(t time.Time) time.Time {
	for _, slot := range s {
		if slot.After(t) {
			return slot
		}
	}
	return time.Time{}
}

// waitFor polls cond every 50 ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
