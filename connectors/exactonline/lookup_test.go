package exactonline

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
)

func TestLookups(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{
		"Accounts": {{"Name": "O'Brien Ltd", "Code": "25", "Email": "info@obrien.example"}},
	}), emulator.Options{})
	r := f.reader("account", "", nil)
	defer r.Close()
	lk := r.(connectors.Lookuper)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		entity, field, value string
		want                 int
		key                  string
	}{
		"padded code":          {"account", "Code", "25", 1, ""},
		"padded code, spaces":  {"account", "Code", "  25 ", 1, ""},
		"email":                {"account", "Email", "inkoop@bakkerijdevries.example", 1, seedAccount1},
		"quote in value":       {"account", "Name", "O'Brien Ltd", 1, ""},
		"guid key":             {"account", "ID", seedAccount2, 1, seedAccount2},
		"guid key, braces":     {"account", "ID", "{" + strings.ToUpper(seedAccount2) + "}", 1, seedAccount2},
		"not a guid":           {"account", "ID", "42", 0, ""},
		"unknown code":         {"account", "Code", "nope", 0, ""},
		"item by code":         {"item", "Code", "WIDGET-001", 1, seedWidget},
		"item by barcode":      {"item", "Barcode", "8712345000028", 1, seedGadget},
		"number":               {"item", "StandardSalesPrice", "24.95", 1, seedGadget},
		"boolean":              {"item", "IsStockItem", "false", 1, "1a000000-0000-4000-8000-000000000004"},
		"number, not a number": {"item", "StandardSalesPrice", "cheap", 0, ""},
		"stock by item":        {"stock_position", "ItemId", seedWidget, 1, seedWidget},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := lk.Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/" + tc.entity, Field: tc.field, Value: tc.value})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d records, want %d", len(got), tc.want)
			}
			if tc.key != "" && got[0].Key != tc.key {
				t.Errorf("key %s, want %s", got[0].Key, tc.key)
			}
			for _, rec := range got {
				if rec.Origin != "exactonline/"+tc.entity+"/"+rec.Key {
					t.Errorf("origin %q", rec.Origin)
				}
			}
		})
	}
	for name, q := range map[string]connectors.LookupQuery{
		"unknown field":   {Entity: "exactonline/account", Field: "Colour", Value: "x"},
		"sync-only field": {Entity: "exactonline/sales_order", Field: "Timestamp", Value: "1"},
		"sync-only":       {Entity: "exactonline/warehouse_stock_position", Field: "ID", Value: seedWidget},
		"stock by code":   {Entity: "exactonline/stock_position", Field: "ItemCode", Value: "WIDGET-001"},
		"other system":    {Entity: "webshop/order", Field: "id", Value: "1"},
	} {
		if _, err := lk.Lookup(ctx, q); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Each key costs one call per run, found or not, and a record the writer
// created is known without asking.
func TestLookupCache(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("item", nil)
	ctx := context.Background()
	f.emu.ResetCounts()
	for range 3 {
		for _, code := range []string{"WIDGET-001", "GADGET-002", "MISSING", "WIDGET-001 "} {
			if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/item", Field: "Code", Value: code}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// "WIDGET-001 " is a different key to the cache, though Exact would
	// find the same item: four keys, four calls.
	if n := f.count("GET", "logistics/Items"); n != 4 {
		t.Errorf("%d calls for 4 keys asked 3 times each, want 4", n)
	}
	if err := w.Write(ctx, connectors.Record{Raw: []byte(`{"Code":"NEW-9","Description":"Fresh","Barcode":"123"}`)}); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounts()
	for _, q := range []connectors.LookupQuery{
		{Entity: "exactonline/item", Field: "Code", Value: "NEW-9"},
		{Entity: "exactonline/item", Field: "Barcode", Value: "123"},
	} {
		got, err := w.Lookup(ctx, q)
		if err != nil || len(got) != 1 || got[0].Key != w.Last().ID {
			t.Fatalf("lookup of the new item by %s = %v, %v", q.Field, got, err)
		}
	}
	if n := f.apiCalls(); n != 0 {
		t.Errorf("%d calls to look up a record the writer created, want 0", n)
	}
}

func TestLookupExpandsLines(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	if err := w.Write(ctx, connectors.Record{Raw: order("WS-9", seedAccount1, seedWidget, seedGadget)}); err != nil {
		t.Fatal(err)
	}
	// A fresh reader has an empty cache, so this goes to Exact.
	r := f.reader("sales_order", "", nil)
	defer r.Close()
	got, err := r.(connectors.Lookuper).Lookup(ctx, connectors.LookupQuery{Entity: "exactonline/sales_order", Field: "YourRef", Value: "WS-9"})
	if err != nil || len(got) != 1 {
		t.Fatalf("lookup = %v, %v", got, err)
	}
	if lines, _ := decode(t, got[0].Raw)["SalesOrderLines"].([]any); len(lines) != 2 {
		t.Errorf("looked-up order has %d lines, want 2", len(lines))
	}
}
