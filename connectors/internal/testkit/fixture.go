package testkit

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// Options are conntest's options for entity ("exactonline/account") read
// since since, with every exchange appended to *xs under mu. The fixtures
// keep mu and xs as fields of their own, which tests read directly.
func Options(t testing.TB, entity, since string, mu *sync.Mutex, xs *[]connectors.Exchange) connectors.Options {
	o := conntest.Options(t)
	o.Entity, o.Since = entity, since
	o.Observe = func(x connectors.Exchange) {
		mu.Lock()
		*xs = append(*xs, x)
		mu.Unlock()
	}
	return o
}

// Statuses counts the exchanges in *xs by HTTP status.
func Statuses(mu *sync.Mutex, xs *[]connectors.Exchange) map[int]int {
	mu.Lock()
	defer mu.Unlock()
	out := map[int]int{}
	for _, x := range *xs {
		out[x.Status]++
	}
	return out
}

// With is a copy of base changed by mod (when not nil): one fixture
// config, varied per test without the tests seeing each other's changes.
func With[C any](base C, mod func(*C)) *C {
	c := base
	if mod != nil {
		mod(&c)
	}
	return &c
}

// Opener is a connector's openReader or openWriter: the spec's function
// with the test dependencies D made explicit.
type Opener[D, X any] func(ctx context.Context, cfg any, opts connectors.Options, d D) (X, error)

// Open opens a reader or writer, failing the test on error.
func Open[D, X any](t testing.TB, open Opener[D, X], cfg any, opts connectors.Options, d D) X {
	t.Helper()
	x, err := open(context.Background(), cfg, opts, d)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// OpenWriter opens a writer like Open and closes it when the test ends.
func OpenWriter[D any](t testing.TB, open Opener[D, connectors.Writer], cfg any, opts connectors.Options, d D) connectors.Writer {
	t.Helper()
	w := Open(t, open, cfg, opts, d)
	t.Cleanup(func() { w.Close() })
	return w
}

// CountContaining sums the emulator's request counts of the routes whose
// key contains part (" /v2/": the API calls, not the token endpoint).
func CountContaining(counts map[string]int, part string) int {
	n := 0
	for k, v := range counts {
		if strings.Contains(k, part) {
			n += v
		}
	}
	return n
}
