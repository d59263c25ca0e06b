package exactonline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// An update changes the fields sent and keeps the others; a data error is
// the record's, and entities Exact cannot update through a PUT say so.
func TestUpdate(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("item", nil)
	ctx := context.Background()
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"Code":"UPD-1","Description":"Before","Barcode":"8712345000123","Notes":"Long text"}`)}); err != nil {
		t.Fatal(err)
	}
	id := w.Last().ID
	var up connectors.Updater = w
	if err := up.Update(ctx, id, connectors.Record{Raw: []byte(`{"Description":"After","StandardSalesPrice":12.5}`)}); err != nil {
		t.Fatal(err)
	}
	if n := f.count("PUT", "logistics/Items"); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
	r := f.writer("item", nil)
	got, err := r.Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/item", Field: "Code", Value: "UPD-1"})
	if err != nil || len(got) != 1 {
		t.Fatalf("lookup: %v %v", got, err)
	}
	m := decode(t, got[0].Raw)
	if m["Description"] != "After" || m["Notes"] != "Long text" || m["Barcode"] != "8712345000123" {
		t.Errorf("after the update the item is %v", m)
	}

	err = up.Update(ctx, id, connectors.Record{Raw: []byte(`{"SalesVatCode":"NOPE"}`)})
	var re *connectors.RecordError
	if !errors.As(err, &re) {
		t.Errorf("an unknown VAT code: %v, want a record error", err)
	}
	if err := up.Update(ctx, "not-a-guid", connectors.Record{Raw: []byte(`{}`)}); err == nil || !strings.Contains(err.Error(), "GUID") {
		t.Errorf("a bad id: %v", err)
	}
	var so connectors.Updater = f.writer("sales_order", nil)
	if err := so.Update(ctx, id, connectors.Record{Raw: []byte(`{}`)}); err == nil || !strings.Contains(err.Error(), "lines") {
		t.Errorf("updating an order: %v", err)
	}
}
