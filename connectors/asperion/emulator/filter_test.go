package emulator

import (
	"slices"
	"testing"
	"time"
)

func codesOf(recs []map[string]any) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r["code"].(string))
	}
	return out
}

func TestArticleActiveState(t *testing.T) {
	f := newFixture(t, Options{})
	active := codesOf(items(t, f.must(200, "GET", "/v1/articles", nil)))
	if slices.Contains(active, "KERSTSTER-OUD") || len(active) != 5 {
		t.Errorf("default list shows inactive articles or misses some: %v", active)
	}
	// A lookup by code misses an inactive article unless activeState says so.
	if got := items(t, f.must(200, "GET", "/v1/articles?code=kerstster-oud", nil)); len(got) != 0 {
		t.Errorf("inactive article found without activeState: %v", got)
	}
	if got := codesOf(items(t, f.must(200, "GET", "/v1/articles?code=kerstster-oud&activeState=All", nil))); !slices.Equal(got, []string{"KERSTSTER-OUD"}) {
		t.Errorf("lookup with activeState=All: %v", got)
	}
	if got := codesOf(items(t, f.must(200, "GET", "/v1/articles?activestate=inactive", nil))); !slices.Equal(got, []string{"KERSTSTER-OUD"}) {
		t.Errorf("activeState=inactive: %v", got)
	}
	if got := items(t, f.must(200, "GET", "/v1/articles?activeState=all", nil)); len(got) != 6 {
		t.Errorf("activeState=all: %d articles", len(got))
	}
	// An item read by id is found whatever its state.
	if a := f.must(200, "GET", "/v1/articles/5", nil); a["activeState"] != "Inactive" {
		t.Errorf("inactive article by id: %v", a)
	}
	// Deactivating with PUT hides the article from the default list.
	art := f.must(200, "GET", "/v1/articles/3", nil)
	art["activeState"] = "Inactive"
	f.must(200, "PUT", "/v1/articles/3", art)
	if got := codesOf(items(t, f.must(200, "GET", "/v1/articles", nil))); slices.Contains(got, "POTGROND-40L") {
		t.Errorf("deactivated article still listed: %v", got)
	}
}

func TestLookupFilters(t *testing.T) {
	f := newFixture(t, Options{})
	check := func(path string, want ...string) {
		t.Helper()
		if got := ids(items(t, f.must(200, "GET", path, nil))); !slices.Equal(got, want) {
			t.Errorf("%s: ids %v, want %v", path, got, want)
		}
	}
	check("/v1/debtors?email=FACTUREN@groenrijk.example", "1")
	check("/v1/debtors?number=10002", "2")
	check("/v1/debtors?number=10002&email=facturen@groenrijk.example")
	check("/v1/vatcodes?code=h", "1")
	check("/v1/paymentconditions?code=DIRECT", "3")
	check("/v1/salestypes?Code=omzet-laag", "2")
	check("/v1/SalesOrderWithLines?reference=web-1001", "1")
	check("/v1/salesorderwithlines?debtorId=2")
	check("/v1/salesinvoices?number=1", "1")
	check("/v1/journalentries?journalCode=MEM", "1")
	// Unknown parameters are ignored, as ASP.NET ignores them.
	check("/v1/vatcodes?colour=blue", "1", "2", "3")
}

func TestModifiedSince(t *testing.T) {
	f := newFixture(t, Options{})
	// Everything seeded carries the seeding instant.
	all := items(t, f.must(200, "GET", "/v1/debtors?modifiedSince=2025-03-14T10:00:00Z", nil))
	if len(all) != 3 {
		t.Fatalf("seeded debtors since seeding: %d", len(all))
	}
	cursor := all[len(all)-1]["modifiedAt"].(string)
	if cursor != "2025-03-14T10:00:00.000Z" {
		t.Errorf("modifiedAt %q", cursor)
	}

	f.clock.Advance(time.Minute)
	d1 := f.must(200, "GET", "/v1/debtors/1", nil)
	d1["phone"] = "+31 30 999 9999"
	f.must(200, "PUT", "/v1/debtors/1", d1)
	f.clock.Advance(time.Second)
	created := f.must(201, "POST", "/v1/debtors", newDebtor("Nieuw B.V.", "nieuw@example.com"))

	// The inclusive boundary re-reads the records at the cursor; a cursor
	// just after it returns only what changed, oldest change first.
	since := items(t, f.must(200, "GET", "/v1/debtors?modifiedSince=2025-03-14T10:00:00.001Z", nil))
	if got := ids(since); !slices.Equal(got, []string{"1", str(created["id"])}) {
		t.Errorf("changed since the seed: %v", got)
	}
	// Offsets are honoured: 11:01+01:00 is 10:01Z, the moment of the PUT.
	if got := ids(items(t, f.must(200, "GET", "/v1/debtors?modifiedSince=2025-03-14T11:01:00%2B01:00", nil))); !slices.Equal(got, []string{"1", str(created["id"])}) {
		t.Errorf("since 11:01+01:00: %v", got)
	}
	if got := ids(items(t, f.must(200, "GET", "/v1/debtors?modifiedSince=2025-03-14T10:01:00.001Z", nil))); !slices.Equal(got, []string{str(created["id"])}) {
		t.Errorf("since after the PUT: %v", got)
	}
	// Ordered by modifiedAt, not id: debtor 2 changed after debtor 3.
	f.clock.Advance(time.Second)
	d2 := f.must(200, "GET", "/v1/debtors/2", nil)
	f.must(200, "PUT", "/v1/debtors/2", d2)
	if got := ids(items(t, f.must(200, "GET", "/v1/debtors?modifiedSince=2025-03-14T10:00:30Z", nil))); !slices.Equal(got, []string{"1", str(created["id"]), "2"}) {
		t.Errorf("order of changes: %v", got)
	}

	for _, bad := range []string{"2025-03-14", "2025-03-14T10:00:00", "yesterday"} {
		r := f.do("GET", "/v1/debtors?modifiedSince="+bad, nil, "Accept-Language", "nl-NL")
		if r.status != 400 || len(errorsOf(t, r.body)["modifiedSince"]) != 1 {
			t.Errorf("modifiedSince=%s: %d %s", bad, r.status, r.raw)
		}
	}
}
