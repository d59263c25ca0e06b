package asperion

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
)

func TestLookups(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	for _, c := range []struct {
		entity, field, value, key string
	}{
		{"debtor", "email", "FACTUREN@groenrijk.example", "1"}, // text ignoring case
		{"debtor", "number", "10002", "2"},
		{"debtor", "id", "3", "3"},
		{"article", "code", "POT-TERRA-30", "2"},
		{"article", "code", "KERSTSTER-OUD", "5"}, // inactive, still found
		{"sales_order", "reference", "WEB-1001", "1"},
		{"vat_code", "code", "L", "2"},
		{"payment_condition", "code", "30", "2"},
		{"sales_type", "code", "VERZENDKOSTEN", "3"},
		{"debtor", "email", "nobody@example.com", ""},
		{"debtor", "id", "999", ""},
		{"debtor", "id", "not-a-number", ""},
		{"article", "code", "BAND-28-622", ""}, // another administration's
	} {
		got, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "asperion/" + c.entity, Field: c.field, Value: c.value})
		if err != nil {
			t.Fatalf("%s by %s %q: %v", c.entity, c.field, c.value, err)
		}
		switch {
		case c.key == "" && len(got) != 0:
			t.Errorf("%s by %s %q found %d, want none", c.entity, c.field, c.value, len(got))
		case c.key != "" && (len(got) != 1 || got[0].Key != c.key):
			t.Errorf("%s by %s %q = %v, want id %s", c.entity, c.field, c.value, got, c.key)
		}
	}
	for _, q := range []connectors.LookupQuery{
		{Entity: "asperion/article", Field: "barcode", Value: "8712345000011"},
		{Entity: "asperion/debtor", Field: "Email", Value: "x"},
		{Entity: "exactonline/item", Field: "Code", Value: "x"},
	} {
		if _, err := w.Lookup(ctx, q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
	// The tenant header: the other administration's article is found there.
	other := f.writer("sales_order", func(c *Config) { c.Administration = adminVanDam })
	if got, err := other.Lookup(ctx, connectors.LookupQuery{Entity: "asperion/article", Field: "code", Value: "BAND-28-622"}); err != nil || len(got) != 1 || got[0].Key != "7" {
		t.Errorf("article in administration 1002: %v, %v", got, err)
	}
}

// Each key costs one call per run, found or not; case variants share it.
func TestLookupCache(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	w := f.writer("sales_order", nil)
	ctx := context.Background()
	for range 3 {
		for _, v := range []string{"sanne@groenrijk.example", "facturen@groenrijk.example", "Facturen@Groenrijk.example", "nobody@example.com"} {
			if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "asperion/debtor", Field: "email", Value: v}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := f.count("GET", "/v1/debtors"); n != 3 {
		t.Errorf("%d calls for 3 distinct keys asked 12 times, want 3", n)
	}
	// Lookups send the flag that shows inactive articles.
	if _, err := w.Lookup(ctx, connectors.LookupQuery{Entity: "asperion/article", Field: "code", Value: "X"}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	last := f.exchanges[len(f.exchanges)-1].URL
	f.mu.Unlock()
	// (The observed URL hides "code", which is also the OAuth code's name.)
	if !strings.Contains(last, "/v1/articles?activeState=All&code=") {
		t.Errorf("article lookup URL %s", last)
	}
}

func TestFieldPath(t *testing.T) {
	for in, want := range map[string]string{"lines[0].quantity": "lines.0.quantity", "email": "email", "$": "", "lines[12]": "lines.12"} {
		if got := fieldPath(in); got != want {
			t.Errorf("fieldPath(%q) = %q, want %q", in, got, want)
		}
	}
}
