package engine_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state/sqlitestore"
)

// upsertTarget is a batchTarget that also upserts by hs_sku, which it
// keeps unique.
type upsertTarget struct {
	batchTarget
	uniqueKey string
}

func (u *upsertTarget) UpsertKey(_ context.Context, field string) (bool, error) {
	u.calls["upsertkey"]++
	return field == u.uniqueKey, nil
}

func (u *upsertTarget) UpsertBatch(_ context.Context, field string, recs []connectors.Record) ([]connectors.UpsertResult, error) {
	u.calls["upsert"]++
	res := make([]connectors.UpsertResult, len(recs))
	for i, r := range recs {
		key := gjson.GetBytes(r.Raw, field).String()
		if key == u.refuse {
			res[i].Err = &connectors.RecordError{Field: "properties.price", Err: errors.New("Property values were not valid")}
			continue
		}
		id, ok := u.byKey[key]
		if !ok {
			id = fmt.Sprint(len(u.byKey) + 1)
			u.byKey[key] = id
			res[i].Created = true
		}
		u.records[id] = append([]byte(nil), r.Raw...)
		res[i].ID = id
	}
	return res, nil
}

// compileUpsert compiles batchPipeline, changed by edit, against target.
func compileUpsert(t *testing.T, target connectors.Writer, edit func(string) string) *engine.Plan {
	t.Helper()
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{Name: "batch", NewConfig: func() any { return &struct{}{} },
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) { return target, nil }})
	return compileWith(t, reg, edit(batchPipeline))
}

func products(n int, name string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"sku":"SKU-%d","name":"%s %d","price":%d.50}`+"\n", i, name, i, i)
	}
	return b.String()
}

// TestUpsertTarget: records the state does not know go to the target's
// batch upsert without a lookup; the answer decides create or update; a
// refused record is set aside alone; a second run writes nothing; a run
// that lost its state updates instead of duplicating.
func TestUpsertTarget(t *testing.T) {
	target := &upsertTarget{batchTarget: batchTarget{byKey: map[string]string{"SKU-3": "900", "SKU-4": "901"},
		records: map[string][]byte{}, calls: map[string]int{}, refuse: "SKU-7"}, uniqueKey: "properties.hs_sku"}
	plan := compileUpsert(t, target, func(s string) string { return s })
	dir := t.TempDir()
	run := func(db, in string) (engine.Stats, map[string]string) {
		st, err := sqlitestore.Open(filepath.Join(dir, db))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		decisions := map[string]string{}
		stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(in)), State: st,
			Decisions: func(d engine.Decision) { decisions[d.NaturalKey] = d.Decision + " " + d.TargetID }})
		var tooMany *engine.TooManyRejectsError // SKU-7, refused on purpose
		if err != nil && !errors.As(err, &tooMany) {
			t.Fatal(err)
		}
		return stats, decisions
	}
	s1, d1 := run("state.db", products(250, "Product"))
	if target.calls["upsert"] != 3 || target.calls["lookup"] != 0 || target.calls["create"] != 0 || target.calls["upsertkey"] != 1 {
		t.Errorf("first run calls %v", target.calls)
	}
	if s1.Created != 247 || s1.Updated != 2 || s1.Written != 249 || s1.Rejected != 1 || s1.Calls != 3 {
		t.Errorf("first run %+v", s1)
	}
	if d1["SKU-3"] != "update 900" || d1["SKU-0"] != "create 3" || d1["SKU-7"] != "reject " {
		t.Errorf("decisions SKU-3 %q, SKU-0 %q, SKU-7 %q", d1["SKU-3"], d1["SKU-0"], d1["SKU-7"])
	}
	s2, _ := run("state.db", products(250, "Product"))
	if target.calls["upsert"] != 4 || s2.Unchanged != 249 || s2.Written != 0 {
		t.Errorf("second run: %v %+v (only the refused record goes again)", target.calls, s2)
	}
	// Changed records the state knows are updated by id, as before.
	s3, _ := run("state.db", products(250, "Renamed"))
	if target.calls["update"] != 3 || target.calls["upsert"] != 5 || s3.Updated != 249 {
		t.Errorf("third run: %v %+v", target.calls, s3)
	}
	before := len(target.byKey)
	s4, _ := run("lost.db", products(250, "Again"))
	if s4.Created != 0 || s4.Updated != 249 || len(target.byKey) != before {
		t.Errorf("a run without state: %+v, target keys %d → %d", s4, before, len(target.byKey))
	}
}

// The upsert is not used when it could not honour the pipeline: with
// create_only fields, for a key the target does not keep unique, or in a
// plan, which must not write.
func TestUpsertNotUsed(t *testing.T) {
	for name, c := range map[string]struct {
		edit   func(string) string
		unique string
		dry    bool
	}{
		"create_only": {edit: func(s string) string {
			return strings.Replace(s, `on_exists = "update"`, `on_exists = "update"`+"\n    create_only = [\"properties\"]", 1)
		}, unique: "properties.hs_sku"},
		"not unique": {edit: func(s string) string { return s }, unique: "properties.external_sku"},
		"plan":       {edit: func(s string) string { return s }, unique: "properties.hs_sku", dry: true},
	} {
		t.Run(name, func(t *testing.T) {
			target := &upsertTarget{batchTarget: batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}},
				uniqueKey: c.unique}
			plan := compileUpsert(t, target, c.edit)
			stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(products(150, "P"))), DryRun: c.dry})
			if err != nil {
				t.Fatal(err)
			}
			if target.calls["upsert"] != 0 || target.calls["lookup"] != 2 || stats.Created != 150 {
				t.Errorf("calls %v, %+v", target.calls, stats)
			}
		})
	}
}

// A change in a create_only field alone is no change: an update would
// not send it, so the record stays unchanged and costs no call.
func TestCreateOnlyChangeIsUnchanged(t *testing.T) {
	target := &batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}, refuse: "none"}
	plan := compileUpsert(t, target, func(string) string {
		return `
pipeline "articles" {
  source "mem" {}
  target "batch" {
    schema      = "eaccounting/article"
    key_field   = "Number"
    on_exists   = "update"
    create_only = ["Note"]
  }
  map {
    Number   = "source.sku"
    Name     = "source.name"
    Note     = "source.note"
    IsActive = true
    CodingId = "'0b000000-0000-4000-8000-000000000001'"
    UnitId   = "'0b000000-0000-4000-8000-000000000002'"
  }
}
`
	})
	st := openState(t)
	// why is the run's decision and its reason, so that a failure says
	// which way the record went (state, lookup or target).
	var why string
	run := func(name, note string) engine.Stats {
		in := fmt.Sprintf(`{"sku":"A-1","name":%q,"note":%q}`+"\n", name, note)
		why = ""
		stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(in)), State: st,
			Decisions: func(d engine.Decision) { why += fmt.Sprintf("%s (%s; %d calls) ", d.Decision, d.Reason, d.Calls) }})
		if err != nil {
			t.Fatal(err)
		}
		return stats
	}
	if s := run("Apron", "first note"); s.Created != 1 {
		t.Fatalf("first run %+v: %s", s, why)
	}
	if s := run("Apron", "edited note"); s.Unchanged != 1 || target.calls["update"] != 0 {
		t.Errorf("only the note changed: %+v, %d update calls: %s", s, target.calls["update"], why)
	}
	if s := run("Linen apron", "edited note"); s.Updated != 1 || target.calls["update"] != 1 {
		t.Errorf("the name changed: %+v, %d update calls: %s", s, target.calls["update"], why)
	}
}
