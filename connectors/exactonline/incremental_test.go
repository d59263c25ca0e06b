package exactonline

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

// seedOrders makes n seed orders of three lines each.
func seedOrders(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"OrderedBy": seedAccount1, "YourRef": fmt.Sprintf("SEED-%04d", i),
			"SalesOrderLines": []map[string]any{{"Item": seedWidget, "Quantity": 1}, {"Item": seedGadget, "Quantity": 2},
				{"Item": "1a000000-0000-4000-8000-000000000004", "Quantity": 3}}}
	}
	return out
}

func refs(t *testing.T, recs []connectors.Record) []string {
	t.Helper()
	var out []string
	for _, r := range recs {
		out = append(out, decode(t, r.Raw)["YourRef"].(string))
	}
	sort.Strings(out)
	return out
}

// A full read of orders leaves a cursor; a read from it returns only the
// orders created or changed since (a new line counts as a change), with
// all their lines; a read from the next cursor returns nothing.
func TestIncrementalOrders(t *testing.T) {
	const seeded = 150
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"SalesOrders": seedOrders(seeded)}), emulator.Options{})
	ctx := context.Background()

	f.emu.ResetCounts()
	r := f.reader("sales_order", "", nil).(connectors.CursorReader)
	all := readAll(t, r)
	if len(all) != seeded {
		t.Fatalf("full read: %d orders, want %d", len(all), seeded)
	}
	for _, rec := range all {
		if lines, _ := decode(t, rec.Raw)["SalesOrderLines"].([]any); len(lines) != 3 {
			t.Fatalf("%s has %d lines, want 3", rec.Origin, len(lines))
		}
	}
	calls := f.apiCalls()
	t.Logf("full read of %d orders (%d lines): %d requests, %.3f per order; %v", seeded, 3*seeded, calls,
		float64(calls)/seeded, f.emu.Counts())
	if calls != 5 { // 1 header sync page, 1 line sync page, 3 CRUD batches of 60
		t.Errorf("full read took %d requests, want 5", calls)
	}
	cur := r.Cursor()
	if _, err := strconv.ParseInt(cur, 10, 64); err != nil {
		t.Fatalf("cursor %q is not a Timestamp", cur)
	}

	// Changes: two new orders and a line added to a seeded order.
	w := f.writer("sales_order", nil)
	for _, ref := range []string{"WS-A", "WS-B"} {
		if err := w.Write(ctx, connectors.Record{Raw: order(ref, seedAccount2, seedWidget)}); err != nil {
			t.Fatal(err)
		}
	}
	lw := f.writer("sales_order_line", nil)
	if err := lw.Write(ctx, connectors.Record{Raw: []byte(`{"OrderID":"` + all[7].Key + `","Item":"` + seedWidget + `","Quantity":9}`)}); err != nil {
		t.Fatal(err)
	}

	f.emu.ResetCounts()
	r2 := f.reader("sales_order", cur, nil).(connectors.CursorReader)
	delta := readAll(t, r2)
	want := []string{"SEED-0007", "WS-A", "WS-B"}
	if got := refs(t, delta); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read since the cursor: %v, want %v", got, want)
	}
	for _, rec := range delta {
		if rec.Key == all[7].Key {
			if lines, _ := decode(t, rec.Raw)["SalesOrderLines"].([]any); len(lines) != 4 {
				t.Errorf("changed order has %d lines, want 4", len(lines))
			}
		}
	}
	if n := f.apiCalls(); n != 3 {
		t.Errorf("incremental read took %d requests, want 3 (two sync pages, one fetch)", n)
	}
	cur2 := r2.Cursor()
	if a, _ := strconv.ParseInt(cur, 10, 64); mustInt(t, cur2) <= a {
		t.Errorf("cursor did not move: %s then %s", cur, cur2)
	}

	// Nothing changed since: nothing read, the cursor stays.
	r3 := f.reader("sales_order", cur2, nil).(connectors.CursorReader)
	if rest := readAll(t, r3); len(rest) != 0 {
		t.Errorf("read %d orders with nothing changed", len(rest))
	}
	if r3.Cursor() != cur2 {
		t.Errorf("cursor %s after an empty read, want %s", r3.Cursor(), cur2)
	}
}

// Sync rows are the records for entities without lines; the cursor covers
// exactly what was handed over.
func TestIncrementalAccounts(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	ctx := context.Background()
	r := f.reader("account", "", nil).(connectors.CursorReader)
	if _, err := r.Read(ctx); err != nil {
		t.Fatal(err)
	}
	first := r.Cursor()
	rest := readAll(t, r)
	if len(rest) != 2 || mustInt(t, r.Cursor()) <= mustInt(t, first) {
		t.Fatalf("cursor %s after one record, %s after all", first, r.Cursor())
	}
	w := f.writer("account", nil)
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"Name":"Late Joiner"}`)}); err != nil {
		t.Fatal(err)
	}
	delta := readAll(t, f.reader("account", r.Cursor(), nil))
	if len(delta) != 1 || delta[0].Key != w.Last().ID {
		t.Fatalf("read since the cursor: %d records, want the new account", len(delta))
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not a Timestamp", s)
	}
	return n
}
