package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/engine"
)

// TestRunAfterApplyIsUnchanged: a plan saved as `pipeline plan -out`
// writes it (indented JSON) and then applied leaves cross-references the
// next run agrees with: the records it wrote are unchanged, not sent again.
func TestRunAfterApplyIsUnchanged(t *testing.T) {
	sys := &unchangedSystem{accounts: map[string]string{"known@example.com": "acc-1"}, orders: map[string][]byte{}}
	plan := compileWith(t, sys.registry(), fmt.Sprintf(unchangedPipeline, "none"))
	st := openState(t)
	runLines(t, plan, st, unchangedInput)
	changed := strings.Replace(unchangedInput, `"note":"two"`, `"note":"TWO"`, 1)

	saved := &engine.SavedPlan{Pipeline: "orders"}
	if _, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(changed)), State: st, DryRun: true,
		Decisions: func(d engine.Decision) { saved.Decisions = append(saved.Decisions, d) }}); err != nil {
		t.Fatal(err)
	}
	file, err := json.MarshalIndent(saved, "", "  ") // as cmd_plan.go saves it
	if err != nil {
		t.Fatal(err)
	}
	var loaded engine.SavedPlan
	if err := json.Unmarshal(file, &loaded); err != nil {
		t.Fatal(err)
	}
	if s, err := plan.Apply(context.Background(), &loaded, engine.RunOptions{State: st}); err != nil || s.Updated != 1 {
		t.Fatalf("apply: %v %+v, want A2 updated", err, s)
	}
	if s := runLines(t, plan, st, changed); s.Updated != 0 || s.Unchanged != 3 || sys.updates != 1 {
		t.Fatalf("the run after apply: %+v, %d updates in all; want the applied record unchanged", s, sys.updates)
	}
}
