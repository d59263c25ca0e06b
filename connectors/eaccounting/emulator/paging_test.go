package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// addCustomers creates n customers named "Klant 001" … through the API.
func (f *fixture) addCustomers(n int) {
	f.t.Helper()
	for i := 1; i <= n; i++ {
		f.do("POST", "/v2/customers", customerBody(fmt.Sprintf("Klant %03d", i))).must(f.t, http.StatusCreated)
	}
}

func TestPaging(t *testing.T) {
	f := newFixture(t, Options{})
	f.addCustomers(116) // 120 with the seed's four
	r := f.do("GET", "/v2/customers", nil).must(t, http.StatusOK)
	if r.meta("PageSize") != 50 || r.meta("CurrentPage") != 1 || r.meta("TotalNumberOfResults") != 120 ||
		r.meta("TotalNumberOfPages") != 3 || len(r.data()) != 50 {
		t.Fatalf("first page: %v", r.body["Meta"])
	}
	if m := r.body["Meta"].(map[string]any); m["ServerTimeUtc"] != "2026-03-02T09:00:00Z" {
		t.Errorf("ServerTimeUtc = %v", m["ServerTimeUtc"])
	}
	// Walking the pages the way clients do visits every customer once.
	var seen []string
	for page := 1; ; page++ {
		r := f.do("GET", fmt.Sprintf("/v2/customers?$page=%d&$pagesize=40", page), nil).must(t, http.StatusOK)
		for _, c := range r.data() {
			seen = append(seen, text(c["Id"]))
		}
		if r.meta("CurrentPage") >= r.meta("TotalNumberOfPages") {
			break
		}
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 120 {
		t.Errorf("paging visited %d distinct customers, want 120", len(seen))
	}
	r = f.do("GET", "/v2/customers?$page=4&$pagesize=40", nil).must(t, http.StatusOK)
	if len(r.data()) != 0 || r.meta("CurrentPage") != 4 || r.meta("TotalNumberOfPages") != 3 {
		t.Errorf("page past the end: %v, %d rows", r.body["Meta"], len(r.data()))
	}
	r = f.do("GET", "/v2/customers?$pagesize=5000", nil).must(t, http.StatusOK)
	if r.meta("PageSize") != maxPageSize || len(r.data()) != 120 {
		t.Errorf("oversized page: %v", r.body["Meta"])
	}
	r = f.do("GET", "/v2/customers?$filter=Name eq 'nobody'", nil).must(t, http.StatusOK)
	if r.meta("TotalNumberOfResults") != 0 || r.meta("TotalNumberOfPages") != 0 || r.data() == nil {
		t.Errorf("empty result: %v %s", r.body["Meta"], r.raw)
	}
	for _, q := range []string{"$page=0", "$page=x", "$pagesize=0", "$pagesize=-3", "$page=99999999999999999999"} {
		r := f.do("GET", "/v2/customers?"+q, nil).must(t, http.StatusBadRequest)
		if r.errorCode() != codeValidation {
			t.Errorf("%s: %s", q, r.raw)
		}
	}
	f.do("GET", "/v2/customers?$page=9223372036854775807", nil).must(t, http.StatusOK)
}

func TestOrderBy(t *testing.T) {
	f := newFixture(t, Options{})
	names := func(r result) []string {
		var out []string
		for _, c := range r.data() {
			out = append(out, text(c["Name"]))
		}
		return out
	}
	r := f.do("GET", "/v2/customers?$orderby=Name", nil).must(t, http.StatusOK)
	want := []string{"Bakkerij de Vries", "Café Het Hoekje", "Jan Jansen", "Tuincentrum Groen B.V."}
	if got := names(r); !slices.Equal(got, want) {
		t.Errorf("by Name: %v", got)
	}
	r = f.do("GET", "/v2/customers?$orderby=IsPrivatePerson desc, CustomerNumber desc", nil).must(t, http.StatusOK)
	want = []string{"Jan Jansen", "Tuincentrum Groen B.V.", "Café Het Hoekje", "Bakkerij de Vries"}
	if got := names(r); !slices.Equal(got, want) {
		t.Errorf("by IsPrivatePerson desc, CustomerNumber desc: %v", got)
	}
	r = f.do("GET", "/v2/articles?$orderby=StockBalanceAvailable asc", nil).must(t, http.StatusOK)
	var stock []string
	for _, a := range r.data() {
		stock = append(stock, text(a["StockBalanceAvailable"]))
	}
	if want := []string{"0", "0", "3", "110", "264"}; !slices.Equal(stock, want) {
		t.Errorf("by StockBalanceAvailable: %v", stock)
	}
	for _, q := range []string{"Nope", "Name sideways", "Rows", "TermsOfPayment"} {
		f.do("GET", "/v2/customers?$orderby="+q, nil).must(t, http.StatusBadRequest)
	}
}
