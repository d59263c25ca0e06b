package emulator

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func articleBody(number string, coding string, stock bool) map[string]any {
	return map[string]any{"Number": number, "Name": "Artikel " + number, "UnitId": unitPiece, "CodingId": coding,
		"IsActive": true, "IsStock": stock, "NetPrice": 10, "PurchasePrice": 4}
}

func TestArticleCreateDerivesFields(t *testing.T) {
	f := newFixture(t, Options{})
	body := articleBody("SKU-9", codingGoods21, true)
	body["StockBalance"] = 7.5
	r := f.do("POST", "/v2/articles", body).must(t, http.StatusCreated)
	checks := map[string]string{
		"UnitName": "Stuks", "UnitAbbreviation": "st", "CodingName": "Goederen 21%", "GrossPrice": "12.1",
		"IsServiceArticle": "false", "ShowStockInformation": "true", "StockBalance": "7.5",
		"StockBalanceReserved": "0", "StockBalanceAvailable": "7.5", "StockValue": "30",
		"CreatedUtc": "2026-03-02T09:00:00Z", "ChangedUtc": "2026-03-02T09:00:00Z",
	}
	for field, want := range checks {
		if got := r.field(field); got != want {
			t.Errorf("%s = %s, want %s", field, got, want)
		}
	}
	// Gross given, net derived.
	body = articleBody("SKU-10", codingGoods9, false)
	delete(body, "NetPrice")
	body["GrossPrice"] = 10.9
	if r := f.do("POST", "/v2/articles", body).must(t, http.StatusCreated); r.field("NetPrice") != "10" {
		t.Errorf("NetPrice from GrossPrice = %s", r.field("NetPrice"))
	}
}

func TestArticleRules(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v2/articles", articleBody("sku-1001", codingGoods21, false)).must(t, http.StatusBadRequest)
	if r.errorCode() != codeConflict || !slices.Equal(r.fieldErrors(), []string{"Number"}) {
		t.Errorf("duplicate number (other case): %s", r.raw)
	}
	r = f.do("POST", "/v2/articles", articleBody("SRV-2", codingService, true)).must(t, http.StatusBadRequest)
	if r.errorCode() != codeCannotWrite || !slices.Equal(r.fieldErrors(), []string{"IsStock"}) {
		t.Errorf("service stock article: %s", r.raw)
	}
	body := articleBody("SKU-11", codingGoods21, false)
	body["NetPrice"] = 1.005
	body["UnitId"] = "99999999-0000-4000-8000-000000000000"
	r = f.do("POST", "/v2/articles", body).must(t, http.StatusBadRequest)
	if !slices.Equal(r.fieldErrors(), []string{"NetPrice", "UnitId"}) {
		t.Errorf("three decimals and an unknown unit: %s", r.raw)
	}
	body = articleBody("SKU-12", codingGoods21, false)
	body["NetPrice"] = -1
	r = f.do("POST", "/v2/articles", body).must(t, http.StatusBadRequest)
	if list := r.body["Errors"].([]any); text(list[0].(map[string]any)["ErrorCode"]) != ruleRange {
		t.Errorf("negative price: %s", r.raw)
	}
	r = f.do("DELETE", "/v2/articles/"+articleFlour, nil).must(t, http.StatusMethodNotAllowed)
	if r.header.Get("Allow") != "GET, PUT" {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
}

func TestArticlePutKeepsStockUnlessSent(t *testing.T) {
	f := newFixture(t, Options{})
	body := articleBody("SKU-1001", codingGoods9, true)
	body["NetPrice"] = 9.25
	f.clock.Advance(time.Minute)
	r := f.do("PUT", "/v2/articles/"+articleFlour, body).must(t, http.StatusOK)
	if r.field("StockBalance") != "120" || r.field("StockBalanceReserved") != "10" || r.field("NetPrice") != "9.25" ||
		r.field("StockBalanceManuallyChangedUtc") != "<null>" || r.field("ChangedUtc") != "2026-03-02T09:01:00Z" {
		t.Errorf("PUT without StockBalance: %s", r.raw)
	}
	body["StockBalance"] = 100
	r = f.do("PUT", "/v2/articles/"+articleFlour, body).must(t, http.StatusOK)
	if r.field("StockBalance") != "100" || r.field("StockBalanceAvailable") != "90" ||
		r.field("StockBalanceManuallyChangedUtc") != "2026-03-02T09:01:00Z" {
		t.Errorf("manual stock change: %s", r.raw)
	}
}
