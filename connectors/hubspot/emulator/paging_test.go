package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// manyContacts is a seed with n contacts (ids 1..n) and nothing else.
func manyContacts(n int) string {
	var b strings.Builder
	b.WriteString(`{"contacts":[`)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"properties":{"email":"c%d@example.com","firstname":"C%d","lastname":"L%d"}}`, i, i, 1000-i%7)
	}
	b.WriteString(`]}`)
	return b.String()
}

func TestListPaging(t *testing.T) {
	f := newFixture(t, Options{Seed: stringsReader(manyContacts(25))})
	first := f.must(200, "GET", "/crm/v3/objects/contacts", nil)
	if len(list(first, "results")) != 10 {
		t.Fatalf("default page size %d, want 10", len(list(first, "results")))
	}
	var seen []string
	path := "/crm/v3/objects/contacts?limit=7&properties=email"
	pages := 0
	for {
		page := f.must(200, "GET", path, nil)
		pages++
		seen = append(seen, ids(page)...)
		next := obj(page, "paging", "next")
		if next == nil {
			break
		}
		link, err := url.Parse(str(next["link"]))
		if err != nil || link.Query().Get("after") != str(next["after"]) || link.Query().Get("limit") != "7" {
			t.Fatalf("next link %v", next)
		}
		path = link.RequestURI()
	}
	if pages != 4 || len(seen) != 25 || seen[0] != "1" || seen[24] != "25" {
		t.Errorf("walked %d pages, ids %v", pages, seen)
	}
	for _, bad := range []string{"limit=101", "limit=0", "after=xyz"} {
		resp, body := f.do("GET", "/crm/v3/objects/contacts?"+bad, nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d", bad, resp.StatusCode)
		}
		checkError(t, body, "VALIDATION_ERROR")
	}
	if page := f.must(200, "GET", "/crm/v3/objects/contacts?limit=100", nil); len(list(page, "results")) != 25 || page["paging"] != nil {
		t.Errorf("one page of 100: %d results, paging %v", len(list(page, "results")), page["paging"])
	}
}

func TestListAssociations(t *testing.T) {
	f := newFixture(t, Options{})
	page := f.must(200, "GET", "/crm/v3/objects/deals?associations=line_items,contacts", nil)
	deal := list(page, "results")[0]
	items := list(obj(deal, "associations", "line_items"), "results")
	if len(items) != 2 || str(obj(items[0])["id"]) != "501" || str(obj(items[0])["type"]) != "deal_to_line_item" {
		t.Errorf("line item associations %v", items)
	}
	if c := list(obj(deal, "associations", "contacts"), "results"); len(c) != 1 || str(obj(c[0])["id"]) != "201" {
		t.Errorf("contact associations %v", c)
	}
	resp, _ := f.do("GET", "/crm/v3/objects/deals?associations=tickets", nil)
	if resp.StatusCode != 400 {
		t.Errorf("unknown association type: %d", resp.StatusCode)
	}
}
