package asperion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
)

func TestWriteOrderWithLines(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{Strict: true})
	w := f.writer("sales_order", nil)
	// A record read back, with Asperion's own members, writes again: they
	// are left out (a strict server would refuse them).
	raw := []byte(`{"id":99,"number":7,"status":"Open","totalInclVat":1,"debtorId":1,"reference":"WS-1001",
		"lines":[{"lineNumber":1,"articleId":1,"quantity":2,"vatAmount":3},{"articleId":2,"quantity":1}]}`)
	if err := w.Write(context.Background(), connectors.Record{Raw: raw}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	m := decode(t, res.Raw)
	lines, _ := m["lines"].([]any)
	if res.ID == "" || res.ID == "99" || m["id"].(interface{ String() string }).String() != res.ID || res.Confirmed || len(lines) != 2 || m["reference"] != "WS-1001" {
		t.Fatalf("Last() = %+v, want the stored order with its two lines", res)
	}
	if m["totalExclVat"] == nil || m["status"] != "Open" {
		t.Errorf("stored order has no totals or status: %v", m)
	}
	if n := f.count("POST", "/v1/SalesOrderWithLines"); n != 1 {
		t.Errorf("%d POSTs, want 1 (lines travel in the order's POST)", n)
	}
	// The order moved stock: 40 - 4 (seeded order) - 2.
	arts, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "asperion/article", Field: "code", Value: "ROOS-ROOD-10"})
	if err != nil || len(arts) != 1 || decode(t, arts[0].Raw)["currentStock"].(interface{ String() string }).String() != "34" {
		t.Fatalf("article after the order: %v, %v", arts, err)
	}
	before := f.apiCalls()
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "asperion/sales_order", Field: "reference", Value: "WS-1001"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID {
		t.Fatalf("lookup after write = %v, %v", got, err)
	}
	if f.apiCalls() != before {
		t.Error("looking up the order just created made a call")
	}
}

// Each writable entity, with a minimal record.
var writable = map[string]string{
	"debtor":         `{"type":"Company","name":"Nieuwe Klant BV","email":"inkoop@nieuwe.example"}`,
	"article":        `{"code":"NIEUW-01","description":"Nieuw artikel","salesTypeId":1,"currentStock":500}`,
	"sales_order":    string(order("WS-2001", debtorGroen, articleRoos)),
	"sales_invoice":  `{"debtorId":1,"reference":"INV-1","lines":[{"articleId":1,"quantity":1}]}`,
	"stock_mutation": `{"articleId":1,"quantity":5,"reference":"COUNT-2026-03"}`,
	"journal_entry":  `{"journalCode":"MEM","entryDate":"2026-03-01","description":"Memo","lines":[{"ledgerAccountNumber":"4800","debit":10},{"ledgerAccountNumber":"0210","credit":10}]}`,
}

func TestWriteEveryEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{Strict: true})
	for name, raw := range writable {
		t.Run(name, func(t *testing.T) {
			w := f.writer(name, nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
				t.Fatal(err)
			}
			m := decode(t, w.Last().Raw)
			if w.Last().ID == "" || m["id"] == nil || m["modifiedAt"] == nil {
				t.Errorf("Last() = %s, want the stored record", w.Last().Raw)
			}
		})
	}
	for _, name := range []string{"vat_code", "payment_condition", "sales_type", "administration"} {
		_, err := openWriter(context.Background(), f.config(nil), f.options(name, ""), f.deps)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: error %v, want read-only", name, err)
		}
	}
}

// An update keeps what the record does not say (PUT replaces the whole
// debtor in Asperion), and an order cannot be updated.
func TestUpdate(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{Strict: true})
	w := f.writer("debtor", nil)
	ctx := context.Background()
	if err := w.Update(ctx, "1", connectors.Record{Raw: []byte(`{"type":"Company","phone":"+31 30 999 9999"}`)}); err != nil {
		t.Fatal(err)
	}
	m := decode(t, w.Last().Raw)
	addr, _ := m["address"].(map[string]any)
	if m["phone"] != "+31 30 999 9999" || m["email"] != "facturen@groenrijk.example" || addr["city"] != "Utrecht" || m["name"] != "Hoveniersbedrijf Groenrijk B.V." {
		t.Errorf("updated debtor = %v, want the new phone and everything else kept", m)
	}
	if n := f.count("PUT", "/v1/debtors/{id}"); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
	err := w.Update(ctx, "404", connectors.Record{Raw: []byte(`{"type":"Person"}`)})
	if _, ok := connectors.AsRecordError(err); !ok {
		t.Errorf("update of a missing debtor: %v, want a record error", err)
	}
	ow := f.writer("sales_order", nil)
	err = ow.Update(ctx, "1", connectors.Record{Raw: order("X", 1, 1)})
	if re, ok := connectors.AsRecordError(err); !ok || !strings.Contains(re.Error(), "cannot be changed") {
		t.Errorf("order update: %v", err)
	}
}

func TestRejectedRecordAndTheRestGoOn(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	recs := [][]byte{
		order("WS-1", debtorGroen, articleRoos),
		[]byte(`{"debtorId":1,"reference":"WS-2","lines":[{"articleId":1,"quantity":1},{"articleId":1,"quantity":0}]}`),
		order("WS-3", debtorGroen, articlePot),
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
	if re := rejected[0]; re.Field != "lines.1.quantity" || !strings.Contains(re.Error(), "Asperion refused the sales_order (HTTP 400)") {
		t.Errorf("rejection = field %q: %v", re.Field, re)
	}
	if stored := readAll(t, f.reader("sales_order", "", nil)); len(stored) != 3 {
		t.Errorf("%d orders stored, want the seeded one and the 2 valid ones", len(stored))
	}
	// Accept-Language picks the language of Asperion's messages.
	bad := connectors.Record{Raw: []byte(`{"type":"Company"}`)}
	msgs := map[string]string{}
	for _, lang := range []string{"en-US", "nl-NL"} {
		err := f.writer("debtor", func(c *Config) { c.Language = lang }).Write(ctx, bad)
		re, ok := connectors.AsRecordError(err)
		if !ok || re.Field != "name" {
			t.Fatalf("%s: debtor without a name: %v", lang, err)
		}
		msgs[lang] = re.Error()
	}
	if msgs["en-US"] == msgs["nl-NL"] {
		t.Errorf("the same message in English and Dutch: %s", msgs["en-US"])
	}
}

// An order whose POST was applied but answered 500 is found by reference
// and not sent again.
func TestCreatedBut500IsNotDuplicated(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v1/SalesOrderWithLines", Method: "POST"})
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-500", debtorGroen, articleRoos)}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	if !res.Confirmed || res.ID == "" || decode(t, res.Raw)["reference"] != "WS-500" {
		t.Fatalf("Last() = %+v, want the order confirmed by lookup", res)
	}
	if n := f.count("POST", "/v1/SalesOrderWithLines"); n != 1 {
		t.Errorf("%d POSTs, want exactly 1", n)
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "asperion/sales_order", Field: "reference", Value: "WS-500"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID {
		t.Fatalf("orders with reference WS-500: %v (%v), want exactly one", got, err)
	}
}

// A POST that failed before taking effect is checked, then sent again.
func TestUnappliedFailuresAreRetried(t *testing.T) {
	for _, kind := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultTimeout} {
		t.Run(string(kind), func(t *testing.T) {
			f := newFixture(t, nil, emulator.Options{})
			f.deps.timeout = 300 * time.Millisecond
			f.emu.InjectFault(emulator.Fault{Kind: kind, PathPrefix: "/v1/debtors", Method: "POST"})
			w := f.writer("debtor", nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: []byte(`{"type":"Company","name":"Nieuw","number":20001}`)}); err != nil {
				t.Fatal(err)
			}
			if w.Last().Confirmed {
				t.Error("Last().Confirmed after a create that had not happened")
			}
			if n := f.count("POST", "/v1/debtors"); n != 2 {
				t.Errorf("%d POSTs, want 2", n)
			}
			if got := readAll(t, f.reader("debtor", "", nil)); len(got) != 4 {
				t.Errorf("%d debtors, want 4", len(got))
			}
		})
	}
}

// Without a unique key to check, an unknown outcome stops the run: a
// journal entry without a reference.
func TestUnknownOutcomeWithoutKeyStops(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v1/journalentries", Method: "POST"})
	w := f.writer("journal_entry", nil)
	err := w.Write(context.Background(), connectors.Record{Raw: []byte(writable["journal_entry"])})
	if _, isRec := connectors.AsRecordError(err); err == nil || isRec || !strings.Contains(err.Error(), "the record has no reference") {
		t.Fatalf("error %v, want one that stops the run", err)
	}
	if n := f.count("POST", "/v1/journalentries"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	// A debtor without a number cannot be checked either.
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/v1/debtors", Method: "POST"})
	dw := f.writer("debtor", nil)
	err = dw.Write(context.Background(), connectors.Record{Raw: []byte(writable["debtor"])})
	if err == nil || !strings.Contains(err.Error(), "the record has no number") {
		t.Fatalf("error %v, want one naming the missing number", err)
	}
}
