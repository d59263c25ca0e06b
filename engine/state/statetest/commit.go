package statetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

const order = "exactonline/sales_order"

// fixture is a pipeline with a cursor, an open intent and a record set
// aside, and a batch that would change all of them.
type fixture struct {
	s       state.Store
	pending []state.SetAside // p1's set-aside records before the batch
	batch   state.Batch      // writes SO-1, resolves pending[0], sets aside SO-2
}

func newFixture(t *testing.T, open Open) fixture {
	s := openStore(t, open)
	run := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: at(0)})
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run, Source: "shop", Cursor: ptr("c1"),
		SetAside: []state.SetAside{{Origin: "shop/SO-0", SourceKey: "SO-0", Stage: "validate",
			Field: "/Description", Reason: "too long", Record: []byte(`{"id":"SO-0"}`), At: at(0)}}})
	if err := s.Intent(t.Context(), state.Intent{Pipeline: "p1", Entity: order, SourceKey: "SO-1",
		NaturalKey: "YourRef=SO-1", RunID: run, CreatedAt: at(time.Second)}); err != nil {
		t.Fatalf("Intent: %v", err)
	}
	f := fixture{s: s, pending: setAside(t, s, "p1")}
	if len(f.pending) != 1 {
		t.Fatalf("SetAside(p1) = %+v, want the one record committed", f.pending)
	}
	f.batch = state.Batch{Pipeline: "p1", RunID: run, Source: "shop", Cursor: ptr("c2"),
		XRefs:   []state.XRef{{Entity: order, SourceKey: "SO-1", TargetID: "guid-1", PayloadHash: "h1", UpdatedAt: at(time.Minute)}},
		Intents: []state.Intent{{Entity: order, SourceKey: "SO-1"}},
		Activity: []state.Activity{{System: "shop", Entity: order, SourceKey: "SO-1", Origin: "shop/SO-1",
			Decision: state.DecisionCreate, TargetID: "guid-1", Status: 201, At: at(time.Minute)}},
		SetAside: []state.SetAside{{Origin: "shop/SO-2", SourceKey: "SO-2", Stage: "map", Field: "/Lines/0/Item",
			Reason: "unknown item", Record: []byte(`{"id":"SO-2"}`), At: at(time.Minute)}},
		Resolved: []int64{f.pending[0].ID},
	}
	return f
}

// untouched fails unless the state is as newFixture left it.
func (f fixture) untouched(t *testing.T, after string) {
	t.Helper()
	wantNoXRef(t, f.s, "p1", order, "SO-1")
	wantCursor(t, f.s, "p1", "shop", "c1")
	if got := intents(t, f.s, "p1"); len(got) != 1 || got[0].SourceKey != "SO-1" {
		t.Errorf("after %s: Intents(p1) = %+v, want SO-1's intent still open", after, got)
	}
	diff(t, "activity after "+after, []state.Activity(nil), activity(t, f.s, state.ActivityQuery{Pipeline: "p1"}))
	diff(t, "set-aside records after "+after, f.pending, setAside(t, f.s, "p1"))
}

func testAtomicCommit(t *testing.T, open Open) {
	f := newFixture(t, open)

	// Resolving a record that does not exist fails late in the batch,
	// after the xrefs, intents, activity and set-aside records went in.
	bad := f.batch
	bad.Resolved = []int64{f.pending[0].ID, 1 << 40}
	err := f.s.Commit(t.Context(), bad)
	if !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("Commit resolving an unknown set-aside id: err = %v, want state.ErrNotFound", err)
	}
	f.untouched(t, "a failed commit")

	// Another pipeline's record cannot be resolved either.
	other := beginRun(t, f.s, state.Run{Pipeline: "p2"})
	commit(t, f.s, state.Batch{Pipeline: "p2", RunID: other,
		SetAside: []state.SetAside{{SourceKey: "X-1", Stage: "read", Reason: "r"}}})
	bad.Resolved = []int64{setAside(t, f.s, "p2")[0].ID}
	if err := f.s.Commit(t.Context(), bad); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("Commit resolving another pipeline's record: err = %v, want state.ErrNotFound", err)
	}
	f.untouched(t, "resolving another pipeline's record")

	// The same batch, resolving the right record, goes in whole.
	commit(t, f.s, f.batch)
	x := mustXRef(t, f.s, "p1", order, "SO-1")
	if x.TargetID != "guid-1" {
		t.Errorf("XRef after commit: target %q, want guid-1", x.TargetID)
	}
	wantCursor(t, f.s, "p1", "shop", "c2")
	diff(t, "Intents after commit", []state.Intent(nil), intents(t, f.s, "p1"))
	if got := activity(t, f.s, state.ActivityQuery{Pipeline: "p1"}); len(got) != 1 || got[0].SourceKey != "SO-1" {
		t.Errorf("activity after commit = %+v, want SO-1's", got)
	}
	if got := setAside(t, f.s, "p1"); len(got) != 1 || got[0].SourceKey != "SO-2" {
		t.Errorf("set-aside records after commit = %+v, want only SO-2", got)
	}
}

func testCancelledCommit(t *testing.T, open Open) {
	f := newFixture(t, open)
	if err := f.s.Commit(cancelled(t), f.batch); err == nil {
		t.Fatal("Commit with a cancelled context: no error")
	}
	f.untouched(t, "a cancelled commit")
}

// testBatchChecks: entries that contradict their batch are refused before
// anything is written.
func testBatchChecks(t *testing.T, open Open) {
	f := newFixture(t, open)
	cases := map[string]func(b *state.Batch){
		"no pipeline": func(b *state.Batch) { b.Pipeline = "" },
		"xref of another": func(b *state.Batch) {
			b.XRefs = append(b.XRefs, state.XRef{Pipeline: "p2", Entity: order, SourceKey: "k", TargetID: "t"})
		},
		"xref without target":  func(b *state.Batch) { b.XRefs = append(b.XRefs, state.XRef{Entity: order, SourceKey: "k"}) },
		"xref without key":     func(b *state.Batch) { b.XRefs = append(b.XRefs, state.XRef{Entity: order, TargetID: "t"}) },
		"activity of another":  func(b *state.Batch) { b.Activity = append(b.Activity, state.Activity{Pipeline: "p2"}) },
		"set-aside of another": func(b *state.Batch) { b.SetAside = append(b.SetAside, state.SetAside{Pipeline: "p2"}) },
		"intent of another":    func(b *state.Batch) { b.Intents = append(b.Intents, state.Intent{Pipeline: "p2"}) },
		"unknown resolved id":  func(b *state.Batch) { b.Resolved = append(b.Resolved, -1) },
		"zero resolved id":     func(b *state.Batch) { b.Resolved = []int64{0} },
	}
	for name, spoil := range cases {
		b := f.batch
		b.XRefs = append([]state.XRef(nil), b.XRefs...)
		b.Activity = append([]state.Activity(nil), b.Activity...)
		b.SetAside = append([]state.SetAside(nil), b.SetAside...)
		b.Intents = append([]state.Intent(nil), b.Intents...)
		b.Resolved = append([]int64(nil), b.Resolved...)
		spoil(&b)
		if err := f.s.Commit(t.Context(), b); err == nil {
			t.Errorf("%s: Commit: no error", name)
		}
		f.untouched(t, name)
	}
}

// testConcurrentCommits: goroutines committing at once lose nothing.
func testConcurrentCommits(t *testing.T, open Open) {
	s := openStore(t, open)
	const workers, batches, perBatch = 6, 8, 5
	var wg sync.WaitGroup
	runIDs := make([]int64, workers)
	for w := range workers {
		wg.Go(func() {
			run, err := s.BeginRun(t.Context(), state.Run{Pipeline: "p1"})
			if err != nil {
				t.Errorf("worker %d: BeginRun: %v", w, err)
				return
			}
			runIDs[w] = run
			source := fmt.Sprintf("src-%d", w)
			for i := range batches {
				b := state.Batch{Pipeline: "p1", RunID: run, Source: source, Cursor: ptr(fmt.Sprint(i))}
				for j := range perBatch {
					key := fmt.Sprintf("w%d-b%d-r%d", w, i, j)
					b.XRefs = append(b.XRefs, state.XRef{Entity: order, SourceKey: key, TargetID: "t-" + key, PayloadHash: "h"})
					b.Activity = append(b.Activity, state.Activity{Entity: order, SourceKey: key, Decision: state.DecisionCreate})
				}
				// Every worker also rewrites one shared record.
				b.XRefs = append(b.XRefs, state.XRef{Entity: order, SourceKey: "shared", TargetID: source, PayloadHash: "h"})
				if err := s.Commit(t.Context(), b); err != nil {
					t.Errorf("worker %d batch %d: Commit: %v", w, i, err)
					return
				}
				if c, err := s.Cursor(t.Context(), "p1", source); err != nil || c != fmt.Sprint(i) {
					t.Errorf("worker %d batch %d: Cursor = %q, %v; want its own last write", w, i, c, err)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	seen := map[int64]bool{}
	for w, id := range runIDs {
		if seen[id] {
			t.Errorf("worker %d got run id %d twice", w, id)
		}
		seen[id] = true
		wantCursor(t, s, "p1", fmt.Sprintf("src-%d", w), fmt.Sprint(batches-1))
		for i := range batches {
			for j := range perBatch {
				key := fmt.Sprintf("w%d-b%d-r%d", w, i, j)
				if x := mustXRef(t, s, "p1", order, key); x.TargetID != "t-"+key {
					t.Errorf("XRef %s: target %q", key, x.TargetID)
				}
			}
		}
	}
	if got := activity(t, s, state.ActivityQuery{Pipeline: "p1"}); len(got) != workers*batches*perBatch {
		t.Errorf("activity entries = %d, want %d", len(got), workers*batches*perBatch)
	}
	if x := mustXRef(t, s, "p1", order, "shared"); len(x.TargetID) < len("src-0") {
		t.Errorf("shared XRef target = %q, want one worker's source", x.TargetID)
	}
}
