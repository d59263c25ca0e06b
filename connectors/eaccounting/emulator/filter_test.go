package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// filterNumbers returns the CustomerNumber of the customers a $filter
// selects, in list order.
func (f *fixture) filterNumbers(path, filter, field string) ([]string, result) {
	f.t.Helper()
	r := f.do("GET", path+"?$filter="+url.QueryEscape(filter), nil)
	var out []string
	for _, c := range r.data() {
		out = append(out, text(c[field]))
	}
	return out, r
}

func TestFilter(t *testing.T) {
	f := newFixture(t, Options{})
	tests := []struct {
		filter string
		want   []string
	}{
		{"CustomerNumber eq '3'", []string{"3"}},
		{"EmailAddress eq 'JAN.JANSEN@MAIL.EXAMPLE'", []string{"2"}},
		{"Name ne 'Jan Jansen'", []string{"1", "3", "4"}},
		{"IsPrivatePerson eq true", []string{"2"}},
		{"IsActive eq false or InvoiceCity eq 'Haarlem'", []string{"3", "4"}},
		{"not (IsActive eq true) ", []string{"4"}},
		{"IsActive eq true and (InvoiceCity eq 'Utrecht' or InvoiceCity eq 'Amsterdam')", []string{"1", "2"}},
		{"CustomerNumber gt '2' and CustomerNumber le '4'", []string{"3", "4"}},
		{"ChangedUtc gt 2026-01-06T10:30:00Z", []string{"3", "4"}},
		{"ChangedUtc ge 2026-01-06T10:30:00Z", []string{"2", "3", "4"}},
		{"ChangedUtc lt 2026-01-06", []string{"1"}},
		{"ChangedUtc gt '2026-01-07T14:15:00Z'", []string{"4"}},
		{"ChangedUtc le datetime'2026-01-05T09:00:00'", []string{"1"}},
		{"ChangedUtc gt 2026-01-07T15:00:00+00:30", []string{"4"}},
		{"DeliveryCity eq null", []string{"1", "2", "4"}},
		{"DeliveryCity ne null", []string{"3"}},
		{"contains(Name, 'de')", []string{"1"}},
		{"startswith(EmailAddress, 'info@')", []string{"3"}},
		{"endswith(tolower(Name), 'b.v.')", []string{"4"}},
		{"TermsOfPaymentId eq 'A1000000-0000-4000-8000-000000000030'", []string{"3", "4"}},
		{"TermsOfPaymentId eq guid'a1000000-0000-4000-8000-000000000014'", []string{"1"}},
		{"UnpaidInvoicesAmount gt 0", []string{"1"}},
	}
	for _, tt := range tests {
		got, r := f.filterNumbers("/v2/customers", tt.filter, "CustomerNumber")
		if r.status != http.StatusOK || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %d %v, want %v\n%s", tt.filter, r.status, got, tt.want, r.raw)
		}
	}
	got, _ := f.filterNumbers("/v2/articles", "StockBalance ge 120 and IsStock eq true", "Number")
	if !slices.Equal(got, []string{"SKU-1001", "SKU-1002"}) {
		t.Errorf("articles by stock: %v", got)
	}
	got, _ = f.filterNumbers("/v2/articles", "NetPrice lt 8.95 or NetPrice eq 1249", "Number")
	if !slices.Equal(got, []string{"SKU-1002", "SKU-2001"}) {
		t.Errorf("articles by price: %v", got)
	}
	got, _ = f.filterNumbers("/v2/articles", "StockBalanceReserved eq -(-10)", "Number")
	if !slices.Equal(got, []string{"SKU-1001"}) {
		t.Errorf("negated literal: %v", got)
	}
	got, _ = f.filterNumbers("/v2/orders", "Number eq 2 or YourReference eq 'WEB-10001'", "Number")
	if !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("orders: %v", got)
	}
}

func TestFilterErrors(t *testing.T) {
	f := newFixture(t, Options{})
	tests := map[string]string{
		"Nope eq 1":                          "unknown property 'Nope'",
		"Rows/any(r: r/Quantity gt 1)":       "lambda operators are not supported",
		"TermsOfPayment eq null":             "cannot be filtered on",
		"Name eq 1":                          "cannot compare string with number",
		"IsActive gt true":                   "not defined for boolean",
		"Name eq 'open":                      "unterminated string literal",
		"Name like 'x'":                      "unknown operator 'like'",
		"ChangedUtc gt 2026-13-45T00:00:00Z": "invalid date-time",
		"ChangedUtc gt 'tomorrow'":           "cannot compare date-time with string",
		"Name eq 'x' and":                    "syntax error",
		"Name":                               "not a condition",
		"frobnicate(Name)":                   "unknown function 'frobnicate'",
		"contains(Name)":                     "takes 2 arguments",
		"(Name eq 'x'":                       "expected ')'",
		"Name eq 'x' @":                      "unexpected character",
		"TermsOfPaymentId eq 'not-a-guid'":   "cannot compare Guid with string",
		"CustomerNumber eq guid'123'":        "invalid Guid literal",
	}
	for filter, want := range tests {
		_, r := f.filterNumbers("/v2/customers", filter, "CustomerNumber")
		if r.status != http.StatusBadRequest || r.errorCode() != codeValidation ||
			!strings.Contains(r.field("DeveloperErrorMessage"), want) {
			t.Errorf("%s: %d %s, want a 400 saying %q", filter, r.status, r.raw, want)
		}
	}
}
