package runner

import (
	"context"
	"errors"
	"sync"
)

// Executor takes run requests. Submit returns at once; the run happens
// later, on whichever goroutine (or process) the executor picks.
type Executor interface {
	Submit(ctx context.Context, pipeline, reason string) error
}

// RunFunc runs one pipeline once; reason says why ("schedule",
// "api", "webhook hubspot"). ctx ends when the server shuts down.
type RunFunc func(ctx context.Context, pipeline, reason string)

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("the server is shutting down; no new runs are taken")

// Local runs pipelines in this process, one goroutine per running
// pipeline.
type Local struct {
	run RunFunc

	mu     sync.Mutex
	slots  map[string]*slot
	closed bool
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// slot is the queue of one pipeline: at most one run going and one
// waiting. A second trigger while one waits is folded into it: the
// waiting run reads everything new anyway.
type slot struct {
	running bool
	next    string // reason of the queued follow-up, "" when none
}

// NewLocal makes an executor that calls run.
func NewLocal(run RunFunc) *Local {
	ctx, cancel := context.WithCancel(context.Background())
	return &Local{run: run, slots: map[string]*slot{}, ctx: ctx, cancel: cancel}
}

// Submit starts a run of pipeline now, or queues one follow-up when a run
// is going. It never blocks on a run.
func (l *Local) Submit(_ context.Context, pipeline, reason string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	s := l.slots[pipeline]
	if s == nil {
		s = &slot{}
		l.slots[pipeline] = s
	}
	if s.running {
		if s.next == "" {
			s.next = reason
		}
		return nil
	}
	s.running = true
	l.wg.Add(1)
	go l.loop(pipeline, reason)
	return nil
}

func (l *Local) loop(pipeline, reason string) {
	defer l.wg.Done()
	for {
		l.run(l.ctx, pipeline, reason)
		l.mu.Lock()
		s := l.slots[pipeline]
		if s.next == "" || l.closed {
			s.running, s.next = false, ""
			l.mu.Unlock()
			return
		}
		reason, s.next = s.next, ""
		l.mu.Unlock()
	}
}

// Queued returns how many pipelines have a follow-up run waiting and how
// many are running, for the queue-depth metric.
func (l *Local) Queued() (waiting, running int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.slots {
		if s.running {
			running++
		}
		if s.next != "" {
			waiting++
		}
	}
	return waiting, running
}

// Running reports whether pipeline has a run going.
func (l *Local) Running(pipeline string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.slots[pipeline]
	return s != nil && s.running
}

// Close stops taking runs and waits for the running ones. Until ctx ends
// they may finish; then their context is cancelled, and the engine stops
// between records, committing what was written (a create in flight is
// either recorded or left as an intent the next run resolves). Queued
// follow-ups are dropped.
func (l *Local) Close(ctx context.Context) {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	done := make(chan struct{})
	go func() { l.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		l.cancel()
		<-done
	}
	l.cancel()
}
