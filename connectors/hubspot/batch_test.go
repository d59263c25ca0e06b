package hubspot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

// 1,000 products are created in at most 11 calls (the property
// definitions and ten batches) and updated in at most 11 by a new run.
func TestThousandProductsInBatches(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	recs := make([]connectors.Record, 1000)
	for i := range recs {
		recs[i] = product(fmt.Sprintf("BULK-%04d", i), fmt.Sprintf("Bulk product %d", i), fmt.Sprintf("%d.50", i))
	}
	w := f.writer("product", nil)
	before := f.calls()
	var ids []string
	for start := 0; start < len(recs); start += w.MaxBatch() {
		res, err := w.CreateBatch(ctx, recs[start:start+w.MaxBatch()])
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Err != nil || r.ID == "" {
				t.Fatalf("record %d: %+v", start+i, r)
			}
			if got := props(t, r.Raw)["hs_sku"]; got != fmt.Sprintf("BULK-%04d", start+i) {
				t.Fatalf("result %d is %v: results are not in input order", start+i, got)
			}
			ids = append(ids, r.ID)
		}
	}
	if n := f.calls() - before; n > 11 {
		t.Errorf("creating 1000 products took %d calls, want ≤ 11", n)
	}
	if n := f.count("POST", "/crm/v3/objects/products/batch/create"); n != 10 {
		t.Errorf("%d batch creates, want 10", n)
	}

	w2 := f.writer("product", nil) // a new run: definitions are read again
	before = f.calls()
	for i := range recs {
		recs[i] = product(fmt.Sprintf("BULK-%04d", i), fmt.Sprintf("Bulk product %d v2", i), "99")
	}
	for start := 0; start < len(recs); start += w2.MaxBatch() {
		res, err := w2.UpdateBatch(ctx, ids[start:start+100], recs[start:start+100])
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Err != nil || r.ID != ids[start+i] {
				t.Fatalf("update %d: %+v", start+i, r)
			}
		}
	}
	if n := f.calls() - before; n > 11 {
		t.Errorf("updating 1000 products took %d calls, want ≤ 11", n)
	}
	got, err := w2.Lookup(ctx, connectors.LookupQuery{Entity: "hubspot/product", Field: "properties.hs_sku", Value: "BULK-0999"})
	if err != nil || len(got) != 1 {
		t.Fatalf("lookup: %v %v", got, err)
	}
	p := props(t, got[0].Raw)
	if p["name"] != "Bulk product 999 v2" || fmt.Sprint(p["price"]) != "99" {
		t.Errorf("stored product = %v", p)
	}
}

// A 207 fails exactly the refused inputs; the rest are created.
func TestBatchPartialFailure(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("contact", nil)
	recs := []connectors.Record{
		{Raw: []byte(`{"properties":{"email":"new1@example.com","firstname":"One"}}`)},
		{Raw: []byte(`{"properties":{"email":"anna@bakkerijdevries.example","firstname":"Dup"}}`)}, // exists: 409
		{Raw: []byte(`{"properties":{"email":"new2@example.com","no_such_property":"x"}}`)},
		{Raw: []byte(`{"properties":{"email":"new3@example.com","firstname":"Three"}}`)},
		{Raw: []byte(`{"properties":{"email":"new4@example.com","firstname":{"x":1}}}`)}, // never sent
	}
	res, err := w.CreateBatch(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 3} {
		if res[i].Err != nil || res[i].ID == "" {
			t.Errorf("record %d: %+v, want created", i, res[i])
		}
	}
	for _, i := range []int{1, 2, 4} {
		if _, ok := connectors.AsRecordError(res[i].Err); !ok {
			t.Errorf("record %d: error %v, want a record error", i, res[i].Err)
		}
	}
	if re, _ := connectors.AsRecordError(res[2].Err); re == nil || re.Field != "properties.no_such_property" {
		t.Errorf("record 2: %v, want the unknown property named", res[2].Err)
	}
	if re, _ := connectors.AsRecordError(res[4].Err); re == nil || re.Field != "properties.firstname" {
		t.Errorf("record 4: %v, want properties.firstname", res[4].Err)
	}
	if n := f.count("POST", "/crm/v3/objects/contacts/batch/create"); n != 1 {
		t.Errorf("%d batch calls, want 1", n)
	}
	got, _ := w.LookupMany(context.Background(), "hubspot/contact", "email", []string{"new1@example.com", "new2@example.com", "new3@example.com"})
	if len(got) != 2 || got["new2@example.com"] != nil {
		t.Errorf("stored contacts: %v", got)
	}
}

// A batch create applied but answered 500 is confirmed by natural key
// and not sent again.
func TestBatchCreatedBut500(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/crm/v3/objects/products/batch/create", Method: "POST"})
	w := f.writer("product", nil)
	res, err := w.CreateBatch(context.Background(), []connectors.Record{product("C500-1", "One", "1"), product("C500-2", "Two", "2")})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil || !r.Confirmed || r.ID == "" {
			t.Errorf("record %d: %+v, want confirmed", i, r)
		}
	}
	if n := f.count("POST", "/crm/v3/objects/products/batch/create"); n != 1 {
		t.Errorf("%d batch creates, want 1", n)
	}
	all := readAll(t, f.reader("product", "", nil))
	n := 0
	for _, r := range all {
		if strings.HasPrefix(fmt.Sprint(props(t, r.Raw)["hs_sku"]), "C500-") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d products stored, want 2", n)
	}
}

// A deal created with line items associated, and associations added on
// update through the v4 API.
func TestDealWithLineItems(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	lw := f.writer("line_item", nil)
	res, err := lw.CreateBatch(ctx, []connectors.Record{
		{Raw: []byte(`{"properties":{"hs_product_id":301,"quantity":2}}`)},
		{Raw: []byte(`{"properties":{"name":"Custom work","price":"80.00","quantity":1}}`)},
	})
	if err != nil || res[0].Err != nil || res[1].Err != nil {
		t.Fatalf("line items: %+v %v", res, err)
	}
	dw := f.writer("deal", nil)
	deal := fmt.Sprintf(`{"properties":{"dealname":"Order WEB-2001","external_order_number":"WEB-2001","dealstage":"appointmentscheduled","amount":105.0},"associations":{"line_items":[%q],"contacts":["201"]}}`, res[0].ID)
	if err := dw.Write(ctx, connectors.Record{Raw: []byte(deal)}); err != nil {
		t.Fatal(err)
	}
	dealID := dw.Last().ID
	upd := fmt.Sprintf(`{"properties":{"amount":185},"associations":{"line_items":[%q]}}`, res[1].ID)
	if err := dw.Update(ctx, dealID, connectors.Record{Raw: []byte(upd)}); err != nil {
		t.Fatal(err)
	}
	r := f.reader("deal", "", func(c *Config) { c.Associations = []string{"line_items", "contacts"} })
	var got map[string]any
	for _, rec := range readAll(t, r) {
		if rec.Key == dealID {
			got = decode(t, rec.Raw)
		}
	}
	assoc, _ := got["associations"].(map[string]any)
	items, _ := assoc["line_items"].([]any)
	contacts, _ := assoc["contacts"].([]any)
	if len(items) != 2 || len(contacts) != 1 || fmt.Sprint(got["properties"].(map[string]any)["amount"]) != "185" {
		t.Fatalf("deal = %v", got)
	}
	// An association with an object that does not exist rejects the record.
	err = dw.Update(ctx, dealID, connectors.Record{Raw: []byte(`{"properties":{},"associations":{"line_items":["999999"]}}`)})
	if re, ok := connectors.AsRecordError(err); !ok || re.Field != "associations.line_items" {
		t.Errorf("bad association: %v", err)
	}
}
