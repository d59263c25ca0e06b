package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/sjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// countingWriter is the fake system's writer, counting lookups.
type countingWriter struct {
	*fakeWriter
	lookups *int
}

func (w countingWriter) Lookup(ctx context.Context, q connectors.LookupQuery) ([]connectors.Record, error) {
	*w.lookups++
	return w.fakeWriter.Lookup(ctx, q)
}

const confirmPipeline = `
pipeline "customers" {
  source "mem" {}
  target "sys" {
    schema     = "exactonline/account"
    key_field  = "Email"
    source_key = "source.id"
    on_exists  = "update"

    compare_with_target = true
  }
  map {
    Email = "source.email"
    Name  = "source.name"
    Phone = "source.phone"
  }
}
`

// TestChangedPayloadTargetHoldsIt: in a two-way flow the other direction
// wrote ann's new phone into the target and then into this source. The
// payload hash differs from the one written, but the target already holds
// these values: one lookup, no update, and the new hash is recorded, so
// the next run costs nothing. bob's change is not in the target yet and is
// sent.
func TestChangedPayloadTargetHoldsIt(t *testing.T) {
	sys := newFakeSystem()
	lookups := 0
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{Name: "sys", NewConfig: func() any { return &struct{}{} },
		NewWriter: func(_ context.Context, _ any, o connectors.Options) (connectors.Writer, error) {
			return countingWriter{fakeWriter: &fakeWriter{sys: sys, entity: o.Entity}, lookups: &lookups}, nil
		}})
	plan := compileWith(t, reg, confirmPipeline)
	st := openState(t)
	run := func(input string) (engine.Stats, []string) {
		t.Helper()
		var decided []string
		stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)), State: st,
			Decisions: func(d engine.Decision) { decided = append(decided, d.Decision) }})
		if err != nil {
			t.Fatal(err)
		}
		return stats, decided
	}
	v1 := `{"id":1,"email":"ann@example.com","name":"Ann","phone":"020 111"}
{"id":2,"email":"bob@example.com","name":"Bob","phone":"020 222"}
`
	if s, _ := run(v1); s.Created != 2 {
		t.Fatalf("first run: %+v", s)
	}
	// The other direction: ann's phone changed in the target and came
	// back into the source; bob's changed in the source only.
	accounts := sys.recs["exactonline/account"]
	accounts[0], _ = sjson.SetBytes(accounts[0], "Phone", "020 999")
	v2 := strings.NewReplacer("020 111", "020 999", "020 222", "030 222").Replace(v1)
	lookups = 0
	s, decided := run(v2)
	if strings.Join(decided, ",") != "unchanged,update" || s.Written != 1 || len(sys.updates) != 1 || !strings.Contains(string(sys.updates[0]), "030 222") {
		t.Fatalf("second run: decisions %v, %+v, updates %q; want ann unchanged and bob updated", decided, s, sys.updates)
	}
	if lookups != 2 {
		t.Errorf("second run looked up %d records, want one each", lookups)
	}
	lookups = 0
	if s, decided := run(v2); s.Unchanged != 2 || lookups != 0 {
		t.Errorf("third run: decisions %v, %d lookups; want both unchanged by their recorded hashes, no lookup", decided, lookups)
	}
}

// TestChangedPayloadBatchTarget: records whose payload changed are
// checked against a batch target with one lookup call for the group;
// those the target already holds are not updated.
func TestChangedPayloadBatchTarget(t *testing.T) {
	target := &batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}}
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{Name: "batch", NewConfig: func() any { return &struct{}{} },
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) { return target, nil }})
	plan := compileWith(t, reg, strings.Replace(batchPipeline, `on_exists = "update"`, `on_exists = "update"
    compare_with_target = true`, 1))
	st := openState(t)
	products := func(name func(i int) string) string {
		var b strings.Builder
		for i := 0; i < 10; i++ {
			fmt.Fprintf(&b, `{"sku":"SKU-%d","name":%q,"price":1.50}`+"\n", i, name(i))
		}
		return b.String()
	}
	run := func(input string) engine.Stats { return runLines(t, plan, st, input) }
	if s := run(products(func(int) string { return "Old" })); s.Created != 10 {
		t.Fatalf("first run: %+v", s)
	}
	// All ten are renamed; the target has the new name of the first six
	// already (the other direction wrote it).
	for i := 0; i < 6; i++ {
		id := target.byKey[fmt.Sprintf("SKU-%d", i)]
		target.records[id] = []byte(fmt.Sprintf(`{"id":%q,"properties":{"hs_sku":"SKU-%d","name":"New","price":1.5}}`, id, i))
	}
	target.calls = map[string]int{}
	s := run(products(func(int) string { return "New" }))
	if s.Unchanged != 6 || s.Updated != 4 || target.calls["lookup"] != 1 || target.calls["update"] != 1 {
		t.Fatalf("second run: %+v, calls %v; want 6 unchanged and 4 updated after one group lookup", s, target.calls)
	}
}

// TestChangedPayloadOneWayFlowNoLookup: without compare_with_target a
// changed record is updated straight away — a one-way flow's target
// changes only by its own writes, so a lookup per change would be waste.
func TestChangedPayloadOneWayFlowNoLookup(t *testing.T) {
	sys := newFakeSystem()
	lookups := 0
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{Name: "sys", NewConfig: func() any { return &struct{}{} },
		NewWriter: func(_ context.Context, _ any, o connectors.Options) (connectors.Writer, error) {
			return countingWriter{fakeWriter: &fakeWriter{sys: sys, entity: o.Entity}, lookups: &lookups}, nil
		}})
	plan := compileWith(t, reg, strings.Replace(confirmPipeline, "compare_with_target = true", "", 1))
	st := openState(t)
	run := func(input string) engine.Stats { return runLines(t, plan, st, input) }
	v1 := `{"id":1,"email":"ann@example.com","name":"Ann","phone":"020 111"}` + "\n"
	if s := run(v1); s.Created != 1 {
		t.Fatalf("first run: %+v", s)
	}
	lookups = 0
	if s := run(strings.Replace(v1, "020 111", "020 999", 1)); s.Updated != 1 || lookups != 0 {
		t.Errorf("second run: %+v after %d lookups; want one update and no lookup", s, lookups)
	}
}
