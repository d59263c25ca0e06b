package emulator

import (
	"net/http"
	"testing"
	"time"
)

// stockOf returns an article's balance, reserved and available quantities
// and its ChangedUtc.
func (f *fixture) stockOf(id string) [4]string {
	f.t.Helper()
	r := f.do("GET", "/v2/articles/"+id, nil).must(f.t, http.StatusOK)
	return [4]string{r.field("StockBalance"), r.field("StockBalanceReserved"), r.field("StockBalanceAvailable"), r.field("ChangedUtc")}
}

func TestStockFollowsOrders(t *testing.T) {
	f := newFixture(t, Options{})
	// The seed's open order reserves 10 of the flour's 120.
	if got := f.stockOf(articleFlour); got[0] != "120" || got[1] != "10" || got[2] != "110" {
		t.Fatalf("seeded stock: %v", got)
	}
	step := func(label, balance, reserved, available string) {
		t.Helper()
		got := f.stockOf(articleFlour)
		if got[0] != balance || got[1] != reserved || got[2] != available {
			t.Errorf("%s: balance/reserved/available = %v, want %s/%s/%s", label, got[:3], balance, reserved, available)
		}
	}
	f.clock.Advance(time.Minute)
	order := f.do("POST", "/v2/orders", orderBody(customerCafe, statusOngoing, articleFlour, 4, articleService, 2)).
		must(t, http.StatusCreated)
	id := order.field("Id")
	step("order placed", "120", "14", "106")
	if got := f.stockOf(articleFlour); got[3] != "2026-03-02T09:01:00Z" {
		t.Errorf("a reservation does not bump ChangedUtc: %v", got)
	}
	f.do("PUT", "/v2/orders/"+id, orderBody(customerCafe, statusOngoing, articleFlour, 6)).must(t, http.StatusOK)
	step("quantity raised", "120", "16", "104")
	f.do("POST", "/v2/orders/"+id+"/completed", nil).must(t, http.StatusOK)
	step("shipped", "114", "10", "104")
	f.do("POST", "/v2/orders/"+id+"/voided", nil).must(t, http.StatusOK)
	step("voided", "120", "16", "104")
	f.do("POST", "/v2/orders/"+id+"/convert", nil).must(t, http.StatusOK)
	step("invoiced from the order", "114", "10", "104")

	other := f.do("POST", "/v2/orders", orderBody(customerCafe, statusOngoing, articleFlour, 30)).must(t, http.StatusCreated)
	step("second order", "114", "40", "74")
	f.do("DELETE", "/v2/orders/"+other.field("Id"), nil).must(t, http.StatusOK)
	step("second order deleted", "114", "10", "104")

	f.do("POST", "/v2/orders", orderBody(customerCafe, statusShipped, articleFlour, 200)).must(t, http.StatusCreated)
	step("shipped at once, more than in stock", "-86", "10", "-96")

	inv := map[string]any{"CustomerId": customerCafe, "EuThirdParty": false, "RotReducedInvoicingType": 0,
		"Rows": []any{map[string]any{"ArticleId": articleFlour, "Quantity": 6}}}
	f.do("POST", "/v2/customerinvoices", inv).must(t, http.StatusCreated)
	step("invoiced directly", "-92", "10", "-102")

	draft := map[string]any{"CustomerId": customerCafe, "EuThirdParty": false, "RotReducedInvoicingType": 0,
		"Rows": []any{map[string]any{"ArticleId": articleFlour, "Quantity": 1, "IsTextRow": false,
			"ReversedConstructionServicesVatFree": false}}}
	d := f.do("POST", "/v2/customerinvoicedrafts", draft).must(t, http.StatusCreated)
	step("draft", "-92", "10", "-102")
	f.do("POST", "/v2/customerinvoicedrafts/"+d.field("Id")+"/convert", nil).must(t, http.StatusCreated)
	step("draft converted", "-93", "10", "-103")

	// A service article has no stock to follow.
	if got := f.stockOf(articleService); got[0] != "0" || got[1] != "0" {
		t.Errorf("service article stock: %v", got)
	}
}
