package emulator

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func invoiceBody(customer string, rows ...any) map[string]any {
	var list []any
	for i := 0; i+1 < len(rows); i += 2 {
		list = append(list, map[string]any{"ArticleId": rows[i], "Quantity": rows[i+1]})
	}
	return map[string]any{"CustomerId": customer, "EuThirdParty": false, "RotReducedInvoicingType": 0, "Rows": list}
}

func TestInvoiceCreateBooksAVoucher(t *testing.T) {
	f := newFixture(t, Options{})
	body := invoiceBody(customerCafe, articleMixer, 1, articleRye, 10)
	body["Rows"] = append(body["Rows"].([]any), map[string]any{"Text": "Bedankt voor uw bestelling"})
	r := f.do("POST", "/v2/customerinvoices", body).must(t, http.StatusCreated)
	// 1249 at 21 % (262.29) + 24.90 at 9 % (2.241 → 2.24).
	want := map[string]string{"InvoiceNumber": "2", "TotalAmount": "1538.43", "TotalVatAmount": "264.53",
		"RemainingAmount": "1538.43", "PaymentStatus": "1", "InvoiceDate": "2026-03-02T00:00:00",
		"DueDate": "2026-04-01T00:00:00", "CurrencyCode": "EUR", "CustomerEmail": "info@hethoekje.example",
		"ModifiedUtc": "2026-03-02T09:00:00Z", "VoucherNumber": "A3"}
	for field, w := range want {
		if got := r.field(field); got != w {
			t.Errorf("%s = %s, want %s", field, got, w)
		}
	}
	rows := r.body["Rows"].([]any)
	if last := rows[2].(map[string]any); last["IsTextRow"] != true || text(last["LineNumber"]) != "3" {
		t.Errorf("text row: %v", last)
	}
	if spec := r.body["VatSpecification"].([]any); len(spec) != 2 || text(spec[0].(map[string]any)["VatPercent"]) != "0.21" {
		t.Errorf("VatSpecification = %v", spec)
	}
	v := f.do("GET", "/v2/vouchers/"+fiscal2026+"/"+r.field("VoucherId"), nil).must(t, http.StatusOK)
	var lines []string
	for _, x := range v.body["Rows"].([]any) {
		row := x.(map[string]any)
		lines = append(lines, text(row["AccountNumber"])+" "+text(row["DebitAmount"])+"/"+text(row["CreditAmount"]))
	}
	if want := []string{"1300 1538.43/0", "8000 0/1249", "8010 0/24.9", "1500 0/264.53"}; !slices.Equal(lines, want) {
		t.Errorf("voucher rows %v, want %v", lines, want)
	}
	if v.field("VoucherType") != "14" || v.field("SourceId") != r.field("Id") {
		t.Errorf("voucher: %s", v.raw)
	}
	cust := f.do("GET", "/v2/customers/"+customerCafe, nil).must(t, http.StatusOK)
	if cust.field("UnpaidInvoicesAmount") != "1538.43" || cust.field("LastInvoiceDate") != "2026-03-02T00:00:00" {
		t.Errorf("customer invoice figures: %s %s", cust.field("UnpaidInvoicesAmount"), cust.field("LastInvoiceDate"))
	}

	// Past the due date an unpaid invoice reads as overdue.
	f.clock.Advance(31 * 24 * time.Hour)
	f.token = mustToken(t, f.e)
	late := f.do("GET", "/v2/customerinvoices/"+r.field("Id"), nil).must(t, http.StatusOK)
	if late.field("PaymentStatus") != "2" {
		t.Errorf("after the due date PaymentStatus = %s", late.field("PaymentStatus"))
	}
	list := f.do("GET", "/v2/customerinvoices?$filter=PaymentStatus eq 2", nil).must(t, http.StatusOK)
	if len(list.data()) != 2 {
		t.Errorf("overdue invoices: %d", len(list.data()))
	}
}

func mustToken(t *testing.T, e *Emulator) string {
	t.Helper()
	tok, err := e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func TestInvoiceErrors(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v2/customerinvoices", map[string]any{"CustomerId": customerCafe}).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"EuThirdParty", "RotReducedInvoicingType", "Rows"}) {
		t.Errorf("missing fields: %s", r.raw)
	}
	body := invoiceBody(customerCafe, articleMixer, 1)
	body["InvoiceDate"] = "2031-01-15"
	r = f.do("POST", "/v2/customerinvoices", body).must(t, http.StatusBadRequest)
	if r.errorCode() != codeNoFiscalYear {
		t.Errorf("invoice outside the fiscal years: %s", r.raw)
	}
	f.do("GET", "/v2/customerinvoices?modifiedSinceUtc=yesterday", nil).must(t, http.StatusBadRequest)
	f.do("PUT", "/v2/customerinvoices/"+customerCafe, nil).must(t, http.StatusMethodNotAllowed)
}

func TestDrafts(t *testing.T) {
	f := newFixture(t, Options{})
	body := map[string]any{"CustomerId": customerBakery, "EuThirdParty": false, "RotReducedInvoicingType": 0,
		"YourReference": "WEB-30001", "Rows": []any{
			map[string]any{"ArticleId": articleRye, "Quantity": 4, "UnitPrice": 0, "IsTextRow": false,
				"ReversedConstructionServicesVatFree": false}}}
	body["ReplaceUnitPriceWhenZero"] = true
	d := f.do("POST", "/v2/customerinvoicedrafts", body).must(t, http.StatusCreated)
	// 4 × 2.49 = 9.96 at 9 % (0.8964 → 0.90).
	if d.field("TotalAmount") != "10.86" || d.field("CustomerNumber") != "1" || d.field("InvoiceCity") != "Amsterdam" {
		t.Errorf("draft: %s", d.raw)
	}
	id := d.field("Id")
	body["Rows"].([]any)[0].(map[string]any)["Quantity"] = 5
	d = f.do("PUT", "/v2/customerinvoicedrafts/"+id, body).must(t, http.StatusOK)
	if d.field("TotalAmount") != "13.57" {
		t.Errorf("draft after PUT: %s", d.field("TotalAmount"))
	}
	r := f.do("POST", "/v2/customerinvoicedrafts/"+id+"/convert", map[string]any{"TotalAmountInvoiceCurrency": 13.5}).
		must(t, http.StatusBadRequest)
	if r.errorCode() != codeCannotWrite || !slices.Equal(r.fieldErrors(), []string{"TotalAmountInvoiceCurrency"}) {
		t.Errorf("convert with other totals: %s", r.raw)
	}
	inv := f.do("POST", "/v2/customerinvoicedrafts/"+id+"/convert", map[string]any{"TotalAmountInvoiceCurrency": 13.57}).
		must(t, http.StatusCreated)
	if inv.field("CreatedFromDraftId") != id || inv.field("TotalAmount") != "13.57" || inv.field("YourReference") != "WEB-30001" {
		t.Errorf("converted invoice: %s", inv.raw)
	}
	f.do("GET", "/v2/customerinvoicedrafts/"+id, nil).must(t, http.StatusNotFound)

	other := f.do("POST", "/v2/customerinvoicedrafts", body).must(t, http.StatusCreated)
	f.do("DELETE", "/v2/customerinvoicedrafts/"+other.field("Id"), nil).must(t, http.StatusOK)
	f.do("DELETE", "/v2/customerinvoicedrafts/"+other.field("Id"), nil).must(t, http.StatusNotFound)
}
