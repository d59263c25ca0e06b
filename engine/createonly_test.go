package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// updatesKept is an upsertTarget that keeps what updates send.
type updatesKept struct {
	upsertTarget
	sent [][]byte
}

func (u *updatesKept) UpdateBatch(ctx context.Context, ids []string, recs []connectors.Record) ([]connectors.BatchResult, error) {
	for _, r := range recs {
		u.sent = append(u.sent, append([]byte(nil), r.Raw...))
	}
	return u.batchTarget.UpdateBatch(ctx, ids, recs)
}

// A nested create_only field (HubSpot's properties.description) is sent
// on create only: a change in it alone changes nothing, an update leaves
// it out, and the batch upsert, which cannot tell a create from an
// update, is not used although the target keeps the key unique.
func TestCreateOnlyNestedField(t *testing.T) {
	target := &updatesKept{upsertTarget: upsertTarget{uniqueKey: "properties.hs_sku",
		batchTarget: batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}, refuse: "none"}}}
	plan := compileUpsert(t, target, func(s string) string {
		s = strings.Replace(s, `on_exists = "update"`, `on_exists = "update"`+"\n    create_only = [\"properties.description\"]", 1)
		return strings.Replace(s, `price  = "source.price"`, `price  = "source.price"`+"\n      description = \"source.note\"", 1)
	})
	st := openState(t)
	run := func(name, note string) engine.Stats {
		t.Helper()
		return runLines(t, plan, st, fmt.Sprintf(`{"sku":"A-1","name":%q,"price":2.5,"note":%q}`+"\n", name, note))
	}
	if s := run("Apron", "first note"); s.Created != 1 || target.calls["upsert"] != 0 || target.calls["create"] != 1 {
		t.Fatalf("first run: %+v, calls %v", s, target.calls)
	}
	if s := run("Apron", "edited note"); s.Unchanged != 1 || target.calls["update"] != 0 {
		t.Errorf("only the description changed: %+v, calls %v", s, target.calls)
	}
	if s := run("Linen apron", "edited note"); s.Updated != 1 || len(target.sent) != 1 {
		t.Fatalf("the name changed: %+v, calls %v", s, target.calls)
	}
	sent := gjson.ParseBytes(target.sent[0])
	if sent.Get("properties.description").Exists() || sent.Get("properties.name").String() != "Linen apron" {
		t.Errorf("the update sent %s; want the name without the description", target.sent[0])
	}
	if target.calls["upsert"] != 0 {
		t.Errorf("the batch upsert was used: %v", target.calls)
	}
}
