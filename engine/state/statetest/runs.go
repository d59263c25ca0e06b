package statetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/engine/state"
)

func testRuns(t *testing.T, open Open) {
	s := openStore(t, open)
	diff(t, "Runs of an empty store", []state.Run(nil), runs(t, s, state.RunQuery{}))

	r1 := state.Run{Pipeline: "p1", StartedAt: at(0)}
	r1.ID = beginRun(t, s, r1)
	r2 := state.Run{Pipeline: "p1", StartedAt: at(time.Minute), Status: "running"}
	r2.ID = beginRun(t, s, r2)
	r3 := state.Run{Pipeline: "p2", StartedAt: at(2 * time.Minute)}
	r3.ID = beginRun(t, s, r3)
	// Two runs starting in the same microsecond: the later id is newer.
	r4 := state.Run{Pipeline: "p2", StartedAt: at(2 * time.Minute)}
	r4.ID = beginRun(t, s, r4)
	if r1.ID == r2.ID || r2.ID == r3.ID || r3.ID == r4.ID || r4.ID <= r3.ID {
		t.Fatalf("run ids %d, %d, %d, %d: want distinct, increasing", r1.ID, r2.ID, r3.ID, r4.ID)
	}
	r1.Status, r3.Status, r4.Status = "running", "running", "running"

	diff(t, "Runs, newest first", []state.Run{r4, r3, r2, r1}, runs(t, s, state.RunQuery{}))
	diff(t, "Runs of p1", []state.Run{r2, r1}, runs(t, s, state.RunQuery{Pipeline: "p1"}))
	diff(t, "Runs, limit 1", []state.Run{r4}, runs(t, s, state.RunQuery{Limit: 1}))
	diff(t, "Runs of p1, limit 1", []state.Run{r2}, runs(t, s, state.RunQuery{Pipeline: "p1", Limit: 1}))
	diff(t, "Runs of p3", []state.Run(nil), runs(t, s, state.RunQuery{Pipeline: "p3"}))

	end := state.Run{ID: r1.ID, Pipeline: "p1", StartedAt: r1.StartedAt, EndedAt: at(30 * time.Second),
		Status: "failed", Read: 120, Written: 100, Skipped: 15, Rejected: 5, Error: "exactonline: 429 after 5 tries"}
	if err := s.EndRun(t.Context(), end); err != nil {
		t.Fatalf("EndRun: %v", err)
	}
	diff(t, "Runs of p1 after EndRun", []state.Run{r2, end}, runs(t, s, state.RunQuery{Pipeline: "p1"}))

	err := s.EndRun(t.Context(), state.Run{ID: r4.ID + 1000, Status: "ok"})
	if !errors.Is(err, state.ErrNotFound) {
		t.Errorf("EndRun of an unknown run: err = %v, want state.ErrNotFound", err)
	}
	if _, err := s.BeginRun(t.Context(), state.Run{}); err == nil {
		t.Error("BeginRun without a pipeline: no error")
	}
}

func testActivity(t *testing.T, open Open) {
	s := openStore(t, open)
	run1 := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: at(0)})
	run2 := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: at(time.Hour)})
	run3 := beginRun(t, s, state.Run{Pipeline: "p2", StartedAt: at(time.Hour)})

	// SO-123 is the source key of a1, the origin of a2 and the target id
	// of a3; a4 is noise with a key that has SO-123 as a prefix.
	a1 := state.Activity{RunID: run1, System: "shop", Entity: order, SourceKey: "SO-123", Origin: "shop/orders/SO-123",
		Decision: state.DecisionCreate, TargetID: "guid-9", Status: 201, Payload: []byte(`{"YourRef":"SO-123"}`),
		Duration: 250 * time.Millisecond, At: at(time.Second)}
	a2 := state.Activity{RunID: run2, System: "shop", Entity: "exactonline/sales_order_line", SourceKey: "SO-123/1",
		Origin: "SO-123", Decision: state.DecisionReject, Status: 400, Error: "field /Item: unknown item",
		Duration: time.Second, At: at(time.Hour + time.Second)}
	a3 := state.Activity{RunID: run3, System: "crm", Entity: "hubspot/deal", SourceKey: "D-7", Origin: "crm/D-7",
		Decision: state.DecisionUpdate, TargetID: "SO-123", Status: 200, At: at(time.Hour + 2*time.Second)}
	a4 := state.Activity{RunID: run2, System: "shop", Entity: order, SourceKey: "SO-1234", Origin: "shop/orders/SO-1234",
		Decision: state.DecisionUnchanged, At: at(time.Hour + 3*time.Second)}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run1, Activity: []state.Activity{a1}})
	// a2 leaves its RunID to the batch.
	a2.RunID = 0
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run2, Activity: []state.Activity{a2, a4}})
	commit(t, s, state.Batch{Pipeline: "p2", RunID: run3, Activity: []state.Activity{a3}})
	a1.Pipeline, a2.Pipeline, a3.Pipeline, a4.Pipeline = "p1", "p1", "p2", "p1"
	a2.RunID = run2

	all := activity(t, s, state.ActivityQuery{})
	if len(all) != 4 {
		t.Fatalf("Activity() = %d entries, want 4", len(all))
	}
	ids := map[int64]bool{}
	for _, a := range all {
		if a.ID <= 0 || ids[a.ID] {
			t.Errorf("activity id %d: want positive and unique", a.ID)
		}
		ids[a.ID] = true
	}
	// Newest first: a4, a3, a2, a1.
	a4.ID, a3.ID, a2.ID, a1.ID = all[0].ID, all[1].ID, all[2].ID, all[3].ID
	diff(t, "Activity(), newest first", []state.Activity{a4, a3, a2, a1}, all)

	for name, c := range map[string]struct {
		q    state.ActivityQuery
		want []state.Activity
	}{
		"pipeline":             {state.ActivityQuery{Pipeline: "p1"}, []state.Activity{a4, a2, a1}},
		"run":                  {state.ActivityQuery{RunID: run2}, []state.Activity{a4, a2}},
		"key in every field":   {state.ActivityQuery{SourceKey: "SO-123"}, []state.Activity{a3, a2, a1}},
		"key in one pipeline":  {state.ActivityQuery{Pipeline: "p1", SourceKey: "SO-123"}, []state.Activity{a2, a1}},
		"key in one run":       {state.ActivityQuery{RunID: run1, SourceKey: "SO-123"}, []state.Activity{a1}},
		"key, limit 2":         {state.ActivityQuery{SourceKey: "SO-123", Limit: 2}, []state.Activity{a3, a2}},
		"limit 1":              {state.ActivityQuery{Limit: 1}, []state.Activity{a4}},
		"prefix is no match":   {state.ActivityQuery{SourceKey: "SO-12"}, nil},
		"unknown pipeline":     {state.ActivityQuery{Pipeline: "p3"}, nil},
		"run of the other one": {state.ActivityQuery{Pipeline: "p1", RunID: run3}, nil},
	} {
		diff(t, "Activity "+name, c.want, activity(t, s, c.q))
	}
}

// testActivityGroup: a batch of many entries, as a group commit holds,
// gives each entry back whole and in order (stores may write them several
// rows to a statement).
func testActivityGroup(t *testing.T, open Open) {
	s := openStore(t, open)
	run := beginRun(t, s, state.Run{Pipeline: "p1", StartedAt: at(0)})
	const n = 75
	want := make([]state.Activity, n)
	for i := range want {
		key := fmt.Sprintf("SO-%03d", i)
		want[i] = state.Activity{RunID: run, Pipeline: "p1", At: at(time.Duration(i) * time.Millisecond), System: "shop",
			Entity: order, SourceKey: key, Origin: "shop/orders/" + key, Decision: state.DecisionCreate,
			TargetID: "guid-" + key, Status: 200 + i, Payload: []byte(`{"YourRef":"` + key + `"}`),
			Source: []byte(`{"number":"` + key + `"}`), Error: "note " + key, Duration: time.Duration(i) * time.Microsecond}
	}
	commit(t, s, state.Batch{Pipeline: "p1", RunID: run, Activity: want})
	got := activity(t, s, state.ActivityQuery{RunID: run})
	if len(got) != n {
		t.Fatalf("Activity = %d entries, want %d", len(got), n)
	}
	newestFirst := make([]state.Activity, n)
	for i := range want {
		newestFirst[n-1-i] = want[i]
		newestFirst[n-1-i].ID = got[n-1-i].ID
	}
	diff(t, "Activity of a group, newest first", newestFirst, got)
}
