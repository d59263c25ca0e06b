package accountview

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
)

func TestReadDebtorsAcrossPages(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"CONTACT": debtors(25)}), emulator.Options{})
	recs := readAll(t, f.reader("debtor", "", func(c *Config) { c.PageSize = 10 }))
	// 4 seeded in DEMO + 25; TWEEDE's debtor is another company.
	if len(recs) != 29 {
		t.Fatalf("read %d debtors, want 29", len(recs))
	}
	if n := f.count("GET", "AR1"); n != 3 {
		t.Errorf("%d calls, want 3 pages of 10", n)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Key] {
			t.Fatalf("debtor %s read twice", r.Key)
		}
		seen[r.Key] = true
	}
	first := decode(t, recs[0].Raw)
	if recs[0].Key != "10001" || recs[0].Origin != "accountview/debtor/10001" || first["MAIL_BUS"] != "inkoop@korenaar.example" {
		t.Fatalf("first debtor = %s", recs[0].Raw)
	}
	// CNG_DATE is local Dutch time on the wire; the record carries the offset.
	cng, _ := first["CNG_DATE"].(string)
	ts, err := time.Parse(time.RFC3339, cng)
	if err != nil || !strings.HasSuffix(cng, "+01:00") || !ts.Equal(f.clock.Now()) {
		t.Errorf("CNG_DATE = %q, want %s as RFC 3339 with the Amsterdam offset", cng, f.clock.Now())
	}
	addrs, _ := first["DEL_ADDR"].([]any)
	if len(addrs) != 1 || addrs[0].(map[string]any)["CITY"] != "Leusden" {
		t.Errorf("DEL_ADDR = %v, want the Leusden address nested", first["DEL_ADDR"])
	}
}

func TestReadOrdersWithLines(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	recs := readAll(t, f.reader("sales_order", "", nil))
	if len(recs) != 1 {
		t.Fatalf("read %d orders, want 1", len(recs))
	}
	m := decode(t, recs[0].Raw)
	lines, _ := m["SO_LINE"].([]any)
	if m["COMMENT1"] != "WEB-1001" || len(lines) != 2 || m["ORD_DATE"] != "2025-03-10T09:30:00+01:00" {
		t.Fatalf("order = %s", recs[0].Raw)
	}
	if l := lines[1].(map[string]any); l["ART_CODE"] != "LAMP-LED" || l["ART_PX"].(interface{ String() string }).String() != "32.5" {
		t.Errorf("second line = %v", l)
	}
}

func TestReadEveryEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	want := map[string]int{"debtor": 4, "delivery_address": 2, "article": 6, "article_group": 2, "sales_order": 1,
		"journal_entry": 2, "vat_code": 4, "ledger_account": 11}
	for name, n := range want {
		recs := readAll(t, f.reader(name, "", nil))
		if len(recs) != n {
			t.Errorf("%s: read %d, want %d", name, len(recs), n)
		}
		e := entityByName[name]
		for _, r := range recs {
			if r.Key == "" || !strings.HasPrefix(r.Origin, e.ref()+"/") {
				t.Errorf("%s: record without key or origin: %+v", name, r)
			}
		}
	}
	art := readAll(t, f.reader("article", "", nil))
	if m := decode(t, art[0].Raw); m["ART_CODE"] != "MEEL-25" || m["QTY_AVAIL"] == nil {
		t.Errorf("article = %s, want its available stock", art[0].Raw)
	}
	jp := readAll(t, f.reader("journal_entry", "", nil))
	if m := decode(t, jp[0].Raw); len(m["DJ_LINE"].([]any)) != 2 || m["TRN_DATE"] != "2025-03-31" {
		t.Errorf("journal page = %s, want two lines and the plain date", jp[0].Raw)
	}
}

func TestIncrementalRead(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	r := f.reader("debtor", "", nil)
	all := readAll(t, r)
	cur := r.Cursor()
	if len(all) != 4 || cur == "" {
		t.Fatalf("full read: %d records, cursor %q", len(all), cur)
	}
	// An hour later one debtor changes.
	f.clock.Advance(time.Hour)
	w := f.writer("debtor", nil)
	if err := w.Update(context.Background(), "10002", connectors.Record{Raw: []byte(`{"TEL_BUS":"023-7654321"}`)}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	r2 := f.reader("debtor", cur, nil)
	readAll(t, r2)
	cur2 := r2.Cursor()
	if old, _ := time.Parse(time.RFC3339, cur); !mustTime(t, cur2).After(old) {
		t.Fatalf("cursor %q did not move past %q", cur2, cur)
	}
	// Another change: a read from the cursor sees it and, since the
	// cursor is inclusive (CNG_DATE has whole seconds), the change at the
	// cursor itself, but none of the debtors untouched since the seed.
	f.clock.Advance(time.Hour)
	if err := w.Update(context.Background(), "10003", connectors.Record{Raw: []byte(`{"CITY":"Den Bosch"}`)}); err != nil {
		t.Fatal(err)
	}
	r3 := f.reader("debtor", cur2, nil)
	if r3.Cursor() != cur2 {
		t.Errorf("cursor before reading = %q, want %q", r3.Cursor(), cur2)
	}
	var keys []string
	for _, rec := range readAll(t, r3) {
		keys = append(keys, rec.Key)
	}
	if strings.Join(keys, ",") != "10002,10003" {
		t.Fatalf("incremental read = %v, want 10002 (at the cursor) and 10003", keys)
	}
	if !mustTime(t, r3.Cursor()).After(mustTime(t, cur2)) {
		t.Errorf("cursor %q did not move past %q", r3.Cursor(), cur2)
	}
	if _, err := openReader(context.Background(), f.config(nil), f.options("vat_code", cur), f.deps); err == nil {
		t.Error("vat_code opened with a cursor; VAT has no CNG_DATE")
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("cursor %q is not RFC 3339", s)
	}
	return ts
}
