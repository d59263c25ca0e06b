package exactonline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

func TestWriteOrderWithLines(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-1001", seedAccount2, seedWidget, seedGadget)}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	m := decode(t, res.Raw)
	lines, _ := m["SalesOrderLines"].([]any)
	if res.ID == "" || m["OrderID"] != res.ID || res.Confirmed || len(lines) != 2 || m["YourRef"] != "WS-1001" {
		t.Fatalf("Last() = %+v, want the stored order with its two lines", res)
	}
	if line := lines[1].(map[string]any); line["OrderID"] != res.ID || line["Item"] != seedGadget {
		t.Errorf("second line = %v", line)
	}
	if n := f.count("POST", "salesorder/SalesOrders"); n != 1 {
		t.Errorf("%d POSTs, want 1 (lines travel in the header's POST)", n)
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "exactonline/sales_order", Field: "YourRef", Value: "WS-1001"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID {
		t.Fatalf("lookup after write = %v, %v", got, err)
	}
}

// Each writable entity the emulator serves, with a minimal record.
var writable = map[string]string{
	"account":               `{"Name":"Nieuwe Klant BV","Code":"900","Email":"inkoop@nieuwe.example"}`,
	"address":               `{"Account":"` + seedAccount1 + `","AddressLine1":"Kerkstraat 2","City":"Utrecht","Type":4}`,
	"contact":               `{"Account":"` + seedAccount1 + `","FirstName":"Jan","LastName":"Smit","Email":"jan@example.com"}`,
	"general_journal_entry": `{"JournalCode":"90","GeneralJournalEntryLines":[{"GLAccount":"` + seedGLRevenue + `","AmountFC":10},{"GLAccount":"0b000000-0000-4000-8000-000000001300","AmountFC":-10}]}`,
	"gl_account":            `{"Code":"8200","Description":"Revenue other"}`,
	"item":                  `{"Code":"NEW-01","Description":"New item","Barcode":"8712345999999"}`,
	"item_warehouse":        `{"Item":"1a000000-0000-4000-8000-000000000004","Warehouse":"` + seedWarehouse + `"}`,
	"payment_condition":     `{"Code":"60","Description":"60 days net","PaymentDays":60}`,
	"sales_entry":           `{"Customer":"` + seedAccount1 + `","Journal":"70","SalesEntryLines":[{"GLAccount":"` + seedGLRevenue + `","AmountFC":100}]}`,
	"sales_invoice":         `{"OrderedBy":"` + seedAccount1 + `","Journal":"70","YourRef":"INV-1","SalesInvoiceLines":[{"Item":"` + seedWidget + `","Quantity":1}]}`,
	"sales_item_price":      `{"Item":"` + seedGadget + `","Price":22.5}`,
	"sales_order":           string(order("WS-2001", seedAccount1, seedWidget)),
	"stock_count":           `{"StockCountDate":"2026-03-01","Warehouse":"` + seedWarehouse + `","StockCountLines":[{"Item":"` + seedWidget + `","QuantityNew":90}]}`,
	"vat_code":              `{"Code":"9","Description":"VAT special"}`,
	"warehouse":             `{"Code":"2","Description":"Second warehouse"}`,
}

func TestWriteEveryEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for name, raw := range writable {
		t.Run(name, func(t *testing.T) {
			w := f.writer(name, nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
				t.Fatal(err)
			}
			e := entityByName[name]
			m := decode(t, w.Last().Raw)
			if w.Last().ID == "" || m[e.Key] != w.Last().ID {
				t.Errorf("Last() = %s, want the stored record with its %s", w.Last().Raw, e.Key)
			}
			if e.Lines != "" {
				if lines, _ := m[e.Lines].([]any); len(lines) == 0 {
					t.Errorf("stored %s has no %s", name, e.Lines)
				}
			}
		})
	}
	// Lines posted on their own join an existing header.
	ow := f.writer("sales_order", nil)
	if err := ow.Write(context.Background(), connectors.Record{Raw: order("WS-3001", seedAccount1, seedWidget)}); err != nil {
		t.Fatal(err)
	}
	lw := f.writer("sales_order_line", nil)
	if err := lw.Write(context.Background(), connectors.Record{Raw: []byte(`{"OrderID":"` + ow.Last().ID + `","Item":"` + seedGadget + `","Quantity":3}`)}); err != nil {
		t.Fatal(err)
	}
	got, err := lw.Lookup(context.Background(), connectors.LookupQuery{Entity: "exactonline/sales_order", Field: "OrderID", Value: ow.Last().ID})
	if err != nil || len(got) != 1 {
		t.Fatalf("lookup = %v, %v", got, err)
	}
	if lines, _ := decode(t, got[0].Raw)["SalesOrderLines"].([]any); len(lines) != 2 {
		t.Errorf("order has %d lines after adding one, want 2", len(lines))
	}
}

func TestWriteReadOnlyEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for _, name := range []string{"stock_position", "transaction_line", "warehouse_stock_position", "unit"} {
		_, err := openWriter(context.Background(), f.config(nil), f.options(name, ""), f.deps)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: error %v, want read-only", name, err)
		}
	}
}

func TestRejectedRecordAndTheRestGoOn(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	unknown := "1a000000-0000-4000-8000-0000000000ff"
	recs := [][]byte{
		order("WS-1", seedAccount1, seedWidget),
		order("WS-2", seedAccount1, seedWidget, unknown),
		order("WS-3", seedAccount2, seedGadget),
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
	if re := rejected[0]; re.Field != "SalesOrderLines.1.Item" || !strings.Contains(re.Error(), unknown) || !strings.Contains(re.Error(), "does not exist") {
		t.Errorf("rejection = field %q: %v", re.Field, re)
	}
	stored := readAll(t, f.reader("sales_order", "", nil))
	if len(stored) != 2 {
		t.Errorf("%d orders stored, want the 2 valid ones", len(stored))
	}
}

// An order whose POST was applied but answered 500 is found by YourRef and
// not sent again.
func TestCreatedBut500IsNotDuplicated(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/api/v1/{division}/salesorder/SalesOrders", Method: "POST"})
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-500", seedAccount1, seedWidget)}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	if !res.Confirmed || res.ID == "" || decode(t, res.Raw)["YourRef"] != "WS-500" {
		t.Fatalf("Last() = %+v, want the order confirmed by lookup", res)
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "exactonline/sales_order", Field: "YourRef", Value: "WS-500"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID {
		t.Fatalf("orders with YourRef WS-500: %v (%v), want exactly one", got, err)
	}
	if n := f.count("POST", "salesorder/SalesOrders"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
}

// A contact person whose create answer was lost is found by its account
// and e-mail address: one person to an address within an account.
func TestContactCreatedBut500IsNotDuplicated(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/api/v1/{division}/crm/Contacts", Method: "POST"})
	w := f.writer("contact", nil)
	raw := `{"Account":"` + seedAccount1 + `","FirstName":"Karin","LastName":"Koren","Email":"karin@korenaar.example"}`
	if err := w.Write(context.Background(), connectors.Record{Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	if res := w.Last(); !res.Confirmed || decode(t, res.Raw)["Email"] != "karin@korenaar.example" {
		t.Fatalf("Last() = %+v, want the contact confirmed by lookup", res)
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "exactonline/contact", Field: "Email", Value: "karin@korenaar.example"})
	if err != nil || len(got) != 1 || decode(t, got[0].Raw)["Account"] != seedAccount1 {
		t.Fatalf("contacts with that e-mail: %v (%v), want exactly one of the account", got, err)
	}
	if n := f.count("POST", "crm/Contacts"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
}

// A POST that failed before taking effect (500, or no answer at all) is
// checked by YourRef and then sent again: the order exists once.
func TestUnappliedFailuresAreRetried(t *testing.T) {
	for _, kind := range []emulator.FaultKind{emulator.FaultServerError, emulator.FaultTimeout} {
		t.Run(string(kind), func(t *testing.T) {
			f := newFixture(t, nil, emulator.Options{})
			f.deps.timeout = 300 * time.Millisecond
			f.emu.InjectFault(emulator.Fault{Kind: kind, PathPrefix: "/api/v1/{division}/salesorder/SalesOrders", Method: "POST"})
			w := f.writer("sales_order", nil)
			if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-7", seedAccount1, seedWidget)}); err != nil {
				t.Fatal(err)
			}
			if w.Last().Confirmed {
				t.Error("Last().Confirmed after a create that had not happened")
			}
			if n := f.count("POST", "salesorder/SalesOrders"); n != 2 {
				t.Errorf("%d POSTs, want 2", n)
			}
			if got := readAll(t, f.reader("sales_order", "", nil)); len(got) != 1 {
				t.Errorf("%d orders, want 1", len(got))
			}
		})
	}
}

// Without a unique key to check, an unknown outcome stops the run rather
// than risk a duplicate.
func TestUnknownOutcomeWithoutKeyStops(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/api/v1/{division}/crm/Addresses", Method: "POST"})
	w := f.writer("address", nil)
	err := w.Write(context.Background(), connectors.Record{Raw: []byte(writable["address"])})
	if _, isRec := connectors.AsRecordError(err); err == nil || isRec || !strings.Contains(err.Error(), "has no unique field") {
		t.Fatalf("error %v, want one that stops the run", err)
	}
	if n := f.count("POST", "crm/Addresses"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	// An order without YourRef cannot be checked either.
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCreatedButError, PathPrefix: "/api/v1/{division}/salesorder/SalesOrders", Method: "POST"})
	ow := f.writer("sales_order", nil)
	err = ow.Write(context.Background(), connectors.Record{Raw: order("", seedAccount1, seedWidget)})
	if err == nil || !strings.Contains(err.Error(), "the record has no YourRef") {
		t.Fatalf("error %v, want one naming the missing YourRef", err)
	}
}
