package statetest

import (
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// snapshot is everything the suite can read back about pipeline p1.
type snapshot struct {
	Cursor   string
	XRef     state.XRef
	Intents  []state.Intent
	Runs     []state.Run
	Activity []state.Activity
	SetAside []state.SetAside
}

func take(t *testing.T, s state.Store) snapshot {
	t.Helper()
	c, err := s.Cursor(t.Context(), "p1", "shop")
	if err != nil {
		t.Fatalf("Cursor: %v", err)
	}
	return snapshot{
		Cursor:   c,
		XRef:     mustXRef(t, s, "p1", order, "SO-1"),
		Intents:  intents(t, s, "p1"),
		Runs:     runs(t, s, state.RunQuery{Pipeline: "p1"}),
		Activity: activity(t, s, state.ActivityQuery{Pipeline: "p1"}),
		SetAside: setAside(t, s, "p1"),
	}
}

// testDurable: what was committed is still there after Close and a new
// open of the same storage.
func testDurable(t *testing.T, open Open) {
	s := open(t)
	closed := false
	t.Cleanup(func() {
		if !closed {
			s.Close()
		}
	})
	run := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: at(0)})
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run, Source: "shop", Cursor: ptr("c-42"),
		XRefs: []state.XRef{{Entity: order, SourceKey: "SO-1", TargetID: "guid-1", PayloadHash: "h1", UpdatedAt: at(time.Second)}},
		Activity: []state.Activity{{System: "shop", Entity: order, SourceKey: "SO-1", Decision: state.DecisionCreate,
			TargetID: "guid-1", Status: 201, Payload: []byte(`{"a":1}`), Source: []byte(`{"in":1}`),
			Duration: time.Millisecond, At: at(time.Second)}},
		SetAside: []state.SetAside{{SourceKey: "SO-2", Stage: "validate", Field: "/x", Reason: "r",
			Record: []byte(`{"b":2}`), At: at(time.Second)}}})
	if err := s.Intent(t.Context(), state.Intent{Pipeline: "p1", Entity: order, SourceKey: "SO-3",
		NaturalKey: "n", RunID: run, CreatedAt: at(2 * time.Second)}); err != nil {
		t.Fatalf("Intent: %v", err)
	}
	if err := s.EndRun(t.Context(), state.Run{ID: run, Status: "ok", Read: 2, Written: 1, Rejected: 1,
		EndedAt: at(3 * time.Second)}); err != nil {
		t.Fatalf("EndRun: %v", err)
	}
	before := take(t, s)
	if len(before.Activity) != 1 || string(before.Activity[0].Source) != `{"in":1}` || string(before.Activity[0].Payload) != `{"a":1}` {
		t.Fatalf("activity = %+v, want the payload and the source record kept", before.Activity)
	}
	closed = true
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s2 := openStore(t, open)
	diff(t, "state after reopening", before, take(t, s2))
	// And the reopened store goes on where the first left off.
	next := beginRun(t, s2, state.Run{Pipeline: "p1", StartedAt: at(time.Hour)})
	if next <= run {
		t.Errorf("run id after reopening = %d, want more than %d", next, run)
	}
}

// testDefaults: what a caller leaves zero is filled in, so nothing is
// stored without a time or a run.
func testDefaults(t *testing.T, open Open) {
	s := openStore(t, open)
	from := time.Now().Add(-time.Second)
	run := beginRun(t, s, state.Run{Pipeline: "p1"})
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run,
		XRefs:    []state.XRef{{Entity: order, SourceKey: "SO-1", TargetID: "guid-1"}},
		Activity: []state.Activity{{SourceKey: "SO-1"}},
		SetAside: []state.SetAside{{SourceKey: "SO-2"}}})
	if err := s.Intent(t.Context(), state.Intent{Pipeline: "p1", Entity: order, SourceKey: "SO-3"}); err != nil {
		t.Fatalf("Intent: %v", err)
	}
	to := time.Now().Add(time.Second)
	inWindow := func(what string, tm time.Time) {
		t.Helper()
		if tm.Before(from) || tm.After(to) {
			t.Errorf("%s = %v, want the time it was stored (%v .. %v)", what, tm, from, to)
		}
	}

	r := runs(t, s, state.RunQuery{})
	if len(r) != 1 || r[0].Status != "running" || !r[0].EndedAt.IsZero() || r[0].Pipeline != "p1" {
		t.Fatalf("Runs = %+v, want one running run of p1", r)
	}
	inWindow("Run.StartedAt", r[0].StartedAt)
	inWindow("XRef.UpdatedAt", mustXRef(t, s, "p1", order, "SO-1").UpdatedAt)
	a := activity(t, s, state.ActivityQuery{})
	if len(a) != 1 || a[0].RunID != run || a[0].Pipeline != "p1" {
		t.Fatalf("Activity = %+v, want one entry of run %d of p1", a, run)
	}
	inWindow("Activity.At", a[0].At)
	sa := setAside(t, s, "p1")
	if len(sa) != 1 || sa[0].RunID != run || sa[0].Pipeline != "p1" {
		t.Fatalf("SetAside = %+v, want one record of run %d of p1", sa, run)
	}
	inWindow("SetAside.At", sa[0].At)
	in := intents(t, s, "p1")
	if len(in) != 1 {
		t.Fatalf("Intents = %+v, want one", in)
	}
	inWindow("Intent.CreatedAt", in[0].CreatedAt)

	if err := s.EndRun(t.Context(), state.Run{ID: run, Status: "ok"}); err != nil {
		t.Fatalf("EndRun: %v", err)
	}
	if r := runs(t, s, state.RunQuery{}); len(r) == 1 {
		inWindow("Run.EndedAt", r[0].EndedAt)
	}
	if err := s.EndRun(t.Context(), state.Run{ID: run}); err == nil {
		t.Error("EndRun without a status: no error")
	}
}
