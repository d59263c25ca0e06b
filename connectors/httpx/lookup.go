package httpx

import (
	"context"
	"errors"
	"sync"
)

// LookupFunc finds a record by natural key; found=false means "no such
// record", which is an answer worth caching, unlike an error.
type LookupFunc[V any] func(ctx context.Context, key string) (v V, found bool, err error)

// Lookup caches natural-key lookups for one run: each key is fetched at
// most once (errors aside), and concurrent callers asking for the same key
// share one fetch. Not-found answers are cached too, so a thousand order
// lines for an unknown product cost one call, not a thousand. Make a new
// Lookup per run; the cache never expires.
type Lookup[V any] struct {
	fetch LookupFunc[V]

	mu       sync.Mutex
	done     map[string]lookupResult[V]
	inflight map[string]*lookupCall[V]
	fetches  int
}

type lookupResult[V any] struct {
	v     V
	found bool
}

type lookupCall[V any] struct {
	done chan struct{}
	res  lookupResult[V]
	err  error
}

// NewLookup returns an empty cache over fetch.
func NewLookup[V any](fetch LookupFunc[V]) *Lookup[V] {
	return &Lookup[V]{fetch: fetch, done: map[string]lookupResult[V]{}, inflight: map[string]*lookupCall[V]{}}
}

// Get returns the cached answer for key or fetches it. Errors are not
// cached: the next Get tries again.
func (l *Lookup[V]) Get(ctx context.Context, key string) (V, bool, error) {
	for {
		l.mu.Lock()
		if r, ok := l.done[key]; ok {
			l.mu.Unlock()
			return r.v, r.found, nil
		}
		if c, ok := l.inflight[key]; ok {
			l.mu.Unlock()
			select {
			case <-c.done:
			case <-ctx.Done():
				var zero V
				return zero, false, ctx.Err()
			}
			if c.err != nil && isContextErr(c.err) && ctx.Err() == nil {
				// The leader gave up (its ctx ended); ours is still alive,
				// so fetch again rather than inherit its cancellation.
				continue
			}
			return c.res.v, c.res.found, c.err
		}
		c := &lookupCall[V]{done: make(chan struct{})}
		l.inflight[key] = c
		l.fetches++
		l.mu.Unlock()

		c.res.v, c.res.found, c.err = l.fetch(ctx, key)

		l.mu.Lock()
		delete(l.inflight, key)
		if c.err == nil {
			l.done[key] = c.res
		}
		l.mu.Unlock()
		close(c.done)
		return c.res.v, c.res.found, c.err
	}
}

// Set records that key now resolves to v, e.g. after the writer created
// the record, so later records referring to it need no lookup.
func (l *Lookup[V]) Set(key string, v V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done[key] = lookupResult[V]{v: v, found: true}
}

// Forget drops key, so the next Get fetches it again.
func (l *Lookup[V]) Forget(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.done, key)
}

// Fetches counts calls made to the LookupFunc.
func (l *Lookup[V]) Fetches() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fetches
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
