package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/engine"
)

// batchTarget is a target system that takes up to 100 records per call
// and looks many keys up at once, counting its calls.
type batchTarget struct {
	byKey   map[string]string // hs_sku → id
	records map[string][]byte
	calls   map[string]int
	refuse  string // a key the system refuses, like a 207 partial failure
}

func (b *batchTarget) Write(context.Context, connectors.Record) error {
	return errors.New("batch target: single writes are not expected")
}
func (b *batchTarget) Close() error  { return nil }
func (b *batchTarget) MaxBatch() int { return 100 }
func (b *batchTarget) Lookup(context.Context, connectors.LookupQuery) ([]connectors.Record, error) {
	return nil, errors.New("batch target: single lookups are not expected")
}

func (b *batchTarget) LookupMany(_ context.Context, _, field string, values []string) (map[string][]connectors.Record, error) {
	b.calls["lookup"]++
	out := map[string][]connectors.Record{}
	for _, v := range values {
		if id, ok := b.byKey[v]; ok {
			out[v] = []connectors.Record{{Raw: b.records[id]}}
		}
	}
	return out, nil
}

func (b *batchTarget) CreateBatch(_ context.Context, recs []connectors.Record) ([]connectors.BatchResult, error) {
	b.calls["create"]++
	res := make([]connectors.BatchResult, len(recs))
	for i, r := range recs {
		key := gjson.GetBytes(r.Raw, "properties.hs_sku").String()
		if key == b.refuse {
			res[i].Err = &connectors.RecordError{Field: "properties.price", Err: errors.New("Property values were not valid")}
			continue
		}
		id := fmt.Sprint(len(b.byKey) + 1)
		b.byKey[key] = id
		b.records[id] = []byte(`{"id":"` + id + `","properties":{"hs_sku":"` + key + `"}}`)
		res[i].ID = id
	}
	return res, nil
}

func (b *batchTarget) UpdateBatch(_ context.Context, ids []string, recs []connectors.Record) ([]connectors.BatchResult, error) {
	b.calls["update"]++
	return make([]connectors.BatchResult, len(recs)), nil
}

const batchPipeline = `
pipeline "products" {
  source "mem" {}
  target "batch" {
    schema    = "hubspot/product"
    key_field = "properties.hs_sku"
    on_exists = "update"
  }
  map {
    properties = {
      hs_sku = "source.sku"
      name   = "source.name"
      price  = "source.price"
    }
  }
}
`

// TestBatchTarget: 250 products go out in 3 create calls after 3 lookup
// calls; a record the system refuses in a batch is set aside alone; a
// second run writes nothing new; changed records go out in update calls of 100.
func TestBatchTarget(t *testing.T) {
	target := &batchTarget{byKey: map[string]string{}, records: map[string][]byte{}, calls: map[string]int{}, refuse: "SKU-7"}
	reg := testRegistry()
	reg.MustRegister(connectors.Spec{Name: "batch", NewConfig: func() any { return &struct{}{} },
		NewWriter: func(context.Context, any, connectors.Options) (connectors.Writer, error) { return target, nil }})
	plan := compileWith(t, reg, batchPipeline)
	st := openState(t)
	var input strings.Builder
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&input, `{"sku":"SKU-%d","name":"Product %d","price":%d.50}`+"\n", i, i, i)
	}
	run := func(in string) engine.Stats {
		stats, err := plan.Run(context.Background(), engine.RunOptions{Reader: newLines([]byte(in)), State: st})
		var tooMany *engine.TooManyRejectsError
		if err != nil && !errors.As(err, &tooMany) {
			t.Fatal(err)
		}
		return stats
	}
	s1 := run(input.String())
	if target.calls["create"] != 3 || target.calls["lookup"] != 3 || s1.Written != 249 || s1.Rejected != 1 {
		t.Fatalf("first run: %v %+v", target.calls, s1)
	}
	// The refused record is tried again (and refused again); the others are
	// unchanged and cost nothing.
	s2 := run(input.String())
	if target.calls["create"] != 4 || target.calls["update"] != 0 || s2.Written != 0 || s2.Unchanged != 249 {
		t.Fatalf("second run wrote: %v %+v", target.calls, s2)
	}
	changed := strings.ReplaceAll(input.String(), `"name":"Product 1`, `"name":"Renamed 1`)
	s3 := run(changed) // Product 1, 10-19 and 100-199: 111 records, two calls
	if target.calls["update"] != 2 || s3.Updated != 111 || s3.Unchanged != 138 {
		t.Fatalf("third run: %v %+v", target.calls, s3)
	}
}
