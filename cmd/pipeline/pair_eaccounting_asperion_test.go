package main

import (
	"strings"
	"testing"
)

const eaAspDir = "../../pipelines/eaccounting_asperion"

// TestPairEAccountingAsperion runs the shipped eAccounting ↔ Asperion
// flows end to end: products with a create-only field edited by hand,
// stock and a stock change, orders with new and existing customers, a
// company and a private person, a foreign company, a shipping line, a line
// discount, an order already sent, a missing product under both policies,
// customers kept up to date, and the calls an order costs in steady state.
func TestPairEAccountingAsperion(t *testing.T) {
	h := newPairHarness(t, eaAspDir)
	ea, eaTok := h.eaccounting(t)
	as, asTok := h.asperion(t)
	eac, asc := eaccountingClient(t, ea.URL(), eaTok), asperionClient(t, as.URL(), asTok)
	eaArticles := func() []map[string]any { return eac.list("/v2/articles") }
	asArticles := func() []map[string]any { return asc.list("/v1/articles?activeState=All&pageSize=100") }

	// Products: variants (SCHORT-M, SCHORT-L) and the inactive vase arrive as
	// articles; the three Asperion has are updated.
	if s := h.run(t, "products.hcl"); !strings.Contains(s, "written 8") || !strings.Contains(s, "5 created, 3 updated") {
		t.Fatalf("products run 1: %s", s)
	}
	arts := asArticles()
	schort := pairOne(t, arts, "code", "SCHORT-M")
	pairOne(t, arts, "code", "SCHORT-L")
	if schort["longDescription"] != "Linnen tuinschort met drie zakken, maat M." || schort["isStockArticle"] != true {
		t.Errorf("SCHORT-M in Asperion: %v", schort)
	}
	if v := pairOne(t, arts, "code", "OUD-VAAS"); v["activeState"] != "Inactive" {
		t.Errorf("inactive article arrived as %v", v["activeState"])
	}
	if r := pairOne(t, arts, "code", "ROOS-ROOD-10"); r["barcode"] != "8712345000104" || pairStr(r["salesTypeId"]) != "2" {
		t.Errorf("ROOS-ROOD-10 in Asperion: %v", r)
	}

	// The long description is edited by hand in Asperion; then the article
	// changes in eAccounting, name and note. The update brings the name and
	// leaves the hand-written text alone.
	schort["longDescription"] = "Aangevuld in Asperion: wasbaar op 40 graden."
	asc.call("PUT", "/v1/articles/"+pairStr(schort["id"]), schort)
	eaSchort := pairOne(t, eaArticles(), "Number", "SCHORT-M")
	eaSchort["Name"], eaSchort["Note"] = "Tuinschort linnen M", "Nieuwe tekst uit eAccounting"
	eac.call("PUT", "/v2/articles/"+pairStr(eaSchort["Id"]), eaSchort)
	if s := h.run(t, "products.hcl"); !strings.Contains(s, "1 updated") {
		t.Fatalf("products run 2: %s", s)
	}
	schort = pairOne(t, asArticles(), "code", "SCHORT-M")
	if schort["description"] != "Tuinschort linnen M" || schort["longDescription"] != "Aangevuld in Asperion: wasbaar op 40 graden." {
		t.Errorf("after the update SCHORT-M reads %q / %q", schort["description"], schort["longDescription"])
	}

	// Stock: Asperion ends up with eAccounting's available stock.
	if s := h.run(t, "stock.hcl"); !strings.Contains(s, "written 4") {
		t.Fatalf("stock run 1: %s", s)
	}
	stockMatches := func() {
		t.Helper()
		asByCode := map[string]map[string]any{}
		for _, a := range asArticles() {
			asByCode[pairStr(a["code"])] = a
		}
		for _, a := range eaArticles() {
			if a["IsStock"] != true {
				continue
			}
			if got, want := pairStr(asByCode[pairStr(a["Number"])]["currentStock"]), pairStr(a["StockBalanceAvailable"]); got != want {
				t.Errorf("%s: Asperion stock %s, eAccounting available %s", a["Number"], got, want)
			}
		}
	}
	stockMatches()
	// A stock change in eAccounting sends exactly that change.
	pot := pairOne(t, eaArticles(), "Number", "POT-TERRA-30")
	pot["StockBalance"] = 27
	eac.call("PUT", "/v2/articles/"+pairStr(pot["Id"]), pot)
	h.resetCounts()
	if s := h.run(t, "stock.hcl"); !strings.Contains(s, "written 1,") {
		t.Fatalf("stock run 2: %s", s)
	}
	if n := h.count("asperion", "POST /v1/stockmutations"); n != 1 {
		t.Errorf("the stock change made %d mutations, want 1", n)
	}
	muts := asc.list("/v1/stockmutations?pageSize=100")
	if last := muts[len(muts)-1]; pairStr(last["quantity"]) != "12" {
		t.Errorf("the last mutation is %v, want +12 (15 → 27)", last["quantity"])
	}
	stockMatches()

	// Orders: ASP-1 is in eAccounting already, ASP-4 is Invoiced, ASP-5
	// has an article eAccounting lacks and is set aside.
	if s := h.run(t, "orders.hcl"); !strings.Contains(s, "written 2, rejected 1") || !strings.Contains(s, "1 skipped") {
		t.Fatalf("orders run 1: %s", s)
	}
	orders := eac.list("/v2/orders")
	pairOne(t, orders, "YourReference", "ASP-1")
	customers := eac.list("/v2/customers")
	eva := pairOne(t, customers, "EmailAddress", "eva.smit@example.com")
	dupont := pairOne(t, customers, "EmailAddress", "achats@dupont.example")
	groen := pairOne(t, customers, "EmailAddress", "facturen@groenrijk.example")
	if eva["IsPrivatePerson"] != true || dupont["IsPrivatePerson"] != false || dupont["ContactPersonName"] != "Luc Dupont" || dupont["InvoiceCountryCode"] != "BE" {
		t.Errorf("created customers: %v / %v", eva, dupont)
	}
	if groen["CustomerNumber"] != "10001" || groen["ContactPersonName"] != "Sanne de Vries" {
		t.Errorf("the existing customer was not found and updated: %v", groen)
	}
	asp2 := pairOne(t, orders, "YourReference", "ASP-2")
	rows2, _ := asp2["Rows"].([]any)
	if asp2["CustomerId"] != eva["Id"] || len(rows2) != 2 || rows2[1].(map[string]any)["ArticleNumber"] != "VERZENDING" {
		t.Errorf("ASP-2 (private customer, shipping line): %v", asp2)
	}
	// Shipping methods through shipping_methods.csv: POSTNL and DHL are
	// listed, ASP-1 has none and gets the standard method.
	if asp2["DeliveryMethodCode"] != "POSTNL" || asp2["DeliveryMethodName"] != "PostNL pakket" {
		t.Errorf("ASP-2 delivery method: %v / %v", asp2["DeliveryMethodCode"], asp2["DeliveryMethodName"])
	}
	asp3 := pairOne(t, orders, "YourReference", "ASP-3")
	row3 := asp3["Rows"].([]any)[0].(map[string]any)
	if asp3["CustomerId"] != dupont["Id"] || pairStr(row3["DiscountPercentage"]) != "0.1" || pairStr(row3["Amount"]) != "207" {
		t.Errorf("ASP-3 (foreign company, 10%% discount on 20 × 11.50): %v", asp3)
	}
	if asp3["DeliveryMethodCode"] != "DHL" {
		t.Errorf("ASP-3 delivery method: %v", asp3["DeliveryMethodCode"])
	}
	for _, o := range orders {
		if o["YourReference"] == "ASP-4" || o["YourReference"] == "ASP-5" {
			t.Errorf("order %v should not be in eAccounting", o["YourReference"])
		}
	}
	// Nothing changed: the next run reads nothing (the cursor skips the
	// orders handed over at its boundary instant).
	if s := h.run(t, "orders.hcl"); !strings.Contains(s, "read 0,") {
		t.Fatalf("orders run 2: %s", s)
	}
	// The other policy: the set-aside order goes through on retry, with
	// its article created first.
	if s := h.cli(t, "retry", "orders.hcl", "-var", "missing_product=create"); !strings.Contains(s, "written 1") {
		t.Fatalf("retry with missing_product=create: %s", s)
	}
	pairOne(t, eaArticles(), "Number", "BONSAI-01")
	orders = eac.list("/v2/orders")
	asp5 := pairOne(t, orders, "YourReference", "ASP-5")
	if asp5["CustomerId"] != groen["Id"] || len(asp5["Rows"].([]any)) != 2 {
		t.Errorf("ASP-5 after the retry: %v", asp5)
	}

	// Customers kept up to date: a changed debtor is sent on the next run.
	if s := h.run(t, "customers.hcl"); strings.Contains(s, "rejected 1") {
		t.Fatalf("customers run 1: %s", s)
	}
	// Classification: the debtor group becomes the customer's label
	// (customer_groups.csv); Eva has no group and gets the default.
	customers = eac.list("/v2/customers")
	for email, label := range map[string]string{"eva.smit@example.com": "Overig", "achats@dupont.example": "Export", "facturen@groenrijk.example": "Hoveniers"} {
		if got := pairLabel(pairOne(t, customers, "EmailAddress", email)); got != label {
			t.Errorf("%s has label %q, want %q", email, got, label)
		}
	}
	debtor := asc.call("GET", "/v1/debtors/2", nil)
	debtor["phone"] = "+31 6 55501234"
	asc.call("PUT", "/v1/debtors/2", debtor)
	if s := h.run(t, "customers.hcl"); !strings.Contains(s, "1 updated") {
		t.Fatalf("customers run 2: %s", s)
	}
	eva = pairOne(t, eac.list("/v2/customers"), "EmailAddress", "eva.smit@example.com")
	if eva["Telephone"] != "+31 6 55501234" {
		t.Errorf("Eva's phone in eAccounting: %v", eva["Telephone"])
	}

	// Steady state. The seeded orders share one modifiedAt, which the
	// inclusive cursor reads again until a later order moves it: one new
	// order first, then an idle run, then one more new order.
	newOrder := func(ref string) {
		asc.call("POST", "/v1/SalesOrderWithLines", map[string]any{"debtorId": 1, "reference": ref,
			"lines": []any{map[string]any{"articleId": 1, "quantity": 2}, map[string]any{"articleId": 2, "quantity": 1}}})
	}
	h.steadyState(t, "orders.hcl", newOrder, "GR-4500", "GR-4501")

	// The financial-mutation order type (order_type = voucher): the same
	// orders as vouchers, on the revenue account and VAT code of the
	// customer's country.
	if s := h.run(t, "orders_voucher.hcl", "-var", "order_type=voucher"); !strings.Contains(s, "written 6") {
		t.Fatalf("orders_voucher: %s", s)
	}
	v3 := pairOne(t, eac.list("/v2/vouchers"), "VoucherText", "Asperion order 3")
	rows := v3["Rows"].([]any)
	first := rows[0].(map[string]any)
	if pairStr(first["AccountNumber"]) != "8100" || first["VatCodeId"] != "c1000000-0000-4000-8000-000000000000" || len(rows) != 2 {
		t.Errorf("order 3 (Belgian company) as a voucher: %v", rows)
	}
	h.resetCounts()
	h.run(t, "orders_voucher.hcl", "-var", "order_type=voucher")
	if _, writes := h.calls(); writes != 0 {
		t.Errorf("a second voucher run wrote %d times", writes)
	}

	// The sales-invoice order type (order_type = sales_invoice): the same
	// orders as customer invoice drafts, with the customers and articles
	// found above and the delivery method of the order.
	if s := h.run(t, "orders_invoice.hcl", "-var", "order_type=sales_invoice"); !strings.Contains(s, "written 6") {
		t.Fatalf("orders_invoice: %s", s)
	}
	drafts := eac.list("/v2/customerinvoicedrafts")
	d3 := pairOne(t, drafts, "YourReference", "ASP-3")
	d3rows, _ := d3["Rows"].([]any)
	if d3["CustomerId"] != dupont["Id"] || d3["DeliveryMethodCode"] != "DHL" || len(d3rows) != 1 ||
		pairStr(d3rows[0].(map[string]any)["DiscountPercentage"]) != "0.1" {
		t.Errorf("order 3 as an invoice draft: %v", d3)
	}
	if d5 := pairOne(t, drafts, "YourReference", "ASP-5"); d5["CustomerId"] != groen["Id"] || d5["DeliveryMethodCode"] != "STANDAARD" {
		t.Errorf("order 5 as an invoice draft: %v", d5)
	}
	h.resetCounts()
	h.run(t, "orders_invoice.hcl", "-var", "order_type=sales_invoice")
	if _, writes := h.calls(); writes != 0 {
		t.Errorf("a second invoice run wrote %d times", writes)
	}
}

// pairLabel is the name of an eAccounting customer's first label.
func pairLabel(cust map[string]any) string {
	labels, _ := cust["CustomerLabels"].([]any)
	if len(labels) == 0 {
		return ""
	}
	l, _ := labels[0].(map[string]any)
	return pairStr(l["Name"])
}
