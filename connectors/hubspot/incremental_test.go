package hubspot

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

// An incremental read of more objects than HubSpot's search pages through
// (10,000 per query) splits by date: at the cap it searches again from the
// last modification time it handed over, and every object arrives exactly
// once. Three objects share each millisecond, so the cap falls inside a
// millisecond and the new query repeats objects the reader must skip.
func TestIncrementalReadPastTheSearchCap(t *testing.T) {
	const n = 10500
	f := newFixture(t, []byte(`{}`), emulator.Options{TenSecondLimit: -1, OAuthTenSecondLimit: -1, DailyLimit: -1, SearchLimit: -1})
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]map[string]string, n)
	for i := range rows {
		at := base.Add(time.Duration(i/3) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		rows[i] = map[string]string{"name": fmt.Sprintf("P%d", i), "hs_sku": fmt.Sprintf("S-%05d", i),
			"createdate": at, "hs_lastmodifieddate": at}
	}
	if _, err := f.emu.AddObjects("products", rows); err != nil {
		t.Fatal(err)
	}
	r := f.reader("product", strconv.FormatInt(base.UnixMilli(), 10), nil)
	recs := readAll(t, r)
	seen := map[string]int{}
	for _, rec := range recs {
		seen[rec.Key]++
	}
	if len(recs) != n || len(seen) != n {
		t.Fatalf("read %d records, %d distinct; want %d once each", len(recs), len(seen), n)
	}
	last := base.Add(time.Duration((n-1)/3) * time.Millisecond).UnixMilli()
	if r.Cursor() != strconv.FormatInt(last, 10) {
		t.Errorf("cursor %s, want %d", r.Cursor(), last)
	}
	// 50 pages of 200 reach the cap; the second query starts at the
	// millisecond of the 10,000th object (index 9999) and pages through
	// the rest.
	want := 50 + (n-9999+199)/200
	if searches := f.count("POST", "/crm/v3/objects/products/search"); searches != want {
		t.Errorf("%d search calls, want %d (50 to the cap, the rest after the split)", searches, want)
	}
	// The emulator refuses to page past the cap, as HubSpot does: the
	// reader never asked it to.
	if bad := f.statuses()[400]; bad != 0 {
		t.Errorf("%d calls were refused", bad)
	}
}

// Search answers carry no associations: an incremental read fetches them
// per page, one v4 batch read per associated type.
func TestIncrementalReadWithAssociations(t *testing.T) {
	f := newFixture(t, nil, emulator.Options{})
	since := strconv.FormatInt(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 10)
	recs := readAll(t, f.reader("deal", since, func(c *Config) { c.Associations = []string{"line_items", "contacts"} }))
	if len(recs) != 2 {
		t.Fatalf("%d deals, want the seed's 2", len(recs))
	}
	got := map[string]string{}
	for _, rec := range recs {
		a, _ := decode(t, rec.Raw)["associations"].(map[string]any)
		got[rec.Key] = fmt.Sprint(a["line_items"], a["contacts"])
	}
	if got["401"] != "[501 502] [201]" || got["402"] != "[503 504] [202]" {
		t.Errorf("associations %v", got)
	}
	if n := f.count("POST", "/crm/v4/associations/deals/line_items/batch/read") + f.count("POST", "/crm/v4/associations/deals/contacts/batch/read"); n != 2 {
		t.Errorf("%d association reads, want one per type (counts %v)", n, f.emu.Counts())
	}
}
