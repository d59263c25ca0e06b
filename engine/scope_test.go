package engine_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// scopedConfig is a target config that names a company, as an Exact
// division or an AccountView company does.
type scopedConfig struct {
	Company string `hcl:"company,optional"`
}

func (c *scopedConfig) Scope() string {
	if c.Company == "" {
		return ""
	}
	return "company=" + c.Company
}

// scopedWrites counts the records written per company.
type scopedWrites struct {
	mu     sync.Mutex
	counts map[string]int
}

type scopedWriter struct {
	w       *scopedWrites
	company string
}

func (w *scopedWriter) Write(context.Context, connectors.Record) error {
	w.w.mu.Lock()
	defer w.w.mu.Unlock()
	w.w.counts[w.company]++
	return nil
}

func (w *scopedWriter) Close() error { return nil }

const scopedPipeline = `
pipeline "orders" {
  source "mem" {}
  target "scoped" {
    company   = "COMPANY"
    key_field = "Ref"
  }
  map {
    Ref  = "source.ref"
    Note = "source.note"
  }
}
`

// Switching the company a target writes to makes every record new there;
// the default company keeps the cross-references written before scopes.
func TestTargetScopeKeysCrossReferences(t *testing.T) {
	writes := &scopedWrites{counts: map[string]int{}}
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{
		Name:      "scoped",
		NewConfig: func() any { return &scopedConfig{} },
		NewWriter: func(_ context.Context, cfg any, _ connectors.Options) (connectors.Writer, error) {
			return &scopedWriter{w: writes, company: cfg.(*scopedConfig).Company}, nil
		},
	})
	st := openState(t)
	const input = `{"ref":"A1","note":"one"}` + "\n" + `{"ref":"A2","note":"two"}` + "\n"
	run := func(company string) engine.Stats {
		t.Helper()
		plan := compileWith(t, reg, strings.Replace(scopedPipeline, "COMPANY", company, 1))
		return runLines(t, plan, st, input)
	}
	steps := []struct {
		company          string
		created, skipped int
	}{
		{"", 2, 0},  // the default company: first write
		{"", 0, 2},  // unchanged
		{"B", 2, 0}, // another company has none of them
		{"B", 0, 2}, // and now has them
		{"", 0, 2},  // back to the default: still known there
	}
	for i, step := range steps {
		s := run(step.company)
		if s.Created != step.created || s.Unchanged+s.Skipped != step.skipped {
			t.Errorf("run %d (company %q): %+v; want %d created, %d left alone", i+1, step.company, s, step.created, step.skipped)
		}
	}
	if writes.counts[""] != 2 || writes.counts["B"] != 2 {
		t.Errorf("writes per company %v; want 2 each", writes.counts)
	}
	ctx := context.Background()
	if _, err := st.XRef(ctx, "orders", "scoped", "A1"); err != nil {
		t.Errorf("the default company's cross-reference is not under the bare connector name: %v", err)
	}
	if _, err := st.XRef(ctx, "orders", "scoped@company=B", "A1"); err != nil {
		t.Errorf("company B's cross-reference: %v", err)
	}
}
