package accountview

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
)

func TestWriteOrderWithLines(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	if err := w.Write(context.Background(), connectors.Record{Raw: order("WS-1", "10001", "MEEL-25", "GIST-500")}); err != nil {
		t.Fatal(err)
	}
	res := w.Last()
	m := decode(t, res.Raw)
	lines, _ := m["SO_LINE"].([]any)
	if res.ID == "" || m["REC_ID"] != res.ID || len(lines) != 2 || m["COMMENT1"] != "WS-1" || res.Confirmed {
		t.Fatalf("Last() = %+v, want the stored order with two lines", res)
	}
	// 08:00Z is 09:00 in Amsterdam: written as local time, read back with the offset.
	if m["ORD_DATE"] != "2026-03-01T09:00:00+01:00" {
		t.Errorf("ORD_DATE = %v, want 2026-03-01T09:00:00+01:00", m["ORD_DATE"])
	}
	if l := lines[1].(map[string]any); l["ART_CODE"] != "GIST-500" || l["ART_DESC1"] != "Bakkersgist 500 g" {
		t.Errorf("second line = %v, want the article's description filled in", l)
	}
	if n := f.count("POST", "SO1"); n != 1 {
		t.Errorf("%d POSTs, want 1 (lines travel with the header)", n)
	}
	got, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "accountview/sales_order", Field: "COMMENT1", Value: "WS-1"})
	if err != nil || len(got) != 1 || got[0].Key != res.ID || f.count("GET", "SO1") != 0 {
		t.Fatalf("lookup after write = %v, %v (%d GETs; the created order is known without a call)", got, err, f.count("GET", "SO1"))
	}
	// The order lowered the article's available stock.
	arts, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "accountview/article", Field: "ART_CODE", Value: "GIST-500"})
	if err != nil || len(arts) != 1 || decode(t, arts[0].Raw)["QTY_AVAIL"].(interface{ String() string }).String() != "338" {
		t.Errorf("GIST-500 after the order = %v, %v; want QTY_AVAIL 338", arts, err)
	}
}

// Each writable entity with a minimal record.
var writable = map[string]string{
	"debtor":           `{"ACCT_NR":"1300","ACCT_NAME":"Nieuwe Klant BV","SRC_CODE":"NIEUW","MAIL_BUS":"inkoop@nieuw.example","DEL_ADDR":[{"DEL_NAME":"Magazijn","CITY":"Utrecht"}]}`,
	"delivery_address": `{"SUB_NR":"10004","DEL_NAME":"Entrepôt","CITY":"Liège"}`,
	"article":          `{"ART_CODE":"NIEUW-1","ART_DESC1":"Nieuw artikel","PX_SELL":12.5,"VAT_CODE":"2"}`,
	"article_group":    `{"AG_CODE":"KEUKEN","AG_DESC":"Keukengerei"}`,
	"sales_order":      string(order("WS-2", "10002", "BAND-28")),
	"journal_entry":    `{"DJ_CODE":"MEM","HDR_DESC":"Correctie","TRN_DATE":"2026-03-01","DJ_LINE":[{"ACCT_NR":"4500","AMOUNT":10,"TRN_DATE":"2026-03-01"},{"ACCT_NR":"4000","AMOUNT":-10,"TRN_DATE":"2026-03-01"}]}`,
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
			if w.Last().ID == "" || scalarField(w.Last().Raw, e.Key) != w.Last().ID {
				t.Errorf("Last() = %s, want the stored record with its %s", w.Last().Raw, e.Key)
			}
			if e.Detail != "" && strings.Contains(raw, e.Detail) {
				if rows, _ := m[e.Detail].([]any); len(rows) == 0 {
					t.Errorf("stored %s has no %s", name, e.Detail)
				}
			}
		})
	}
	for _, name := range []string{"vat_code", "ledger_account"} {
		if _, err := openWriter(context.Background(), f.config(nil), f.options(name, ""), f.deps); err == nil {
			t.Errorf("%s opened as a target; AccountView takes no writes of it", name)
		}
	}
}

func TestUpdate(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("article", nil)
	arts, err := w.Lookup(context.Background(), connectors.LookupQuery{Entity: "accountview/article", Field: "ART_CODE", Value: "LAMP-LED"})
	if err != nil || len(arts) != 1 {
		t.Fatal(arts, err)
	}
	// A record read from AccountView, changed and written back: the
	// fields AccountView maintains are left out of the write.
	raw := strings.Replace(string(arts[0].Raw), `"PX_SELL":34.95`, `"PX_SELL":36.5`, 1)
	if err := w.Update(context.Background(), arts[0].Key, connectors.Record{Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	if m := decode(t, w.Last().Raw); w.Last().ID != arts[0].Key || m["PX_SELL"].(interface{ String() string }).String() != "36.5" {
		t.Errorf("after update: %s", w.Last().Raw)
	}
	ow := f.writer("sales_order", nil)
	if err := ow.Update(context.Background(), "0000000001", connectors.Record{Raw: []byte(`{"COMMENT1":"x"}`)}); err == nil {
		t.Error("a sales order was updated; AccountView takes SO1 as inserts only")
	}
}

func TestRejectedRecordWhileOthersGoThrough(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	if err := w.Write(ctx, connectors.Record{Raw: order("WS-10", "10001", "MEEL-25")}); err != nil {
		t.Fatal(err)
	}
	err := w.Write(ctx, connectors.Record{Raw: order("WS-11", "10001", "MEEL-25", "BESTAAT-NIET")})
	re, ok := connectors.AsRecordError(err)
	if !ok || re.Field != "SO_LINE.1.ART_CODE" || !strings.Contains(err.Error(), "BESTAAT-NIET") {
		t.Fatalf("unknown article: %v (field %q), want a record error on SO_LINE.1.ART_CODE", err, fieldOr(re))
	}
	err = w.Write(ctx, connectors.Record{Raw: []byte(`{"COMMENT1":"WS-12","SO_LINE":[{"ART_CODE":"MEEL-25","ORD_QTY":1}]}`)})
	if re, ok := connectors.AsRecordError(err); !ok || re.Field != "RPL_INV" {
		t.Fatalf("missing debtor: %v, want a record error on RPL_INV", err)
	}
	err = w.Write(ctx, connectors.Record{Raw: []byte(`{"RPL_INV":"10001","COMMENT1":"WS-13","ORD_DATE":"gisteren","SO_LINE":[{"ART_CODE":"MEEL-25","ORD_QTY":1}]}`)})
	if re, ok := connectors.AsRecordError(err); !ok || re.Field != "ORD_DATE" {
		t.Fatalf("bad date: %v, want a record error on ORD_DATE", err)
	}
	if err := w.Write(ctx, connectors.Record{Raw: order("WS-14", "10002", "BAND-28")}); err != nil {
		t.Fatalf("the next record: %v", err)
	}
	recs := readAll(t, f.reader("sales_order", "", nil))
	if len(recs) != 3 { // the seeded one, WS-10, WS-14
		t.Errorf("%d orders stored, want 3", len(recs))
	}
}

func fieldOr(re *connectors.RecordError) string {
	if re == nil {
		return ""
	}
	return re.Field
}
