package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCustomerCreateAssignsIdAndNumber(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v2/customers", customerBody("Nieuwe Klant")).must(t, http.StatusCreated)
	if _, ok := parseUUID(r.field("Id")); !ok || r.field("CustomerNumber") != "5" {
		t.Errorf("Id %s, CustomerNumber %s", r.field("Id"), r.field("CustomerNumber"))
	}
	if r.field("ChangedUtc") != "2026-03-02T09:00:00Z" || r.field("CurrencyCode") != "EUR" {
		t.Errorf("ChangedUtc %s, CurrencyCode %s", r.field("ChangedUtc"), r.field("CurrencyCode"))
	}
	if tp, _ := r.body["TermsOfPayment"].(map[string]any); text(tp["NumberOfDays"]) != "30" {
		t.Errorf("TermsOfPayment = %v", r.body["TermsOfPayment"])
	}
	// A client's own number is kept; the series skips numbers in use.
	body := customerBody("Eigen Nummer")
	body["CustomerNumber"] = "6"
	f.do("POST", "/v2/customers", body).must(t, http.StatusCreated)
	r = f.do("POST", "/v2/customers", customerBody("Volgende")).must(t, http.StatusCreated)
	if r.field("CustomerNumber") != "7" {
		t.Errorf("next number after a chosen 6 = %s", r.field("CustomerNumber"))
	}
	got := f.do("GET", "/v2/customers/"+r.field("Id"), nil).must(t, http.StatusOK)
	if got.field("Name") != "Volgende" {
		t.Errorf("GET after POST: %s", got.raw)
	}
}

func TestCustomerErrors(t *testing.T) {
	f := newFixture(t, Options{})
	body := customerBody("Dubbel")
	body["CustomerNumber"] = "3 " // trailing space: the same number to SQL Server
	r := f.do("POST", "/v2/customers", body).must(t, http.StatusBadRequest)
	if r.errorCode() != codeConflict || !slices.Equal(r.fieldErrors(), []string{"CustomerNumber"}) {
		t.Errorf("duplicate number: %s", r.raw)
	}
	r = f.do("POST", "/v2/customers", map[string]any{"Name": strings.Repeat("x", 51), "IsActive": "yes"}).
		must(t, http.StatusBadRequest)
	want := []string{"IsActive", "Name", "InvoiceCity", "InvoicePostalCode", "IsPrivatePerson", "TermsOfPaymentId"}
	if r.errorCode() != codeValidation || !slices.Equal(r.fieldErrors(), want) {
		t.Errorf("invalid body: fields %v\n%s", r.fieldErrors(), r.raw)
	}
	if list := r.body["Errors"].([]any); text(list[1].(map[string]any)["ErrorCode"]) != ruleLength ||
		text(list[1].(map[string]any)["Key"]) != "Name" {
		t.Errorf("Name error = %v", list[1])
	}
	body = customerBody("Geen Voorwaarden")
	body["TermsOfPaymentId"] = "99999999-0000-4000-8000-000000000000"
	r = f.do("POST", "/v2/customers", body).must(t, http.StatusBadRequest)
	if r.errorCode() != codeNotFound || !slices.Equal(r.fieldErrors(), []string{"TermsOfPaymentId"}) {
		t.Errorf("unknown terms: %s", r.raw)
	}
	f.do("POST", "/v2/customers", "[1,2]").must(t, http.StatusBadRequest)
	f.do("POST", "/v2/customers", "{not json").must(t, http.StatusBadRequest)
	r = f.do("GET", "/v2/customers/99999999-0000-4000-8000-000000000000", nil).must(t, http.StatusNotFound)
	if r.errorCode() != codeNotFound {
		t.Errorf("unknown id: %s", r.raw)
	}
	f.do("GET", "/v2/customers/not-a-guid", nil).must(t, http.StatusNotFound)
	f.do("GET", "/v2/nothing", nil).must(t, http.StatusNotFound)
	r = f.do("PATCH", "/v2/customers", nil).must(t, http.StatusMethodNotAllowed)
	if r.header.Get("Allow") != "GET, POST" {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
}

func TestCustomerPutReplacesAndDeleteChecksLinks(t *testing.T) {
	f := newFixture(t, Options{})
	body := customerBody("Tijdelijk")
	body["EmailAddress"] = "tijdelijk@example.com"
	body["Telephone"] = "071-1234567"
	created := f.do("POST", "/v2/customers", body).must(t, http.StatusCreated)
	id := created.field("Id")

	f.clock.Advance(30 * time.Minute)
	body = customerBody("Tijdelijk B.V.")
	body["EmailAddress"] = "info@tijdelijk.example"
	body["Id"] = "99999999-0000-4000-8000-000000000000" // read-only: ignored
	r := f.do("PUT", "/v2/customers/"+id, body).must(t, http.StatusOK)
	if r.field("Id") != id || r.field("CustomerNumber") != created.field("CustomerNumber") ||
		r.field("Name") != "Tijdelijk B.V." || r.field("Telephone") != "<null>" ||
		r.field("ChangedUtc") != "2026-03-02T09:30:00Z" {
		t.Errorf("PUT: %s", r.raw)
	}
	f.do("PUT", "/v2/customers/"+id, map[string]any{"Name": "half"}).must(t, http.StatusBadRequest)

	r = f.do("DELETE", "/v2/customers/"+customerBakery, nil).must(t, http.StatusBadRequest)
	if r.errorCode() != codeCannotDelete {
		t.Errorf("delete with transactions: %s", r.raw)
	}
	r = f.do("DELETE", "/v2/customers/"+id, nil).must(t, http.StatusOK)
	if r.raw != "" {
		t.Errorf("DELETE answered a body: %q", r.raw)
	}
	f.do("GET", "/v2/customers/"+id, nil).must(t, http.StatusNotFound)
}

func TestStrictRefusesUnknownAndReadOnly(t *testing.T) {
	body := customerBody("Streng")
	body["Nickname"] = "x"
	body["ChangedUtc"] = "2020-01-01T00:00:00Z"
	lax := newFixture(t, Options{})
	r := lax.do("POST", "/v2/customers", body).must(t, http.StatusCreated)
	if r.field("ChangedUtc") != "2026-03-02T09:00:00Z" || r.body["Nickname"] != nil {
		t.Errorf("lax mode kept what it should ignore: %s", r.raw)
	}
	strict := newFixture(t, Options{Strict: true})
	r = strict.do("POST", "/v2/customers", body).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"ChangedUtc", "Nickname"}) {
		t.Errorf("strict mode: %s", r.raw)
	}
}

func TestIncrementalReads(t *testing.T) {
	f := newFixture(t, Options{})
	first := f.do("GET", "/v2/customers?$orderby=ChangedUtc desc&$pagesize=1", nil).must(t, http.StatusOK)
	cursor := text(first.data()[0]["ChangedUtc"])

	f.clock.Advance(90 * time.Second)
	added := f.do("POST", "/v2/customers", customerBody("Incrementeel")).must(t, http.StatusCreated)
	f.clock.Advance(90 * time.Second)
	body := customerBody("Café Het Hoekje")
	body["CustomerNumber"] = "3"
	body["TermsOfPaymentId"] = terms14
	f.do("PUT", "/v2/customers/"+customerCafe, body).must(t, http.StatusOK)

	r := f.do("GET", "/v2/customers?$filter=ChangedUtc gt "+cursor+"&$orderby=ChangedUtc", nil).must(t, http.StatusOK)
	var got []string
	for _, c := range r.data() {
		got = append(got, text(c["Id"])+"@"+text(c["ChangedUtc"]))
	}
	want := []string{added.field("Id") + "@2026-03-02T09:01:30Z", customerCafe + "@2026-03-02T09:03:00Z"}
	if !slices.Equal(got, want) {
		t.Errorf("changed since %s: %v, want %v", cursor, got, want)
	}
	r = f.do("GET", "/v2/orders?$filter=ModifiedUtc gt 2026-01-13T00:00:00Z", nil).must(t, http.StatusOK)
	if len(r.data()) != 1 || text(r.data()[0]["Number"]) != "2" {
		t.Errorf("orders modified since: %s", r.raw)
	}
	r = f.do("GET", "/v2/customerinvoices?modifiedSinceUtc=2026-01-08T12:00:00Z", nil).must(t, http.StatusOK)
	if len(r.data()) != 1 {
		t.Errorf("modifiedSinceUtc at the invoice's time: %d invoices", len(r.data()))
	}
	r = f.do("GET", "/v2/customerinvoices?modifiedSinceUtc=2026-01-08T12:00:01Z", nil).must(t, http.StatusOK)
	if len(r.data()) != 0 {
		t.Errorf("modifiedSinceUtc after the invoice: %d invoices", len(r.data()))
	}
}
