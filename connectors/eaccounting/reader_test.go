package eaccounting

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
)

// Every entity reads in full, each record with its Id as key and origin.
func TestReadEveryEntity(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	want := map[string]int{"customer": 4, "article": 5, "order": 2, "customer_invoice": 1, "voucher": 2,
		"vat_code": 3, "terms_of_payment": 3, "unit": 3, "article_account_coding": 3, "fiscal_year": 7,
		"customer_invoice_draft": 0}
	for _, e := range entities {
		t.Run(e.Name, func(t *testing.T) {
			recs := readAll(t, f.reader(e.Name, "", nil))
			if n, ok := want[e.Name]; ok && len(recs) != n {
				t.Errorf("%d records, want %d", len(recs), n)
			}
			for _, r := range recs {
				if r.Key == "" || r.Origin != e.ref()+"/"+r.Key {
					t.Errorf("record key %q origin %q", r.Key, r.Origin)
				}
			}
		})
	}
	orders := readAll(t, f.reader("order", "", nil))
	if rows, _ := decode(t, orders[0].Raw)["Rows"].([]any); len(rows) != 3 {
		t.Errorf("first order has %d rows, want 3", len(rows))
	}
}

// 1234 customers at 500 a page are three calls; a smaller page size
// pages further, and the filter is applied.
func TestPaging(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"customers": customers(1230)}), emulator.Options{})
	f.emu.ResetCounts()
	recs := readAll(t, f.reader("customer", "", nil))
	if len(recs) != 1234 {
		t.Fatalf("read %d customers, want 1234", len(recs))
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Key] {
			t.Fatalf("customer %s read twice", r.Key)
		}
		seen[r.Key] = true
	}
	if n := f.count("GET", "customers"); n != 3 {
		t.Errorf("%d calls for 1234 customers at 500 a page, want 3", n)
	}
	f.emu.ResetCounts()
	small := readAll(t, f.reader("customer", "", func(c *Config) { c.PageSize = 100; c.Filter = "startswith(Name, 'Klant 00')" }))
	if len(small) != 100 || f.count("GET", "customers") != 1 {
		t.Errorf("filtered read: %d customers in %d calls, want 100 in 1", len(small), f.count("GET", "customers"))
	}
	t.Logf("full read: 1234 customers, 3 calls (%.4f per record)", 3.0/1234)
}

// A full read leaves a cursor; a read from it returns only what changed
// since, including a record stamped in the same millisecond as the
// cursor but not yet handed over; a read from the next cursor nothing.
func TestIncrementalOrders(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	r := f.reader("order", "", nil).(connectors.CursorReader)
	all := readAll(t, r)
	cur := r.Cursor()
	if len(all) != 2 || !strings.HasPrefix(cur, "2026-01-14T16:20:00.000Z;") {
		t.Fatalf("full read: %d orders, cursor %q", len(all), cur)
	}
	w := f.writer("order", nil)
	for _, ref := range []string{"WS-A", "WS-B"} {
		if err := w.Write(ctx, connectors.Record{Raw: order(ref, seedCustomer2, seedFlour)}); err != nil {
			t.Fatal(err)
		}
	}
	// WS-A and WS-B share a millisecond (the clock stood still).
	f.emu.ResetCounts()
	r2 := f.reader("order", cur, nil).(connectors.CursorReader)
	delta := readAll(t, r2)
	if got := refs(t, delta); fmt.Sprint(got) != "[WS-A WS-B]" {
		t.Fatalf("read since the cursor: %v", got)
	}
	if n := f.apiCalls(); n != 1 {
		t.Errorf("incremental read took %d calls, want 1", n)
	}
	cur2 := r2.Cursor()
	// A third order in the same millisecond is found from cur2, the two
	// already handed over are not.
	if err := w.Write(ctx, connectors.Record{Raw: order("WS-C", seedCustomer2, seedRye)}); err != nil {
		t.Fatal(err)
	}
	r3 := f.reader("order", cur2, nil).(connectors.CursorReader)
	if got := refs(t, readAll(t, r3)); fmt.Sprint(got) != "[WS-C]" {
		t.Fatalf("read since %q: %v, want [WS-C]", cur2, got)
	}
	f.clock.Advance(time.Minute)
	r4 := f.reader("order", r3.Cursor(), nil).(connectors.CursorReader)
	if rest := readAll(t, r4); len(rest) != 0 || r4.Cursor() != r3.Cursor() {
		t.Errorf("nothing changed: read %d, cursor %q then %q", len(rest), r3.Cursor(), r4.Cursor())
	}
	// A changed order comes again.
	if err := w.Update(ctx, all[0].Key, connectors.Record{Raw: []byte(`{"OurReference":"changed"}`)}); err != nil {
		t.Fatal(err)
	}
	r5 := f.reader("order", r4.Cursor(), nil)
	if got := readAll(t, r5); len(got) != 1 || got[0].Key != all[0].Key {
		t.Errorf("after an update: %d orders", len(got))
	}
}

func TestIncrementalRefusals(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for name, tc := range map[string]struct{ entity, since, want string }{
		"no stamp":   {"unit", "2026-01-01T00:00:00Z;", "cannot be read incrementally"},
		"bad cursor": {"customer", "yesterday", "is not"},
	} {
		_, err := openReader(context.Background(), f.config(nil), f.options(tc.entity, tc.since), f.deps)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func refs(t *testing.T, recs []connectors.Record) []string {
	t.Helper()
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprint(decode(t, r.Raw)["YourReference"]))
	}
	sort.Strings(out)
	return out
}
