package statetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Open returns a Store for the test t. Calls with the same t must reach the
// same storage (the suite closes a store and opens t's again to check that
// nothing was lost); calls with different t's must reach separate storage
// that starts empty. The suite closes every store it opens: open must not
// register a Close of its own.
type Open func(t *testing.T) state.Store

// Run runs the conformance suite as parallel subtests of t.
func Run(t *testing.T, open Open) {
	tests := map[string]func(*testing.T, Open){
		"cursors":         testCursors,
		"xrefs":           testXRefs,
		"intents":         testIntents,
		"batch_checks":    testBatchChecks,
		"atomic_commit":   testAtomicCommit,
		"cancelled":       testCancelledCommit,
		"runs":            testRuns,
		"activity":        testActivity,
		"activity_group":  testActivityGroup,
		"set_aside":       testSetAside,
		"set_aside_again": testSetAsideAgain,
		"purge":           testPurge,
		"concurrent":      testConcurrentCommits,
		"durable":         testDurable,
		"defaults_filled": testDefaults,
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, open)
		})
	}
}

// base is the suite's clock: a time outside UTC, to the microsecond, so
// that stores are seen to give back the same instant, in UTC.
var base = time.Date(2026, 3, 14, 9, 26, 53, 123456000, time.FixedZone("CET", 3600))

func at(d time.Duration) time.Time { return base.Add(d) }

// openStore opens t's store and closes it when t ends.
func openStore(t *testing.T, open Open) state.Store {
	t.Helper()
	s := open(t)
	if s == nil {
		t.Fatal("open returned a nil Store")
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func commit(t *testing.T, s state.Store, b state.Batch) {
	t.Helper()
	if err := s.Commit(t.Context(), b); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func ptr(s string) *string { return &s }

// opts compares what stores give back: times by instant (their zone is
// checked by checkUTC), nil and empty byte slices alike.
var opts = cmp.Options{cmpopts.EquateEmpty()}

func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, opts); d != "" {
		t.Errorf("%s: wrong result (-want +got):\n%s", what, d)
	}
}

// checkUTC fails unless every non-zero time is in UTC: times in the state
// carry an explicit zone, and the stores' is UTC.
func checkUTC(t *testing.T, what string, times ...time.Time) {
	t.Helper()
	for _, tm := range times {
		if !tm.IsZero() && tm.Location() != time.UTC {
			t.Errorf("%s: time %v is in %v, want UTC", what, tm, tm.Location())
		}
	}
}

func mustXRef(t *testing.T, s state.Store, pipeline, entity, key string) state.XRef {
	t.Helper()
	x, err := s.XRef(t.Context(), pipeline, entity, key)
	if err != nil {
		t.Fatalf("XRef(%q, %q, %q): %v", pipeline, entity, key, err)
	}
	checkUTC(t, "XRef.UpdatedAt", x.UpdatedAt)
	return x
}

func wantNoXRef(t *testing.T, s state.Store, pipeline, entity, key string) {
	t.Helper()
	x, err := s.XRef(t.Context(), pipeline, entity, key)
	if !errors.Is(err, state.ErrNotFound) {
		t.Errorf("XRef(%q, %q, %q) = %+v, %v; want state.ErrNotFound", pipeline, entity, key, x, err)
	}
}

func wantCursor(t *testing.T, s state.Store, pipeline, source, want string) {
	t.Helper()
	got, err := s.Cursor(t.Context(), pipeline, source)
	if err != nil {
		t.Fatalf("Cursor(%q, %q): %v", pipeline, source, err)
	}
	if got != want {
		t.Errorf("Cursor(%q, %q) = %q, want %q", pipeline, source, got, want)
	}
}

func intents(t *testing.T, s state.Store, pipeline string) []state.Intent {
	t.Helper()
	got, err := s.Intents(t.Context(), pipeline)
	if err != nil {
		t.Fatalf("Intents(%q): %v", pipeline, err)
	}
	for _, in := range got {
		checkUTC(t, "Intent.CreatedAt", in.CreatedAt)
	}
	return got
}

func activity(t *testing.T, s state.Store, q state.ActivityQuery) []state.Activity {
	t.Helper()
	got, err := s.Activity(t.Context(), q)
	if err != nil {
		t.Fatalf("Activity(%+v): %v", q, err)
	}
	for _, a := range got {
		checkUTC(t, "Activity.At", a.At)
	}
	return got
}

func setAside(t *testing.T, s state.Store, pipeline string) []state.SetAside {
	t.Helper()
	got, err := s.SetAside(t.Context(), pipeline)
	if err != nil {
		t.Fatalf("SetAside(%q): %v", pipeline, err)
	}
	for _, r := range got {
		checkUTC(t, "SetAside.At", r.At)
	}
	return got
}

func runs(t *testing.T, s state.Store, q state.RunQuery) []state.Run {
	t.Helper()
	got, err := s.Runs(t.Context(), q)
	if err != nil {
		t.Fatalf("Runs(%+v): %v", q, err)
	}
	for _, r := range got {
		checkUTC(t, "Run times", r.StartedAt, r.EndedAt)
	}
	return got
}

func beginRun(t *testing.T, s state.Store, r state.Run) int64 {
	t.Helper()
	id, err := s.BeginRun(t.Context(), r)
	if err != nil {
		t.Fatalf("BeginRun(%+v): %v", r, err)
	}
	if id <= 0 {
		t.Fatalf("BeginRun(%+v) = %d, want a positive id", r, id)
	}
	return id
}

// cancelled is a context already cancelled.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
