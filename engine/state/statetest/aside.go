package statetest

import (
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

func testSetAside(t *testing.T, open Open) {
	s := openStore(t, open)
	run := beginRun(t, s, state.Run{Pipeline: "p1"})
	r1 := state.SetAside{RunID: run, Origin: "shop/orders/SO-1", SourceKey: "SO-1", Stage: "validate",
		Field: "/OrderLines/0/Quantity", Reason: "must be > 0", Record: []byte(`{"id":"SO-1","qty":0}`), At: at(time.Second)}
	r2 := state.SetAside{RunID: run, Origin: "shop/orders/SO-2", SourceKey: "SO-2", Stage: "write",
		Reason: "exactonline: 400 duplicate", Record: []byte(`{"id":"SO-2"}`), At: at(0)}
	r3 := state.SetAside{RunID: run, Origin: "crm/D-1", SourceKey: "D-1", Stage: "map", Reason: "lookup failed", At: at(0)}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run, SetAside: []state.SetAside{r1, r2}})
	commit(t, s, state.Batch{Pipeline: "p2", RunID: run, SetAside: []state.SetAside{r3}})

	got := setAside(t, s, "p1")
	if len(got) != 2 {
		t.Fatalf("SetAside(p1) = %+v, want 2 records", got)
	}
	r1.Pipeline, r2.Pipeline, r3.Pipeline = "p1", "p1", "p2"
	r2.ID, r1.ID = got[0].ID, got[1].ID // oldest first
	if r1.ID <= 0 || r2.ID <= 0 || r1.ID == r2.ID {
		t.Errorf("set-aside ids %d, %d: want positive, distinct", r1.ID, r2.ID)
	}
	diff(t, "SetAside(p1), oldest first", []state.SetAside{r2, r1}, got)
	p2 := setAside(t, s, "p2")
	if len(p2) == 1 {
		r3.ID = p2[0].ID
	}
	diff(t, "SetAside(p2)", []state.SetAside{r3}, p2)

	// A retry writes SO-2: it is no longer waiting.
	next := beginRun(t, s, state.Run{Pipeline: "p1"})
	commit(t, s, state.Batch{Pipeline: "p1", RunID: next, Resolved: []int64{r2.ID}})
	diff(t, "SetAside(p1) after resolving SO-2", []state.SetAside{r1}, setAside(t, s, "p1"))
	// Resolving it again (a retry of the retry) is harmless.
	commit(t, s, state.Batch{Pipeline: "p1", RunID: next, Resolved: []int64{r2.ID}})
	diff(t, "SetAside(p1) after resolving again", []state.SetAside{r1}, setAside(t, s, "p1"))
	diff(t, "SetAside(p2) after p1's retry", []state.SetAside{r3}, setAside(t, s, "p2"))
}

func testPurge(t *testing.T, open Open) {
	s := openStore(t, open)
	now := time.Now()
	old, recent := now.Add(-90*24*time.Hour), now.Add(time.Hour)

	oldRun := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: old})
	if err := s.EndRun(t.Context(), state.Run{ID: oldRun, Status: "ok", EndedAt: old.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	stuck := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: old}) // never ended
	newRun := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: recent})
	if err := s.EndRun(t.Context(), state.Run{ID: newRun, Status: "ok", EndedAt: recent.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: oldRun, Source: "shop", Cursor: ptr("c-old"),
		XRefs:    []state.XRef{{Entity: order, SourceKey: "SO-1", TargetID: "guid-1", PayloadHash: "h", UpdatedAt: old}},
		Activity: []state.Activity{{SourceKey: "SO-1", At: old}, {SourceKey: "SO-2", At: old}, {SourceKey: "SO-3", At: recent}},
		SetAside: []state.SetAside{{SourceKey: "SO-4", At: old}, {SourceKey: "SO-5", At: old}, {SourceKey: "SO-6", At: recent}}})
	if err := s.Intent(t.Context(), state.Intent{Pipeline: "p1", Entity: order, SourceKey: "SO-7", CreatedAt: old}); err != nil {
		t.Fatal(err)
	}
	pending := setAside(t, s, "p1")
	if len(pending) != 3 {
		t.Fatalf("SetAside = %+v, want 3", pending)
	}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: newRun, Resolved: []int64{pending[0].ID}}) // SO-4

	// A cut-off before everything removes nothing.
	if n, err := s.Purge(t.Context(), old.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("Purge(before all) = %d, %v; want 0", n, err)
	}
	// Gone: 2 old activity entries, the old finished run, SO-4 (resolved
	// just now, before the cut-off).
	n, err := s.Purge(t.Context(), now.Add(time.Minute))
	if err != nil {
		t.Fatalf("Purge: %v", err)
	}
	if n != 4 {
		t.Errorf("Purge removed %d entries, want 4", n)
	}
	if got := activity(t, s, state.ActivityQuery{Pipeline: "p1"}); len(got) != 1 || got[0].SourceKey != "SO-3" {
		t.Errorf("activity after Purge = %+v, want only SO-3's", got)
	}
	gotRuns := runs(t, s, state.RunQuery{Pipeline: "p1"})
	if len(gotRuns) != 2 || gotRuns[0].ID != newRun || gotRuns[1].ID != stuck {
		t.Errorf("runs after Purge = %+v, want the recent one and the unfinished one", gotRuns)
	}
	diff(t, "set-aside records after Purge: unresolved ones stay, however old", pending[1:], setAside(t, s, "p1"))
	mustXRef(t, s, "p1", order, "SO-1")
	wantCursor(t, s, "p1", "shop", "c-old")
	if got := intents(t, s, "p1"); len(got) != 1 {
		t.Errorf("intents after Purge = %+v, want the old one kept", got)
	}
	// Purging again finds nothing more.
	if n, err := s.Purge(t.Context(), now.Add(time.Minute)); err != nil || n != 0 {
		t.Errorf("second Purge = %d, %v; want 0", n, err)
	}
}

// testSetAsideAgain: a record set aside on every run waits once, with the
// latest reason; a keyless record (a broken line) is known by its origin.
func testSetAsideAgain(t *testing.T, open Open) {
	s := openStore(t, open)
	run1 := beginRun(t, s, state.Run{Pipeline: "p1"})
	first := state.SetAside{RunID: run1, Origin: "orders.ndjson:7", SourceKey: "SO-7", Stage: "map", Reason: "unknown SKU", At: at(0)}
	broken := state.SetAside{RunID: run1, Origin: "orders.ndjson:9", Stage: "read", Reason: "invalid JSON", Record: []byte(`{"a":`), At: at(0)}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run1, SetAside: []state.SetAside{first, broken}})

	run2 := beginRun(t, s, state.Run{Pipeline: "p1"})
	again := state.SetAside{RunID: run2, Origin: "orders.ndjson:8", SourceKey: "SO-7", Stage: "validate", Reason: "quantity must be > 0", At: at(time.Minute)}
	brokenAgain := broken
	brokenAgain.RunID, brokenAgain.At = run2, at(time.Minute)
	other := state.SetAside{RunID: run2, Origin: "orders.ndjson:10", Stage: "read", Reason: "invalid JSON", At: at(time.Minute)}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run2, SetAside: []state.SetAside{again, brokenAgain, other}})

	got := setAside(t, s, "p1")
	if len(got) != 3 {
		t.Fatalf("SetAside after a second run = %+v, want 3 waiting records (SO-7 once, line 9 once, line 10)", got)
	}
	byOrigin := map[string]state.SetAside{}
	for _, r := range got {
		byOrigin[r.Origin] = r
	}
	if r, ok := byOrigin["orders.ndjson:8"]; !ok || r.SourceKey != "SO-7" || r.Reason != "quantity must be > 0" || r.RunID != run2 || r.Stage != "validate" {
		t.Errorf("SO-7 = %+v, want the second run's entry", r)
	}
	if _, ok := byOrigin["orders.ndjson:7"]; ok {
		t.Error("SO-7's first entry still waits beside its renewal")
	}
	if r := byOrigin["orders.ndjson:9"]; r.RunID != run2 || string(r.Record) != `{"a":` {
		t.Errorf("the broken line = %+v, want one entry renewed by run 2", r)
	}
	// A keyless record is known by its origin and its bytes: another
	// record at the same place (a new export under the same name) is
	// another record, and both wait.
	run3 := beginRun(t, s, state.Run{Pipeline: "p1"})
	moved := state.SetAside{RunID: run3, Origin: "orders.ndjson:9", Stage: "read", Reason: "invalid JSON", Record: []byte(`{"b":`), At: at(2 * time.Minute)}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run3, SetAside: []state.SetAside{moved}})
	if n := len(setAside(t, s, "p1")); n != 4 {
		t.Errorf("SetAside after another record at line 9 = %d records, want 4 (both line-9 records wait)", n)
	}
	// In another pipeline the same key is another record.
	commit(t, s, state.Batch{Pipeline: "p2", RunID: run2, SetAside: []state.SetAside{again}})
	if n := len(setAside(t, s, "p2")); n != 1 {
		t.Errorf("SetAside(p2) = %d records, want 1", n)
	}
}
