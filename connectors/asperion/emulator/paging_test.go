package emulator

import (
	"fmt"
	"slices"
	"testing"
)

func TestPaging(t *testing.T) {
	f := newFixture(t, Options{})
	// 3 seeded debtors + 117 new ones = 120.
	var want []string
	for _, d := range items(t, f.must(200, "GET", "/v1/debtors", nil)) {
		want = append(want, str(d["id"]))
	}
	for i := 0; i < 117; i++ {
		d := f.must(201, "POST", "/v1/debtors", newDebtor(fmt.Sprintf("Klant %03d", i), fmt.Sprintf("k%d@example.com", i)))
		want = append(want, str(d["id"]))
	}

	first := f.must(200, "GET", "/v1/debtors", nil)
	if len(items(t, first)) != 50 || str(first["pageSize"]) != "50" || str(first["totalCount"]) != "120" ||
		str(first["totalPages"]) != "3" || str(first["page"]) != "1" {
		t.Errorf("default page: %d items, envelope %v %v %v %v", len(items(t, first)), first["page"], first["pageSize"], first["totalCount"], first["totalPages"])
	}

	// Walking pages of 45 returns every debtor once, in id order.
	var got []string
	for page := 1; ; page++ {
		body := f.must(200, "GET", fmt.Sprintf("/v1/debtors?page=%d&pageSize=45", page), nil)
		got = append(got, ids(items(t, body))...)
		if str(body["totalPages"]) != "3" {
			t.Fatalf("totalPages %v", body["totalPages"])
		}
		if page == 3 {
			if n := len(items(t, body)); n != 30 {
				t.Errorf("last page has %d items, want 30", n)
			}
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged ids differ from creation order:\n got %v\nwant %v", got, want)
	}
	// Parameter names match ignoring case; a page past the end is empty.
	past := f.must(200, "GET", "/v1/debtors?PAGE=9&PageSize=100", nil)
	if len(items(t, past)) != 0 || str(past["totalCount"]) != "120" || str(past["totalPages"]) != "2" {
		t.Errorf("page past the end: %v", past)
	}
	// An empty result has no pages.
	none := f.must(200, "GET", "/v1/debtors?email=nobody@example.com", nil)
	if len(items(t, none)) != 0 || str(none["totalPages"]) != "0" {
		t.Errorf("empty list: %v", none)
	}
}

func TestPagingErrors(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct{ query, key, msg string }{
		{"pageSize=101", "pageSize", "The field pageSize must be between 1 and 100."},
		{"pageSize=0", "pageSize", "The field pageSize must be between 1 and 100."},
		{"page=0", "page", "The value '0' is not valid for page."},
		{"page=two", "page", "The value 'two' is not valid for page."},
	}
	for _, c := range cases {
		r := f.do("GET", "/v1/articles?"+c.query, nil, "Accept-Language", "en-GB")
		if r.status != 400 {
			t.Errorf("%s: status %d", c.query, r.status)
			continue
		}
		if got := errorsOf(t, r.body)[c.key]; len(got) != 1 || got[0] != c.msg {
			t.Errorf("%s: errors %v, want %q", c.query, got, c.msg)
		}
	}
	r := f.do("GET", "/v1/articles?pageSize=500", nil)
	if got := errorsOf(t, r.body)["pageSize"]; len(got) != 1 || got[0] != "Het veld pageSize moet tussen 1 en 100 liggen." {
		t.Errorf("Dutch paging error: %v", got)
	}
}
