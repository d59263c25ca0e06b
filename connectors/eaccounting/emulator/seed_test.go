package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDefaultSeed(t *testing.T) {
	f := newFixture(t, Options{})
	counts := map[string]int{"customers": 4, "articles": 5, "orders": 2, "customerinvoices": 1, "vouchers": 2,
		"vatcodes": 3, "termsofpayments": 3, "units": 3, "articleaccountcodings": 3, "fiscalyears": 7,
		"customerinvoicedrafts": 0}
	for path, n := range counts {
		r := f.do("GET", "/v2/"+path, nil).must(t, http.StatusOK)
		if r.meta("TotalNumberOfResults") != n {
			t.Errorf("%s: %d rows, want %d", path, r.meta("TotalNumberOfResults"), n)
		}
	}
	// The document returns a copy.
	a, b := DefaultSeed(), DefaultSeed()
	a[0] = 'x'
	if b[0] == 'x' || !json.Valid(b) {
		t.Error("DefaultSeed shares its bytes or is not JSON")
	}
	// Seeded numbers continue: the next order is 3, the next invoice 2.
	r := f.do("POST", "/v2/orders", orderBody(customerCafe, statusDraft, articleRye, 1)).must(t, http.StatusCreated)
	if r.field("Number") != "3" {
		t.Errorf("next order number = %s", r.field("Number"))
	}
}

func TestSeedErrors(t *testing.T) {
	tests := map[string]string{
		`{"widgets": []}`:                `unknown entity "widgets"`,
		`[1]`:                            "not a JSON object",
		`{"customers": [{"Name": "x"}]}`: "seed customers[0]: InvoiceCity: The InvoiceCity field is required.",
		`{"units": [{"Id": "u", "Name": "Stuk"}]}`: "seed units[0]: Id: Id must be a Guid",
		`{"company": {"Name": 5}}`:                 "seed company",
	}
	for seed, want := range tests {
		_, err := New(Options{Seed: strings.NewReader(seed)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", seed, err, want)
		}
	}
}

func TestReseedThroughAdmin(t *testing.T) {
	f := newFixture(t, Options{})
	seed := `{"company": {"Name": "Leeg B.V."}, "termsofpayments": [{"Id": "a1000000-0000-4000-8000-000000000014", "NumberOfDays": 14}],
		"customers": [{"Name": "Enige Klant", "InvoiceCity": "Delft", "InvoicePostalCode": "2611 AA",
		"TermsOfPaymentId": "a1000000-0000-4000-8000-000000000014", "IsPrivatePerson": false, "IsActive": true}]}`
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("POST", "/__emulator/seed", strings.NewReader(seed)))
	if w.Code != http.StatusNoContent {
		t.Fatalf("reseed: %d %s", w.Code, w.Body)
	}
	r := f.do("GET", "/v2/customers", nil).must(t, http.StatusOK) // the token survived
	if len(r.data()) != 1 || text(r.data()[0]["CustomerNumber"]) != "1" {
		t.Errorf("after reseed: %s", r.raw)
	}
	w = httptest.NewRecorder()
	f.e.ServeHTTP(w, httptest.NewRequest("POST", "/__emulator/seed", strings.NewReader(`{"nope": []}`)))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"ErrorCode":2000`) {
		t.Errorf("bad reseed: %d %s", w.Code, w.Body)
	}
}
