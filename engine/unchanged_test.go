package engine_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
)

// unchangedSystem is a target that counts the lookups made in it: related()
// lookups of accounts by e-mail and natural-key lookups of orders by Ref.
type unchangedSystem struct {
	mu       sync.Mutex
	accounts map[string]string // e-mail → id
	orders   map[string][]byte // by Ref
	lookups  int
	updates  int
}

type lookupCounter struct{ sys *unchangedSystem }

func (w *lookupCounter) Write(_ context.Context, rec connectors.Record) error {
	w.sys.mu.Lock()
	defer w.sys.mu.Unlock()
	w.sys.orders[gjson.GetBytes(rec.Raw, "Ref").String()] = append([]byte(nil), rec.Raw...)
	return nil
}

func (w *lookupCounter) Update(_ context.Context, id string, rec connectors.Record) error {
	w.sys.mu.Lock()
	defer w.sys.mu.Unlock()
	w.sys.updates++
	w.sys.orders[id] = append([]byte(nil), rec.Raw...)
	return nil
}

func (w *lookupCounter) Lookup(_ context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	w.sys.mu.Lock()
	defer w.sys.mu.Unlock()
	w.sys.lookups++
	if q.Entity == "exactonline/account" {
		if id, ok := w.sys.accounts[q.Value]; ok {
			return []connectors.Record{{Raw: []byte(fmt.Sprintf(`{"ID":%q,"Email":%q}`, id, q.Value))}}, nil
		}
		return nil, nil
	}
	if o, ok := w.sys.orders[q.Value]; ok {
		return []connectors.Record{{Raw: o}}, nil
	}
	return nil, nil
}

func (w *lookupCounter) Close() error { return nil }

func (sys *unchangedSystem) registry() *connectors.Registry {
	reg := testRegistry()
	type config struct{}
	reg.MustRegister(connectors.Spec{
		Name:      "counted",
		NewConfig: func() any { return &config{} },
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) {
			return &lookupCounter{sys: sys}, nil
		},
	})
	return reg
}

// take returns the lookups counted since the last call.
func (sys *unchangedSystem) take() int {
	sys.mu.Lock()
	defer sys.mu.Unlock()
	n := sys.lookups
	sys.lookups = 0
	return n
}

const unchangedPipeline = `
variable "fallback" {
  type    = string
  default = %q
}

pipeline "orders" {
  source "mem" {}
  target "counted" {
    key_field = "Ref"
    on_exists = "update"
  }

  related "customer" {
    entity = "exactonline/account"
    by     = "Email"
  }

  map {
    Ref     = "source.ref"
    Account = "related('customer', source.email)?.ID ?? var.fallback"
    Note    = "source.note"
  }
}
`

const unchangedInput = `{"ref":"A1","email":"known@example.com","note":"one"}
{"ref":"A2","email":"new@example.com","note":"two"}
{"ref":"A3","email":"known@example.com","note":"three"}
`

// TestUnchangedSourceSkipsMapping: a record read again with the same bytes
// under the same pipeline is unchanged without its related() lookup or a
// natural-key lookup; a changed record, or a changed variable, maps again.
func TestUnchangedSourceSkipsMapping(t *testing.T) {
	sys := &unchangedSystem{accounts: map[string]string{"known@example.com": "acc-1"}, orders: map[string][]byte{}}
	reg := sys.registry()
	plan := compileWith(t, reg, fmt.Sprintf(unchangedPipeline, "none"))
	st := openState(t)
	run := func(p *engine.Plan, input string, o engine.RunOptions) engine.Stats {
		t.Helper()
		o.Reader, o.State = newLines([]byte(input)), st
		stats, err := p.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		return stats
	}

	s1 := run(plan, unchangedInput, engine.RunOptions{})
	if s1.Created != 3 || sys.take() == 0 {
		t.Fatalf("first run: %+v, want 3 created after lookups", s1)
	}
	s2 := run(plan, unchangedInput, engine.RunOptions{})
	if n := sys.take(); s2.Unchanged != 3 || n != 0 || s2.Calls != 0 {
		t.Fatalf("same input again: %+v and %d lookups, want 3 unchanged and none", s2, n)
	}
	acts, err := st.Activity(context.Background(), state.ActivityQuery{Pipeline: "orders", RunID: s2.RunID})
	if err != nil || len(acts) != 3 || acts[0].Decision != state.DecisionUnchanged || acts[0].TargetID == "" {
		t.Fatalf("activity of the second run: %+v, %v; want 3 unchanged entries naming their target", acts, err)
	}

	// One changed record is mapped (one related lookup) and updated.
	changed := strings.Replace(unchangedInput, `"note":"two"`, `"note":"TWO"`, 1)
	s3 := run(plan, changed, engine.RunOptions{})
	if n := sys.take(); s3.Updated != 1 || s3.Unchanged != 2 || n != 1 || sys.updates != 1 {
		t.Fatalf("one record changed: %+v, %d lookups, %d updates; want 1 updated after 1 lookup, 2 unchanged", s3, n, sys.updates)
	}
	if got := gjson.GetBytes(sys.orders["A2"], "Note").String(); got != "TWO" {
		t.Fatalf("A2 in the target has note %q, want TWO", got)
	}

	// A plan, and a -full run, map every record as before.
	var planned int
	run(plan, changed, engine.RunOptions{DryRun: true, Decisions: func(engine.Decision) { planned++ }})
	// (Two e-mails: a run looks each up once.)
	if n := sys.take(); planned != 3 || n != 2 {
		t.Fatalf("plan: %d decisions after %d lookups, want 3 after 2", planned, n)
	}
	if s := run(plan, changed, engine.RunOptions{FullRead: true}); sys.take() != 2 || s.Unchanged != 3 {
		t.Fatalf("-full run: %+v, want every record mapped and unchanged", s)
	}

	// Another value of a variable is another pipeline: every record is
	// mapped again (A2's account falls back to the new value), and the
	// run after that is back to no lookups.
	other := compileWith(t, reg, fmt.Sprintf(unchangedPipeline, "default-debtor"))
	s4 := run(other, changed, engine.RunOptions{})
	if n := sys.take(); n != 2 || s4.Updated != 1 || s4.Unchanged != 2 {
		t.Fatalf("variable changed: %+v after %d lookups, want every record mapped, A2 updated", s4, n)
	}
	if s5 := run(other, changed, engine.RunOptions{}); sys.take() != 0 || s5.Unchanged != 3 {
		t.Fatalf("after the variable change: %+v, want 3 unchanged without lookups", s5)
	}
}

// TestUnchangedSourceNotForTimedMappings: a mapping that calls now() (or
// now () with a space) maps every record on every run, as before: its
// payload may differ by the day.
func TestUnchangedSourceNotForTimedMappings(t *testing.T) {
	for _, call := range []string{"now()", "now ()"} {
		sys := &unchangedSystem{accounts: map[string]string{"known@example.com": "acc-1"}, orders: map[string][]byte{}}
		src := strings.Replace(fmt.Sprintf(unchangedPipeline, "none"), `"source.note"`, `"source.note + formatDate(`+call+`, 'YYYY')"`, 1)
		plan := compileWith(t, sys.registry(), src)
		st := openState(t)
		runLines(t, plan, st, unchangedInput)
		sys.take()
		if s := runLines(t, plan, st, unchangedInput); sys.take() != 2 || s.Read != 3 {
			t.Fatalf("%s, second run: %+v, want every record mapped (both e-mails looked up)", call, s)
		}
	}
}
