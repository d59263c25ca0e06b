package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine"
)

// compileStrict compiles unchangedPipeline against sys with an unknown
// customer setting its order aside (missing = "error").
func compileStrict(t *testing.T, sys *unchangedSystem) *engine.Plan {
	t.Helper()
	src := strings.Replace(fmt.Sprintf(unchangedPipeline, "none"), `by     = "Email"`, `by     = "Email"
    missing = "error"`, 1)
	src = strings.Replace(src, `pipeline "orders" {`, `pipeline "orders" {
  max_rejects = 5`, 1)
	return compileWith(t, sys.registry(), src)
}

// TestRetryKeepsRecordSetAsideAgain: a record that a retry sets aside
// again still waits afterwards. A remote target commits every record on
// its own, so the new entry (which renews the pending one) reaches the
// store before the retry resolves the entry it read; resolving by id must
// not then resolve the renewed entry.
func TestRetryKeepsRecordSetAsideAgain(t *testing.T) {
	sys := &unchangedSystem{accounts: map[string]string{}, orders: map[string][]byte{}}
	plan := compileStrict(t, sys)
	st := openState(t)
	if s := runLines(t, plan, st, `{"ref":"A1","email":"nobody@example.com","note":"one"}`+"\n"); s.Rejected != 1 {
		t.Fatalf("run: %+v, want the record set aside (no account)", s)
	}
	stats, err := plan.Retry(context.Background(), engine.RunOptions{State: st})
	if err != nil || stats.Rejected != 1 {
		t.Fatalf("retry: %v %+v, want the record set aside again", err, stats)
	}
	left, err := st.SetAside(context.Background(), "orders")
	if err != nil || len(left) != 1 || left[0].RunID != stats.RunID {
		t.Fatalf("waiting after the retry: %v %+v; want the record, set aside by the retry (run %d)", err, left, stats.RunID)
	}
}

// TestRetryLeavesNewerVersionAlone: a record set aside (its customer was
// unknown), then changed in the source and written by a later run, is not
// overwritten by a retry of the old version once that customer exists:
// the entry is resolved, the target keeps the newer version.
func TestRetryLeavesNewerVersionAlone(t *testing.T) {
	sys := &unchangedSystem{accounts: map[string]string{"known@example.com": "acc-1"}, orders: map[string][]byte{}}
	plan := compileStrict(t, sys)
	st := openState(t)
	runLines(t, plan, st, `{"ref":"A1","email":"known@example.com","note":"one"}`+"\n")
	if s := runLines(t, plan, st, `{"ref":"A1","email":"new@example.com","note":"two"}`+"\n"); s.Rejected != 1 {
		t.Fatalf("second run: %+v, want the version with an unknown customer set aside", s)
	}
	if s := runLines(t, plan, st, `{"ref":"A1","email":"known@example.com","note":"three"}`+"\n"); s.Updated != 1 {
		t.Fatalf("third run: %+v, want the newer version written", s)
	}
	sys.accounts["new@example.com"] = "acc-2"
	if _, err := plan.Retry(context.Background(), engine.RunOptions{State: st}); err != nil {
		t.Fatal(err)
	}
	if got := string(sys.orders["A1"]); !strings.Contains(got, `"Note":"three"`) {
		t.Errorf("after the retry the target holds %s; want the newer version (note three)", got)
	}
	if left, err := st.SetAside(context.Background(), "orders"); err != nil || len(left) != 0 {
		t.Errorf("still waiting after the retry: %v %+v", err, left)
	}
}
