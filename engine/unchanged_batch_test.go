package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
)

// keptUpdates is a batchTarget that keeps what its updates send.
type keptUpdates struct{ batchTarget }

func (k *keptUpdates) UpdateBatch(_ context.Context, ids []string, recs []connectors.Record) ([]connectors.BatchResult, error) {
	k.calls["update"]++
	for i, r := range recs {
		k.records[ids[i]] = append([]byte(nil), r.Raw...)
	}
	return make([]connectors.BatchResult, len(recs)), nil
}

// TestUnchangedSourceWaitsForQueuedVersion: a source that gives one record
// twice in a run (changed, then changed back to what was last written)
// leaves the target with the later version. The later version's source
// fingerprint matches the cross-reference, but the earlier one is still
// queued in the group: deciding the later one unchanged before the group
// is sent would let the earlier one win.
func TestUnchangedSourceWaitsForQueuedVersion(t *testing.T) {
	target := &keptUpdates{batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}}}
	plan := compileUpsert(t, target, func(s string) string {
		return strings.Replace(s, `on_exists = "update"`, `on_exists = "update"`+"\n    source_key = \"source.sku\"", 1)
	})
	st := openState(t)
	runLines(t, plan, st, `{"sku":"SKU-1","name":"Original","price":1.50}`+"\n")
	runLines(t, plan, st, `{"sku":"SKU-1","name":"Interim","price":1.50}`+"\n"+`{"sku":"SKU-1","name":"Original","price":1.50}`+"\n")
	id := target.byKey["SKU-1"]
	if got := gjson.GetBytes(target.records[id], "properties.name").String(); got != "Original" {
		t.Fatalf("the target holds %q after a run whose last version of SKU-1 was \"Original\": %s", got, target.records[id])
	}
}
