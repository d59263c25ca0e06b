package eaccounting

import (
	"context"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
)

func TestLookups(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"customers": {{"CustomerNumber": "77", "Name": "O'Brien Ltd",
		"EmailAddress": "info@obrien.example", "InvoicePostalCode": "1000 AA", "InvoiceCity": "Dublin",
		"TermsOfPaymentId": seedTerms30, "IsPrivatePerson": false, "IsActive": true}}}), emulator.Options{})
	r := f.reader("customer", "", nil)
	lk := r.(connectors.Lookuper)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		entity, field, value string
		want                 int
		key                  string
	}{
		"customer by email":    {"customer", "EmailAddress", "inkoop@bakkerijdevries.example", 1, seedCustomer1},
		"customer by number":   {"customer", "CustomerNumber", "2", 1, seedCustomer2},
		"quote in value":       {"customer", "Name", "O'Brien Ltd", 1, ""},
		"id":                   {"customer", "Id", seedCustomer2, 1, seedCustomer2},
		"id, braces and case":  {"customer", "Id", "{E1000000-0000-4000-8000-000000000002}", 1, seedCustomer2},
		"not an id":            {"customer", "Id", "42", 0, ""},
		"unknown id":           {"customer", "Id", "e1000000-0000-4000-8000-0000000000ff", 0, ""},
		"unknown email":        {"customer", "EmailAddress", "nobody@example.com", 0, ""},
		"article by number":    {"article", "Number", "SKU-1001", 1, seedFlour},
		"boolean":              {"customer", "IsActive", "false", 1, "e1000000-0000-4000-8000-000000000004"},
		"number":               {"article", "NetPrice", "2.49", 1, seedRye},
		"number, not a number": {"article", "NetPrice", "cheap", 0, ""},
		"order by reference":   {"order", "YourReference", "WEB-10002", 1, "02000000-0000-4000-8000-000000000002"},
		"unit by code":         {"unit", "Code", "STK", 1, seedUnitPcs},
		"coding by name":       {"article_account_coding", "Name", "Goederen 21%", 1, seedCoding21},
		"terms by days":        {"terms_of_payment", "NumberOfDays", "30", 1, seedTerms30},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := lk.Lookup(ctx, connectors.LookupQuery{Entity: "eaccounting/" + tc.entity, Field: tc.field, Value: tc.value})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d records, want %d", len(got), tc.want)
			}
			if tc.key != "" && got[0].Key != tc.key {
				t.Errorf("key %s, want %s", got[0].Key, tc.key)
			}
		})
	}
	for name, q := range map[string]connectors.LookupQuery{
		"unknown field": {Entity: "eaccounting/customer", Field: "Colour", Value: "x"},
		"list field":    {Entity: "eaccounting/article", Field: "Barcodes", Value: "8712345000012"},
		"other system":  {Entity: "webshop/product", Field: "sku", Value: "1"},
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
	w := f.writer("article", nil)
	ctx := context.Background()
	f.emu.ResetCounts()
	for range 3 {
		for _, n := range []string{"SKU-1001", "SKU-1002", "MISSING"} {
			if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "eaccounting/article", Field: "Number", Value: n}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := f.count("GET", "articles"); n != 3 {
		t.Errorf("%d calls for 3 keys asked 3 times each, want 3", n)
	}
	if err := w.Write(ctx, connectors.Record{Raw: article("NEW-9", "Vers")}); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounts()
	for _, q := range []connectors.LookupQuery{
		{Entity: "eaccounting/article", Field: "Number", Value: "NEW-9"},
		{Entity: "eaccounting/article", Field: "Id", Value: w.Last().ID},
	} {
		got, err := w.Lookup(ctx, q)
		if err != nil || len(got) != 1 || got[0].Key != w.Last().ID {
			t.Fatalf("lookup of the new article by %s = %v, %v", q.Field, got, err)
		}
	}
	if n := f.apiCalls(); n != 0 {
		t.Errorf("%d calls to look up a record the writer created, want 0", n)
	}
}
