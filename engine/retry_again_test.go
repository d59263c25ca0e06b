package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine"
)

// TestRetryKeepsRecordSetAsideAgain: a record that a retry sets aside
// again still waits afterwards. A remote target commits every record on
// its own, so the new entry (which renews the pending one) reaches the
// store before the retry resolves the entry it read; resolving by id must
// not then resolve the renewed entry.
func TestRetryKeepsRecordSetAsideAgain(t *testing.T) {
	sys := &unchangedSystem{accounts: map[string]string{}, orders: map[string][]byte{}}
	src := strings.Replace(fmt.Sprintf(unchangedPipeline, "none"), `by     = "Email"`, `by     = "Email"
    missing = "error"`, 1)
	src = strings.Replace(src, `pipeline "orders" {`, `pipeline "orders" {
  max_rejects = 5`, 1)
	plan := compileWith(t, sys.registry(), src)
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
