package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/schemas"
)

// TestAnswersMatchTheSchemas checks the emulator against the project's
// JSON Schemas of Visma's entities (schemas/eaccounting, generated from the
// same OpenAPI document): every record it serves validates, and a record
// the schema refuses for a missing required field or an over-long text the
// emulator refuses too.
func TestAnswersMatchTheSchemas(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	tok, err := e.IssueTokens(emulator.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path string, body []byte) (int, []byte) {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		return w.Code, w.Body.Bytes()
	}
	for path, ref := range map[string]string{
		"/v2/customers": "eaccounting/customer", "/v2/articles": "eaccounting/article",
		"/v2/orders": "eaccounting/order", "/v2/customerinvoices": "eaccounting/customer_invoice",
		"/v2/vouchers": "eaccounting/voucher", "/v2/vatcodes": "eaccounting/vat_code",
		"/v2/termsofpayments": "eaccounting/terms_of_payment", "/v2/units": "eaccounting/unit",
		"/v2/articleaccountcodings": "eaccounting/article_account_coding", "/v2/fiscalyears": "eaccounting/fiscal_year",
	} {
		s, ok := set.Lookup(ref)
		if !ok {
			t.Fatalf("no schema %s", ref)
		}
		status, body := call("GET", path, nil)
		var page struct{ Data []json.RawMessage }
		if status != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Data) == 0 {
			t.Fatalf("GET %s: %d %s", path, status, body)
		}
		for i, rec := range page.Data {
			if v := s.Validate(rec); len(v) > 0 {
				t.Errorf("%s[%d] does not match %s: %v", path, i, ref, v)
			}
		}
	}

	customer, _ := set.Lookup("eaccounting/customer")
	for _, bad := range []string{
		`{"Name": "Zonder Plaats", "InvoicePostalCode": "1000 AA", "TermsOfPaymentId": "a1000000-0000-4000-8000-000000000030", "IsPrivatePerson": false, "IsActive": true}`,
		`{"Name": "` + strings.Repeat("x", 51) + `", "InvoiceCity": "A", "InvoicePostalCode": "1000 AA", "TermsOfPaymentId": "a1000000-0000-4000-8000-000000000030", "IsPrivatePerson": false, "IsActive": true}`,
		`{"Name": "Te Lange Code", "InvoiceCity": "A", "InvoicePostalCode": "1000 AA", "InvoiceCountryCode": "NLD", "TermsOfPaymentId": "a1000000-0000-4000-8000-000000000030", "IsPrivatePerson": false, "IsActive": true}`,
	} {
		if v := customer.Validate([]byte(bad)); len(v) == 0 {
			t.Errorf("the schema accepts %s", bad)
		}
		if status, body := call("POST", "/v2/customers", []byte(bad)); status != http.StatusBadRequest {
			t.Errorf("the emulator accepts what the schema refuses: %d %s", status, body)
		}
	}
}
