package cluster

import (
	"context"
	"errors"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// errLockLost ends a run whose lock session died: another node may take
// the pipeline over now, so this one must stop.
var errLockLost = errors.New("cluster: the pipeline's run lock was lost (database session ended)")

// lockPing is how often a held lock's session is checked.
const lockPing = 5 * time.Second

// lockKey maps a pipeline name to a 64-bit advisory lock key. FNV-1a over
// a prefixed name keeps it apart from River's keys and from other uses of
// the database; a collision would only make two pipelines take turns.
func lockKey(pipeline string) int64 {
	h := fnv.New64a()
	h.Write([]byte("pipeline-run\x00" + pipeline))
	return int64(h.Sum64())
}

// runLock is a held pipeline lock: a session-level advisory lock on a
// connection of its own. PostgreSQL releases it when the session ends, so
// a process that dies (SIGKILL, lost machine) gives its pipelines free for
// the takeover without anyone cleaning up.
type runLock struct {
	conn   *pgxpool.Conn
	key    int64
	stop   context.CancelFunc
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// tryLock takes pipeline's run lock if it is free. It returns nil and no
// error when another session holds it.
func tryLock(ctx context.Context, pool *pgxpool.Pool, pipeline string) (*runLock, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	// A lost machine's session would hold the lock until TCP gave up
	// (hours by default); these make the server drop it within about a
	// minute. They have no effect on Unix sockets, where it cannot happen.
	const keepalive = "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3"
	if _, err := conn.Exec(ctx, keepalive); err != nil {
		conn.Release()
		return nil, err
	}
	key := lockKey(pipeline)
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
		conn.Release()
		return nil, err
	}
	if !got {
		conn.Release()
		return nil, nil
	}
	return &runLock{conn: conn, key: key}, nil
}

// watch returns ctx cancelled (with cause errLockLost) if the lock's
// session stops answering, so the run stops before another node, which
// may now hold the lock, gets far.
func (l *runLock) watch(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(ctx)
	wctx, stop := context.WithCancel(ctx)
	l.stop, l.cancel, l.done = stop, cancel, make(chan struct{})
	go func() {
		defer close(l.done)
		t := time.NewTicker(lockPing)
		defer t.Stop()
		for {
			select {
			case <-wctx.Done():
				return
			case <-t.C:
			}
			pctx, pcancel := context.WithTimeout(wctx, lockPing)
			err := l.conn.Ping(pctx)
			pcancel()
			if err != nil && wctx.Err() == nil {
				cancel(errLockLost)
				return
			}
		}
	}()
	return ctx
}

// release frees the lock. If the unlock fails the connection is closed
// instead, which frees it too.
func (l *runLock) release() {
	if l.stop != nil {
		l.stop()
		<-l.done
		l.cancel(nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := l.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", l.key); err != nil {
		_ = l.conn.Conn().Close(ctx)
	}
	l.conn.Release()
}
