package asperion

import (
	"context"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	"github.com/pipeline-dev/pipeline/connectors/conntest"
)

// 250 extra debtors take three pages of 100; every record arrives once,
// keyed and named.
func TestReadPagesAcrossPages(t *testing.T) {
	f := newFixture(t, seedWith(t, map[string][]map[string]any{"debtors": debtors(250)}), emulator.Options{})
	recs := readAll(t, f.reader("debtor", "", nil))
	if len(recs) != 253 {
		t.Fatalf("read %d debtors, want 253", len(recs))
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if r.Key == "" || seen[r.Key] || r.Origin != "asperion/debtor/"+r.Key {
			t.Fatalf("record key %q origin %q (duplicate: %v)", r.Key, r.Origin, seen[r.Key])
		}
		seen[r.Key] = true
	}
	if n := f.count("GET", "/v1/debtors"); n != 3 {
		t.Errorf("%d list calls, want 3 pages of 100", n)
	}
	if m := decode(t, recs[0].Raw); m["email"] != "facturen@groenrijk.example" || m["modifiedAt"] == nil {
		t.Errorf("first debtor = %v", m)
	}
}

// Every readable entity reads from the emulator, orders with their lines.
func TestEveryEntityReads(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	want := map[string]int{"debtor": 3, "article": seedArticles, "sales_order": 1, "sales_invoice": 1,
		"journal_entry": 1, "vat_code": 3, "payment_condition": 3, "sales_type": 3, "administration": 2}
	for name, n := range want {
		recs := readAll(t, f.reader(name, "", nil))
		if len(recs) != n {
			t.Errorf("%s: read %d, want %d", name, len(recs), n)
		}
	}
	o := decode(t, readAll(t, f.reader("sales_order", "", nil))[0].Raw)
	if lines, _ := o["lines"].([]any); len(lines) != 3 || o["reference"] != "WEB-1001" {
		t.Errorf("order = %v", o)
	}
	// Another administration by the tenant header.
	arts := readAll(t, f.reader("article", "", func(c *Config) { c.Administration = adminVanDam }))
	if len(arts) != 3 || arts[0].Key != "7" {
		t.Errorf("administration 1002 articles: %d, first %q", len(arts), arts[0].Key)
	}
}

func TestReaderContract(t *testing.T) {
	conntest.TestReader(t, func(t *testing.T) connectors.Reader {
		return newFixture(t, nil, emulator.Options{}).reader("debtor", "", nil)
	}, 3)
}

func TestReadRefusals(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	for _, c := range []struct{ entity, since, want string }{
		{"vat_code", "2026-01-01T00:00:00Z", "cannot be read incrementally"},
		{"debtor", "yesterday", "not an RFC 3339 instant"},
		{"relation", "", "not an Asperion entity"},
		{"", "", "has no schema"},
	} {
		o := f.options(c.entity, c.since)
		if c.entity == "" {
			o.Entity = ""
		}
		_, err := openReader(context.Background(), f.config(nil), o, f.deps)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s since %q: error %v, want %q", c.entity, c.since, err, c.want)
		}
	}
}
