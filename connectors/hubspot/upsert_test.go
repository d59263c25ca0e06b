package hubspot

import (
	"context"
	"fmt"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

func skuProduct(sku, name, extra string) connectors.Record {
	return connectors.Record{Raw: []byte(fmt.Sprintf(`{"properties":{"name":%q,"hs_sku":%q,"external_sku":%q%s}}`, name, sku, sku, extra))}
}

// UpsertBatch creates and updates in one call by the unique external_sku;
// a record HubSpot refuses fails alone (207), keys equal but for case go
// in separate calls, and HubSpot is only asked to upsert by unique
// properties.
func TestUpsertBatch(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("product", nil)
	ctx := context.Background()
	for field, want := range map[string]bool{"properties.external_sku": true, "external_sku": true,
		"properties.hs_sku": false, "id": false, "properties.nope": false} {
		if got, err := w.UpsertKey(ctx, field); err != nil || got != want {
			t.Errorf("UpsertKey(%s) = %v, %v; want %v", field, got, err, want)
		}
	}
	recs := []connectors.Record{
		skuProduct("WIDGET-001", "Widget, blue", `,"price":13`), // in the seed: updated
		skuProduct("NEW-1", "New one", `,"no_such_property":"x"`),
		skuProduct("NEW-2", "New two", `,"price":2.5`),
		skuProduct("new-2", "Same key, other case", ""),
		{Raw: []byte(`{"properties":{"name":"No key"}}`)},
	}
	res, err := w.UpsertBatch(ctx, "properties.external_sku", recs)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err != nil || res[0].ID != "301" || res[0].Created {
		t.Errorf("WIDGET-001: %+v, want updated 301", res[0])
	}
	if re, ok := connectors.AsRecordError(res[1].Err); !ok || re.Field != "properties.no_such_property" {
		t.Errorf("NEW-1: %v, want the unknown property named", res[1].Err)
	}
	if res[2].Err != nil || !res[2].Created || res[2].ID == "" {
		t.Errorf("NEW-2: %+v, want created", res[2])
	}
	if res[3].Err != nil || res[3].Created || res[3].ID != res[2].ID {
		t.Errorf("new-2: %+v, want the update of %s", res[3], res[2].ID)
	}
	if re, ok := connectors.AsRecordError(res[4].Err); !ok || re.Field != "properties.external_sku" {
		t.Errorf("no key: %v", res[4].Err)
	}
	if n := f.count("POST", "/crm/v3/objects/products/batch/upsert"); n != 2 {
		t.Errorf("%d upsert calls, want 2 (new-2 after NEW-2)", n)
	}
	if _, err := w.UpsertBatch(ctx, "properties.hs_sku", recs[:1]); err == nil {
		t.Error("an upsert by hs_sku was sent")
	}
	// Found afterwards by the key without a call: the writer remembers.
	before := f.calls()
	got, err := w.LookupMany(ctx, "hubspot/product", "external_sku", []string{"NEW-2"})
	if err != nil || len(got["NEW-2"]) != 1 || f.calls() != before {
		t.Errorf("lookup after upsert: %v %v, %d calls", got, err, f.calls()-before)
	}
}

// An upsert whose answer is lost (applied, then 500) is sent again: the
// second time it matches what the first made, so nothing is duplicated.
func TestUpsertAppliedBut500(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/crm/v3/objects/products/batch/upsert", Count: 1})
	w := f.writer("product", nil)
	res, err := w.UpsertBatch(context.Background(), "properties.external_sku", []connectors.Record{skuProduct("RETRY-1", "Retried", "")})
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	if n := f.count("POST", "/crm/v3/objects/products/batch/upsert"); n != 2 {
		t.Errorf("%d upsert calls, want 2", n)
	}
	got, _ := f.writer("product", nil).LookupMany(context.Background(), "hubspot/product", "hs_sku", []string{"RETRY-1"})
	if len(got["RETRY-1"]) != 1 {
		t.Errorf("%d products with the key, want 1", len(got["RETRY-1"]))
	}
}
