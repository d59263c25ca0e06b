package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestOrderCreateDerivesRowsAndTotals(t *testing.T) {
	f := newFixture(t, Options{})
	body := orderBody(customerCafe, statusOngoing, articleFlour, 3, articleMixer, 1)
	rows := body["Rows"].([]any)
	rows[1].(map[string]any)["DiscountPercentage"] = 0.125
	rows[1].(map[string]any)["UnitPrice"] = 999.99
	rows = append(rows, map[string]any{"LineNumber": 3, "ArticleNumber": "srv-01", "Quantity": 1.5,
		"IsTextRow": false, "IsWorkCost": false, "EligibleForReverseChargeOnVat": false},
		map[string]any{"LineNumber": 4, "Text": "Graag bellen", "IsTextRow": true, "IsWorkCost": false,
			"EligibleForReverseChargeOnVat": false})
	body["Rows"] = rows
	body["YourReference"] = "WEB-20001"
	r := f.do("POST", "/v2/orders", body).must(t, http.StatusCreated)

	// 3 × 8.95 = 26.85 at 9 % (2.42); 999.99 × 0.875 = 874.99125 → 874.99 at
	// 21 % (183.7479 → 183.75); 1.5 × 75 = 112.5 at 21 % (23.625 → 23.63).
	want := map[string]string{"Number": "3", "Amount": "1014.34", "VatAmount": "209.8", "CustomerNumber": "3",
		"CustomerName": "Café Het Hoekje", "InvoiceCity": "Haarlem", "DeliveryAddress1": "Achterom 3a",
		"TermsOfPaymentId": terms30, "OrderDate": "2026-03-02T00:00:00", "ModifiedUtc": "2026-03-02T09:00:00Z",
		"YourReference": "WEB-20001"}
	for field, w := range want {
		if got := r.field(field); got != w {
			t.Errorf("%s = %s, want %s", field, got, w)
		}
	}
	got := r.body["Rows"].([]any)
	var texts, amounts, rates []string
	for _, x := range got {
		row := x.(map[string]any)
		texts = append(texts, text(row["Text"]))
		amounts = append(amounts, text(row["Amount"]))
		rates = append(rates, text(row["VatRate"]))
	}
	if !slices.Equal(texts, []string{"Volkorenmeel 5 kg", "Deegmenger 20 liter", "Installatie per uur", "Graag bellen"}) ||
		!slices.Equal(amounts, []string{"26.85", "874.99", "112.5", "0"}) ||
		!slices.Equal(rates, []string{"0.09", "0.21", "0.21", "<null>"}) {
		t.Errorf("rows: texts %v amounts %v rates %v", texts, amounts, rates)
	}
	if id := text(got[2].(map[string]any)["ArticleId"]); id != articleService {
		t.Errorf("row found by ArticleNumber has ArticleId %s", id)
	}
	next := f.do("POST", "/v2/orders", orderBody(customerCafe, statusDraft, articleRye, 1)).must(t, http.StatusCreated)
	if next.field("Number") != "4" {
		t.Errorf("next order number = %s", next.field("Number"))
	}
}

func TestOrderErrors(t *testing.T) {
	f := newFixture(t, Options{})
	body := orderBody(customerCafe, statusOngoing, "99999999-0000-4000-8000-000000000000", 1, articleFlour, 2)
	body["Rows"] = append(body["Rows"].([]any), map[string]any{"LineNumber": 3, "IsTextRow": true,
		"IsWorkCost": false, "EligibleForReverseChargeOnVat": false})
	r := f.do("POST", "/v2/orders", body).must(t, http.StatusBadRequest)
	if r.errorCode() != codeNotFound || !slices.Equal(r.fieldErrors(), []string{"Rows[0].ArticleId", "Rows[2].Text"}) {
		t.Errorf("bad rows: %s", r.raw)
	}
	body = orderBody("99999999-0000-4000-8000-000000000000", statusOngoing, articleFlour, 1)
	r = f.do("POST", "/v2/orders", body).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"CustomerId"}) {
		t.Errorf("unknown customer: %s", r.raw)
	}
	body = orderBody(customerCafe, statusOngoing, articleFlour, 1)
	delete(body, "CurrencyCode")
	body["Rows"].([]any)[0].(map[string]any)["Quantity"] = 1.23456
	delete(body["Rows"].([]any)[0].(map[string]any), "LineNumber")
	r = f.do("POST", "/v2/orders", body).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"Rows[0].Quantity", "Rows[0].LineNumber", "CurrencyCode"}) {
		t.Errorf("missing and malformed fields: %v %s", r.fieldErrors(), r.raw)
	}
	r = f.do("POST", "/v2/orders", orderBody(customerCafe, statusInvoiced, articleFlour, 1)).must(t, http.StatusBadRequest)
	if r.errorCode() != codeCannotWrite {
		t.Errorf("creating an invoiced order: %s", r.raw)
	}
	r = f.do("POST", "/v2/orders", orderBody(customerCafe, 9, articleFlour, 1)).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"Status"}) {
		t.Errorf("status 9: %s", r.raw)
	}
}

func TestOrderLifecycle(t *testing.T) {
	f := newFixture(t, Options{})
	order := f.do("POST", "/v2/orders", orderBody(customerBakery, statusDraft, articleFlour, 2)).must(t, http.StatusCreated)
	id := order.field("Id")
	f.do("POST", "/v2/orders/"+id+"/completed", nil).must(t, http.StatusBadRequest) // a draft is not ongoing

	body := orderBody(customerBakery, statusOngoing, articleFlour, 5)
	r := f.do("PUT", "/v2/orders/"+id, body).must(t, http.StatusOK)
	rowID := text(r.body["Rows"].([]any)[0].(map[string]any)["Id"])
	if r.field("Number") != order.field("Number") || r.field("Amount") != "44.75" ||
		rowID != text(order.body["Rows"].([]any)[0].(map[string]any)["Id"]) {
		t.Errorf("PUT: %s", r.raw)
	}
	r = f.do("POST", "/v2/orders/"+id+"/completed", nil).must(t, http.StatusOK)
	if r.field("Status") != "3" || r.field("DeliveredAmount") != "44.75" || r.field("ShippedDateTime") == "<null>" {
		t.Errorf("completed: %s", r.raw)
	}
	f.do("DELETE", "/v2/orders/"+id, nil).must(t, http.StatusBadRequest)
	r = f.do("POST", "/v2/orders/"+id+"/voided", nil).must(t, http.StatusOK)
	if r.field("Status") != "2" || r.field("DeliveredAmount") != "0" {
		t.Errorf("voided: %s", r.raw)
	}
	inv := f.do("POST", "/v2/orders/"+id+"/convert", map[string]any{}).must(t, http.StatusOK)
	if inv.field("InvoiceNumber") != "2" || inv.field("CreatedFromOrderId") != id ||
		inv.field("TotalAmount") != "48.78" || inv.field("DueDate") != "2026-03-16T00:00:00" {
		t.Errorf("convert: %s", inv.raw)
	}
	r = f.do("GET", "/v2/orders/"+id, nil).must(t, http.StatusOK)
	if r.field("Status") != "4" {
		t.Errorf("order after convert: status %s", r.field("Status"))
	}
	f.do("POST", "/v2/orders/"+id+"/convert", nil).must(t, http.StatusBadRequest)
	f.do("PUT", "/v2/orders/"+id, body).must(t, http.StatusBadRequest)
	f.do("DELETE", "/v2/orders/"+id, nil).must(t, http.StatusBadRequest)

	open := f.do("POST", "/v2/orders", orderBody(customerBakery, statusOngoing, articleFlour, 1)).must(t, http.StatusCreated)
	f.do("DELETE", "/v2/orders/"+open.field("Id"), nil).must(t, http.StatusOK)
	f.do("GET", "/v2/orders/"+open.field("Id"), nil).must(t, http.StatusNotFound)
}

func TestOverflowIsA400(t *testing.T) {
	f := newFixture(t, Options{})
	body := orderBody(customerCafe, statusOngoing, articleMixer, 9999999999999999)
	r := f.do("POST", "/v2/orders", body).must(t, http.StatusBadRequest)
	if r.errorCode() != codeValidation || !strings.Contains(r.field("DeveloperErrorMessage"), "too large") {
		t.Errorf("overflowing amount: %s", r.raw)
	}
	if got := f.stockOf(articleMixer); got[1] != "1" {
		t.Errorf("a refused order changed the reservation: %v", got)
	}
}
