package schedule

import (
	"context"
	"log/slog"
	"sync"
	"time"

	sched "github.com/pipeline-dev/pipeline/dsl/schedule"
	"github.com/pipeline-dev/pipeline/server/runner"
)

// Clock is the time source; tests pass a fake one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Scheduler keeps one timer goroutine per scheduled pipeline.
type Scheduler struct {
	exec  runner.Executor
	clock Clock
	log   *slog.Logger

	mu      sync.Mutex
	entries map[string]*entry
	stopped bool
	wg      sync.WaitGroup
}

type entry struct {
	spec   string
	next   time.Time
	cancel context.CancelFunc
}

// New makes a scheduler submitting to exec; clock nil means real time.
func New(exec runner.Executor, clock Clock, log *slog.Logger) *Scheduler {
	if clock == nil {
		clock = realClock{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{exec: exec, clock: clock, log: log, entries: map[string]*entry{}}
}

// Set schedules pipeline; s nil removes its schedule. The same schedule
// as before (by its text) keeps the running timer.
func (s *Scheduler) Set(pipeline string, sc sched.Schedule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	old := s.entries[pipeline]
	if sc == nil {
		if old != nil {
			old.cancel()
			delete(s.entries, pipeline)
		}
		return
	}
	if old != nil && old.spec == sc.String() {
		return
	}
	if old != nil {
		old.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &entry{spec: sc.String(), cancel: cancel}
	s.entries[pipeline] = e
	s.wg.Add(1)
	go s.loop(ctx, pipeline, sc, e)
}

// Next returns when pipeline runs next by its schedule (zero if not
// scheduled).
func (s *Scheduler) Next(pipeline string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[pipeline]; e != nil {
		return e.next
	}
	return time.Time{}
}

func (s *Scheduler) loop(ctx context.Context, pipeline string, sc sched.Schedule, e *entry) {
	defer s.wg.Done()
	for {
		next := sc.Next(s.clock.Now())
		s.mu.Lock()
		e.next = next
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-s.clock.After(next.Sub(s.clock.Now())):
		}
		if ctx.Err() != nil {
			return
		}
		if err := s.exec.Submit(ctx, pipeline, "schedule"); err != nil {
			s.log.Warn("scheduled run not submitted", "pipeline", pipeline, "error", err)
		}
	}
}

// Stop cancels every timer and waits for them; runs already submitted
// are the executor's to finish.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.stopped = true
	for _, e := range s.entries {
		e.cancel()
	}
	s.entries = map[string]*entry{}
	s.mu.Unlock()
	s.wg.Wait()
}
