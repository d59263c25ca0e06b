package statetest

import (
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

// Keys with quotes and non-ASCII letters: a store that builds SQL by
// concatenation, or folds case, fails here.
const (
	keyQuoted = `SO-1 'o"k'`
	keyUmlaut = "Müller & Söhne"
)

func testCursors(t *testing.T, open Open) {
	s := openStore(t, open)
	wantCursor(t, s, "p1", "shop", "")

	commit(t, s, state.Batch{Pipeline: "p1", Source: "shop", Cursor: ptr("2026-03-14T09:00:00Z")})
	commit(t, s, state.Batch{Pipeline: "p1", Source: "crm", Cursor: ptr("page=7")})
	commit(t, s, state.Batch{Pipeline: "p2", Source: "shop", Cursor: ptr("other")})
	wantCursor(t, s, "p1", "shop", "2026-03-14T09:00:00Z")
	wantCursor(t, s, "p1", "crm", "page=7")
	wantCursor(t, s, "p2", "shop", "other")
	wantCursor(t, s, "p2", "crm", "")

	// A batch without a cursor leaves it; one with a cursor advances it.
	commit(t, s, state.Batch{Pipeline: "p1", Source: "shop"})
	wantCursor(t, s, "p1", "shop", "2026-03-14T09:00:00Z")
	commit(t, s, state.Batch{Pipeline: "p1", Source: "shop", Cursor: ptr(keyUmlaut)})
	wantCursor(t, s, "p1", "shop", keyUmlaut)
	// An empty cursor is a cursor: back to the start.
	commit(t, s, state.Batch{Pipeline: "p1", Source: "shop", Cursor: ptr("")})
	wantCursor(t, s, "p1", "shop", "")
	wantCursor(t, s, "p1", "crm", "page=7")
}

func testXRefs(t *testing.T, open Open) {
	s := openStore(t, open)
	const order, customer = "exactonline/sales_order", "exactonline/account"
	wantNoXRef(t, s, "p1", order, keyQuoted)

	x1 := state.XRef{Pipeline: "p1", Entity: order, SourceKey: keyQuoted, TargetID: "guid-1",
		PayloadHash: "h1", SourceHash: "s1", UpdatedAt: at(0)}
	x2 := state.XRef{Pipeline: "p1", Entity: customer, SourceKey: keyQuoted, TargetID: "guid-2",
		PayloadHash: "h2", UpdatedAt: at(time.Second)}
	x3 := state.XRef{Pipeline: "p2", Entity: order, SourceKey: keyQuoted, TargetID: "guid-3",
		PayloadHash: "h3", UpdatedAt: at(2 * time.Second)}
	x4 := state.XRef{Entity: order, SourceKey: keyUmlaut, TargetID: "guid-4", PayloadHash: "h4",
		UpdatedAt: at(3 * time.Second)} // Pipeline left to the batch
	commit(t, s, state.Batch{Pipeline: "p1", XRefs: []state.XRef{x1, x2, x4}})
	commit(t, s, state.Batch{Pipeline: "p2", XRefs: []state.XRef{x3}})

	x4.Pipeline = "p1"
	for _, want := range []state.XRef{x1, x2, x3, x4} {
		diff(t, "XRef "+want.Pipeline+" "+want.Entity+" "+want.SourceKey, want,
			mustXRef(t, s, want.Pipeline, want.Entity, want.SourceKey))
	}
	wantNoXRef(t, s, "p2", customer, keyQuoted)
	wantNoXRef(t, s, "p1", order, "so-1 'o\"k'") // keys are case-sensitive

	// Writing the record again updates its cross-reference in place,
	// the source fingerprint included.
	x1b := x1
	x1b.TargetID, x1b.PayloadHash, x1b.SourceHash, x1b.UpdatedAt = "guid-1b", "h1b", "s1b", at(time.Hour)
	commit(t, s, state.Batch{Pipeline: "p1", XRefs: []state.XRef{x1b}})
	diff(t, "XRef after upsert", x1b, mustXRef(t, s, "p1", order, keyQuoted))
	// A write that knows no source fingerprint clears the old one: it no
	// longer describes what the target holds.
	x1c := x1b
	x1c.PayloadHash, x1c.SourceHash, x1c.UpdatedAt = "h1c", "", at(2*time.Hour)
	commit(t, s, state.Batch{Pipeline: "p1", XRefs: []state.XRef{x1c}})
	diff(t, "XRef after upsert without a source fingerprint", x1c, mustXRef(t, s, "p1", order, keyQuoted))
	diff(t, "other entity after upserts", x2, mustXRef(t, s, "p1", customer, keyQuoted))
	diff(t, "other pipeline after upsert", x3, mustXRef(t, s, "p2", order, keyQuoted))
}

func testIntents(t *testing.T, open Open) {
	s := openStore(t, open)
	const e = "exactonline/sales_order"
	in1 := state.Intent{Pipeline: "p1", Entity: e, SourceKey: "SO-1", NaturalKey: "YourRef=SO-1", RunID: 4, CreatedAt: at(0)}
	in2 := state.Intent{Pipeline: "p1", Entity: e, SourceKey: "SO-2", NaturalKey: "YourRef=SO-2", RunID: 4, CreatedAt: at(time.Second)}
	in3 := state.Intent{Pipeline: "p2", Entity: e, SourceKey: "SO-1", NaturalKey: "YourRef=SO-1", RunID: 5, CreatedAt: at(2 * time.Second)}
	for _, in := range []state.Intent{in2, in1, in3} {
		if err := s.Intent(t.Context(), in); err != nil {
			t.Fatalf("Intent(%+v): %v", in, err)
		}
	}
	diff(t, "Intents(p1), oldest first", []state.Intent{in1, in2}, intents(t, s, "p1"))
	diff(t, "Intents(p2)", []state.Intent{in3}, intents(t, s, "p2"))
	diff(t, "Intents(p3)", []state.Intent(nil), intents(t, s, "p3"))

	// A second intent for the same record (a retry) replaces the first.
	in1b := in1
	in1b.NaturalKey, in1b.RunID, in1b.CreatedAt = "YourRef=SO-1/b", 6, at(3*time.Second)
	if err := s.Intent(t.Context(), in1b); err != nil {
		t.Fatalf("Intent again: %v", err)
	}
	diff(t, "Intents(p1) after a second intent", []state.Intent{in2, in1b}, intents(t, s, "p1"))

	// Committing the record clears its intent, in its pipeline only;
	// clearing an intent that is not there is no error.
	commit(t, s, state.Batch{Pipeline: "p1", RunID: 6,
		XRefs:   []state.XRef{{Entity: e, SourceKey: "SO-1", TargetID: "guid-1", PayloadHash: "h"}},
		Intents: []state.Intent{{Entity: e, SourceKey: "SO-1"}, {Entity: e, SourceKey: "SO-404"}}})
	diff(t, "Intents(p1) after commit", []state.Intent{in2}, intents(t, s, "p1"))
	diff(t, "Intents(p2) after p1's commit", []state.Intent{in3}, intents(t, s, "p2"))

	if err := s.Intent(t.Context(), state.Intent{Pipeline: "p1", Entity: e}); err == nil {
		t.Error("Intent without a source key: no error")
	}
}
