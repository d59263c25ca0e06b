package eaccounting

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
)

// Each writable entity, with a minimal record.
var writable = map[string]string{
	"customer": `{"Name":"Nieuwe Klant BV","EmailAddress":"inkoop@nieuwe.example","InvoicePostalCode":"1011 AB","InvoiceCity":"Amsterdam",` +
		`"TermsOfPaymentId":"` + seedTerms30 + `","IsPrivatePerson":false,"IsActive":true}`,
	"article":                string(article("NEW-01", "Nieuw artikel")),
	"order":                  string(order("WS-1", seedCustomer1, seedFlour, seedRye)),
	"customer_invoice_draft": `{"CustomerId":"` + seedCustomer1 + `","YourReference":"D-1","EuThirdParty":false,"RotReducedInvoicingType":0,"Rows":[{"ArticleId":"` + seedFlour + `","Quantity":2,"IsTextRow":false,"ReversedConstructionServicesVatFree":false}]}`,
	"customer_invoice":       `{"CustomerId":"` + seedCustomer1 + `","YourReference":"I-1","InvoiceDate":"2026-03-02","EuThirdParty":false,"RotReducedInvoicingType":0,"Rows":[{"ArticleId":"` + seedFlour + `","Quantity":1}]}`,
	"voucher":                `{"VoucherDate":"2026-03-02","VoucherText":"Kas","Rows":[{"AccountNumber":1100,"DebitAmount":10},{"AccountNumber":8000,"CreditAmount":10}]}`,
}

func TestWriteEveryEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for name, raw := range writable {
		t.Run(name, func(t *testing.T) {
			w := f.writer(name, nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
				t.Fatal(err)
			}
			res := w.Last()
			m := decode(t, res.Raw)
			if res.ID == "" || m["Id"] != res.ID || res.Confirmed {
				t.Errorf("Last() = %s, want the stored record with its Id", res.Raw)
			}
			if entityByName[name].Rows {
				if rows, _ := m["Rows"].([]any); len(rows) == 0 {
					t.Errorf("stored %s has no Rows", name)
				}
			}
			got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "eaccounting/" + name, Field: "Id", Value: res.ID})
			if err != nil || len(got) != 1 {
				t.Errorf("lookup by Id = %v, %v", got, err)
			}
		})
	}
	for _, name := range []string{"vat_code", "unit", "terms_of_payment", "fiscal_year"} {
		_, err := openWriter(context.Background(), f.config(nil), f.options(name, ""), f.deps)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: %v, want read-only", name, err)
		}
	}
}

// An update keeps what the record leaves out (Visma's PUT would clear
// it), costs one GET for a record the run has not seen and none for one
// it has.
func TestUpdateKeepsUnmappedFields(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	w := f.writer("article", nil)
	f.emu.ResetCounts()
	if err := w.Update(ctx, seedFlour, connectors.Record{Raw: []byte(`{"NetPrice":9.25,"StockBalance":80}`)}); err != nil {
		t.Fatal(err)
	}
	m := decode(t, w.Last().Raw)
	if m["NetPrice"].(interface{ String() string }).String() != "9.25" || m["NameEnglish"] != "Wholemeal flour 5 kg" || m["Number"] != "SKU-1001" {
		t.Errorf("updated article = %s", w.Last().Raw)
	}
	if m["StockBalance"].(interface{ String() string }).String() != "80" {
		t.Errorf("stock %v, want 80", m["StockBalance"])
	}
	if g, p := f.count("GET", "articles/{articleId}"), f.count("PUT", "articles/{articleId}"); g != 1 || p != 1 {
		t.Errorf("%d GETs and %d PUTs, want 1 and 1", g, p)
	}
	// Found by Number first (as the engine does): the update needs no GET.
	got, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "eaccounting/article", Field: "Number", Value: "SKU-1002"})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	f.emu.ResetCounts()
	if err := w.Update(ctx, got[0].Key, connectors.Record{Raw: []byte(`{"Name":"Roggebloem 1 kg (bio)"}`)}); err != nil {
		t.Fatal(err)
	}
	if n := f.apiCalls(); n != 1 {
		t.Errorf("%d calls, want the PUT alone", n)
	}
	// An update of a record that is gone rejects that record.
	err = w.Update(ctx, "01000000-0000-4000-8000-0000000000ff", connectors.Record{Raw: []byte(`{"Name":"x"}`)})
	if _, ok := connectors.AsRecordError(err); !ok {
		t.Errorf("update of an unknown Id: %v, want a record error", err)
	}
	iw := f.writer("customer_invoice", nil)
	if err := iw.Update(ctx, seedFlour, connectors.Record{Raw: []byte(`{}`)}); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
		t.Errorf("invoice update: %v", err)
	}
}

func TestRejectedRecordAndTheRestGoOn(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("order", nil)
	ctx := context.Background()
	unknown := "01000000-0000-4000-8000-0000000000ff"
	recs := [][]byte{
		order("R-1", seedCustomer1, seedFlour),
		order("R-2", seedCustomer1, seedFlour, unknown),
		order("R-3", seedCustomer2, seedRye),
	}
	var rejected []*connectors.RecordError
	for _, raw := range recs {
		err := w.Write(ctx, connectors.Record{Raw: raw})
		if err == nil {
			continue
		}
		re, ok := connectors.AsRecordError(err)
		if !ok {
			t.Fatalf("Write failed with %v, want a record error so the run goes on", err)
		}
		rejected = append(rejected, re)
	}
	if len(rejected) != 1 {
		t.Fatalf("%d records rejected, want 1", len(rejected))
	}
	if re := rejected[0]; re.Field != "Rows.1.ArticleId" || !strings.Contains(re.Error(), "ErrorCode 3000") {
		t.Errorf("rejection = field %q: %v", re.Field, re)
	}
	if stored := readAll(t, f.reader("order", "", nil)); len(stored) != 4 {
		t.Errorf("%d orders stored, want the 2 seeded and 2 valid ones", len(stored))
	}
	// A missing required field names it too.
	cw := f.writer("customer", nil)
	err := cw.Write(ctx, connectors.Record{Raw: []byte(`{"Name":"Zonder plaats","TermsOfPaymentId":"` + seedTerms30 + `","IsPrivatePerson":false,"IsActive":true,"InvoicePostalCode":"1000 AA"}`)})
	if re, ok := connectors.AsRecordError(err); !ok || re.Field != "InvoiceCity" {
		t.Errorf("customer without InvoiceCity: %v", err)
	}
}

// An order whose POST was applied but answered 500 is found by
// YourReference and not sent again.
func TestCreatedBut500IsNotDuplicated(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v2/orders", Method: "POST"})
	w := f.writer("order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-500", seedCustomer1, seedFlour)}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	if !res.Confirmed || res.ID == "" || decode(t, res.Raw)["YourReference"] != "WS-500" {
		t.Fatalf("Last() = %+v, want the order confirmed by lookup", res)
	}
	if n := f.count("POST", "orders"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	r := f.reader("order", "", nil)
	got, err := r.(connectors.Lookuper).Lookup(context.Background(), connectors.LookupQuery{Entity: "eaccounting/order", Field: "YourReference", Value: "WS-500"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID {
		t.Fatalf("orders with YourReference WS-500: %d (%v), want exactly one", len(got), err)
	}
}

// A POST that failed before taking effect is checked and sent again: the
// article exists once.
func TestUnappliedFailuresAreRetried(t *testing.T) {
	for _, kind := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultTimeout} {
		t.Run(string(kind), func(t *testing.T) {
			f := newFixture(t, nil, emulator.Options{})
			f.deps.timeout = 300 * time.Millisecond
			f.emu.InjectFault(emulator.Fault{Kind: kind, PathPrefix: "/v2/articles", Method: "POST"})
			w := f.writer("article", nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: article("RT-1", "Retry")}); err != nil {
				t.Fatal(err)
			}
			if w.Last().Confirmed {
				t.Error("Last().Confirmed after a create that had not happened")
			}
			if n := f.count("POST", "articles"); n != 2 {
				t.Errorf("%d POSTs, want 2", n)
			}
		})
	}
}

// Without a unique value to check, an unknown outcome stops the run.
func TestUnknownOutcomeWithoutKeyStops(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v2/vouchers", Method: "POST"})
	w := f.writer("voucher", nil)
	err := w.Write(context.Background(), connectors.Record{Raw: []byte(writable["voucher"])})
	if _, isRec := connectors.AsRecordError(err); err == nil || isRec || !strings.Contains(err.Error(), "has no unique field") {
		t.Fatalf("error %v, want one that stops the run", err)
	}
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v2/orders", Method: "POST"})
	ow := f.writer("order", nil)
	err = ow.Write(context.Background(), connectors.Record{Raw: order("", seedCustomer1, seedFlour)})
	if err == nil || !strings.Contains(err.Error(), "the record has no YourReference") {
		t.Fatalf("error %v, want one naming the missing YourReference", err)
	}
	if n := f.count("POST", "orders"); n != 1 {
		t.Errorf("%d order POSTs, want 1", n)
	}
}
