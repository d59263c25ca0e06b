package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
	"github.com/pipeline-dev/pipeline/engine/state"
)

const relatedPipeline = `
pipeline "orders" {
  source "mem" {}
  target "sys" {%s}
  max_rejects = 5

  related "account" {
    entity  = "exactonline/account"
    by      = "Email"
    missing = "create"
    found   = "%s"
    create {
      Name  = "source.company"
      Email = "key"
    }
  }

  map {
    Ref     = "source.ref"
    Account = "related('account', lower(source.email)).ID"
  }
}
`

func compileRelated(t *testing.T, sys *fakeSystem, found string) *engine.Plan {
	return compileRelatedTarget(t, sys, "", found)
}

func compileRelatedTarget(t *testing.T, sys *fakeSystem, target, found string) *engine.Plan {
	t.Helper()
	return compileWith(t, sys.registry(), fmt.Sprintf(relatedPipeline, target, found))
}

const relatedInput = `{"ref":"A1","email":"New@example.com","company":"New BV"}
{"ref":"A2","email":"new@example.com","company":"New BV"}
{"ref":"A3","email":"known@example.com","company":"Known BV"}
`

// TestRelatedCreateSurvivesCrash: the run stops after the new customer
// was created and before its order was written. The next run finds the
// customer by e-mail instead of creating it again, and both orders of the
// new customer refer to the one account. The activity log has the create,
// with personal data masked.
func TestRelatedCreateSurvivesCrash(t *testing.T) {
	sys := newFakeSystem()
	known := `{"ID":"11111111-1111-4111-8111-111111111111","Email":"known@example.com","Name":"Known BV"}`
	sys.recs["exactonline/account"] = [][]byte{[]byte(known)}
	plan := compileRelated(t, sys, "use")
	st := openState(t)

	sys.failOrders = true
	if _, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(relatedInput)), State: st}); err == nil {
		t.Fatal("the first run should stop when the order cannot be written")
	}
	if sys.creates["exactonline/account"] != 1 || len(sys.orders) != 0 {
		t.Fatalf("after the crash: %d accounts created, %d orders written; want 1 and 0", sys.creates["exactonline/account"], len(sys.orders))
	}

	sys.failOrders = false
	stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(relatedInput)), State: st})
	if err != nil {
		t.Fatal(err)
	}
	if sys.creates["exactonline/account"] != 1 || stats.RelatedCreated != 0 {
		t.Errorf("the new customer was created %d times, want once (this run: %d)", sys.creates["exactonline/account"], stats.RelatedCreated)
	}
	if stats.Written != 3 || len(sys.orders) != 3 {
		t.Fatalf("second run: %+v, orders %q", stats, sys.orders)
	}
	newID := gjson.GetBytes(sys.recs["exactonline/account"][1], "ID").String()
	for i, want := range []string{newID, newID, "11111111-1111-4111-8111-111111111111"} {
		if got := gjson.GetBytes(sys.orders[i], "Account").String(); got != want {
			t.Errorf("order %d refers to account %q, want %q", i+1, got, want)
		}
	}

	acts, err := st.Activity(context.Background(), state.ActivityQuery{Pipeline: "orders", SourceKey: newID})
	if err != nil {
		t.Fatal(err)
	}
	var creates []state.Activity
	for _, a := range acts {
		if a.Entity == "exactonline/account" && a.Decision == "create" {
			creates = append(creates, a)
		}
	}
	if len(creates) != 1 || creates[0].TargetID != newID {
		t.Fatalf("activity log of the related create: %+v", acts)
	}
	if bytes.Contains(creates[0].Payload, []byte("new@example.com")) || !bytes.Contains(creates[0].Payload, []byte(`"Email":"***"`)) || creates[0].SourceKey != "***" {
		t.Errorf("the related create is logged with its personal data: %s", creates[0].Payload)
	}
}

// TestRelatedCreateRefused: a create the system turns down sets that
// order aside, naming the block and the field; the other orders go on.
func TestRelatedCreateRefused(t *testing.T) {
	sys := newFakeSystem()
	sys.refuse = func(rec []byte) error {
		if gjson.GetBytes(rec, "Email").String() == "new@example.com" {
			return &connectors.RecordError{Field: "Name", Err: errors.New("an account with this name exists")}
		}
		return nil
	}
	plan := compileRelated(t, sys, "use")
	var rejects []engine.Reject
	input := relatedInput + `{"ref":"A4","email":"other@example.com","company":"Other BV"}` + "\n"
	stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input)),
		Rejects: engine.RejectFunc(func(_ context.Context, r engine.Reject) error { rejects = append(rejects, r); return nil })})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 2 || stats.Rejected != 2 || stats.RelatedCreated != 2 {
		t.Fatalf("stats %+v, want 2 written (known, other) and 2 set aside", stats)
	}
	for _, r := range rejects {
		if !strings.Contains(r.Reason, `related "account"`) || !strings.Contains(r.Reason, "create.Name: an account with this name exists") {
			t.Errorf("reject reason does not name the block and field: %s", r.Reason)
		}
	}
	if sys.creates["exactonline/account"] != 2 {
		t.Errorf("%d accounts created, want 2 (known@ and other@)", sys.creates["exactonline/account"])
	}
}

// TestRelatedFoundUpdate: found = "update" sends the mapped fields of a
// found record that differ, once, through the connector's Updater.
func TestRelatedFoundUpdate(t *testing.T) {
	sys := newFakeSystem()
	sys.recs["exactonline/account"] = [][]byte{
		[]byte(`{"ID":"11111111-1111-4111-8111-111111111111","Email":"known@example.com","Name":"Old name","City":"Utrecht"}`),
		[]byte(`{"ID":"22222222-2222-4222-8222-222222222222","Email":"same@example.com","Name":"Same BV"}`),
	}
	plan := compileRelated(t, sys, "update")
	input := `{"ref":"A1","email":"known@example.com","company":"Known BV"}
{"ref":"A2","email":"known@example.com","company":"Known BV"}
{"ref":"A3","email":"same@example.com","company":"Same BV"}
`
	if _, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(input))}); err != nil {
		t.Fatal(err)
	}
	if len(sys.updates) != 1 || string(sys.updates[0]) != `{"Name":"Known BV","Email":"known@example.com"}` {
		t.Fatalf("updates sent: %q; want one with the mapped fields only", sys.updates)
	}
	if got := string(sys.recs["exactonline/account"][0]); !strings.Contains(got, `"City":"Utrecht"`) || !strings.Contains(got, `"Name":"Known BV"`) {
		t.Errorf("updated record: %s", got)
	}
}

// TestRelatedPlanCreatesNothing: a dry run reports the create it would
// make, once per new key, and sends nothing. Each decision lists the
// planned creates its payload depends on, and applying the saved plan sets
// those records aside instead of writing payloads without the new ids.
func TestRelatedPlanCreatesNothing(t *testing.T) {
	sys := newFakeSystem()
	plan := compileRelatedTarget(t, sys, `key_field = "Ref"`, "use")
	var planned []engine.RelatedChange
	saved := &engine.SavedPlan{Pipeline: "orders"}
	stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(relatedInput)), DryRun: true,
		Related:   func(c engine.RelatedChange) { planned = append(planned, c) },
		Decisions: func(d engine.Decision) { saved.Decisions = append(saved.Decisions, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(sys.recs["exactonline/account"]) != 0 || len(sys.orders) != 0 {
		t.Fatalf("a plan wrote: %q %q", sys.recs, sys.orders)
	}
	if len(planned) != 2 || !planned[0].Planned || planned[0].Key != "new@example.com" || planned[1].Key != "known@example.com" {
		t.Fatalf("planned related changes: %+v", planned)
	}
	if stats.Created != 3 || len(saved.Decisions) != 3 {
		t.Fatalf("stats %+v, decisions %+v", stats, saved.Decisions)
	}
	for i, want := range []string{"new@example.com", "new@example.com", "known@example.com"} {
		if rel := saved.Decisions[i].Related; len(rel) != 1 || rel[0].Key != want {
			t.Errorf("decision %d depends on %+v, want the create of %s", i+1, rel, want)
		}
	}

	var rejects []engine.Reject
	st, err := plan.Apply(context.Background(), saved, engine.RunOptions{
		Rejects: engine.RejectFunc(func(_ context.Context, r engine.Reject) error { rejects = append(rejects, r); return nil })})
	if err != nil {
		t.Fatal(err)
	}
	if st.Rejected != 3 || len(sys.orders) != 0 || len(rejects) != 3 || !strings.Contains(rejects[0].Reason, "run the pipeline instead") {
		t.Errorf("applying a plan that depends on planned creates: %+v, orders %q, rejects %+v", st, sys.orders, rejects)
	}
}
