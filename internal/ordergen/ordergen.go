package ordergen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// SKUs are the products orders are made of; ItemIDs gives each one an Exact
// Online item GUID for lookup tables.
var SKUs = []string{"SKU-1001", "SKU-1002", "SKU-1003", "SKU-2001", "SKU-2002", "SKU-3001", "SKU-3002", "SKU-4001", "SKU-4002", "SKU-5001"}

var names = []struct{ first, last string }{
	{"Anna", "de Vries"}, {"Pieter", "Jansen"}, {"Sanne", "Bakker"}, {"Daan", "Visser"}, {"Émile", "Dubois"},
	{"Lena", "Müller"}, {"Jan", "Smit"}, {"Eva", "Meijer"}, {"Noah", "Mulder"}, {"Julia", "de Boer"},
}
var companies = []string{"", "", "Bakkerij Smit B.V.", "", "Visser & Zonen", "", "Atelier Dubois SARL", ""}
var countries = []string{"NL", "NL", "NL", "BE", "DE", "FR", "NL"}
var statuses = []string{"paid", "paid", "paid", "processing", "pending", "paid", "cancelled", "shipped"}
var products = []string{"Oak cutting board", "Linen apron", "Espresso cups (set of 4)", "Chef's knife 20 cm", "Cast-iron pan", "Bread basket", "Tea towels (3)", "Pepper mill", "Butter dish", "Olive wood spoon"}
var vatRates = []string{"21", "21", "9", "21", "0"}

// ItemID returns the GUID the sample lookup table gives a SKU.
func ItemID(sku string) string {
	n := 0
	for _, c := range sku {
		n = n*31 + int(c)
	}
	return fmt.Sprintf("%08x-1111-4111-8111-%012x", n&0xffffffff, n)
}

// Order returns order number i of the stream for seed.
func Order(seed uint64, i int) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	n := names[r.IntN(len(names))]
	company := pick(companies)
	country := pick(countries)
	created := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 17 * time.Minute)
	b := make([]byte, 0, 1400)
	b = fmt.Appendf(b, `{"id":%d,"order_number":"WS-%06d","status":%q,"created_at":%q,"currency":"EUR",`,
		100000+i, i, pick(statuses), created.Format(time.RFC3339))
	email := fmt.Sprintf("%s.%s%d@Example.com", n.first, lastToken(n.last), i%97)
	b = fmt.Appendf(b, `"customer":{"id":%d,"email":%q,"first_name":%q,"last_name":%q,"company":%s,"phone":"+31 6 %08d","vat_number":%s},`,
		5000+i%97, email, n.first, n.last, nullable(company), r.IntN(100000000), nullable(map[bool]string{true: "NL8" + strconv.Itoa(10000000+i) + "B01"}[company != ""]))
	addr := fmt.Sprintf(`{"name":"%s %s","street":"Keizersgracht","house_number":"%d","postcode":"1015 CJ","city":"Amsterdam","country":%q}`, n.first, n.last, 1+r.IntN(700), country)
	b = fmt.Appendf(b, `"billing_address":%s,"shipping_address":%s,`, addr, addr)
	b = fmt.Appendf(b, `"payment":{"method":%q,"term":%d,"paid_at":%q},`, pick([]string{"ideal", "creditcard", "invoice", "paypal"}), []int{0, 14, 30}[r.IntN(3)], created.Add(5*time.Minute).Format(time.RFC3339))
	if r.IntN(3) > 0 {
		b = fmt.Appendf(b, `"shipping":{"method":%q,"amount_excl_vat":%s,"vat_rate":21},`, pick([]string{"postnl", "dhl", "pickup"}), pick([]string{"4.95", "6.95", "0.00", "12.50"}))
	}
	if r.IntN(5) == 0 {
		b = fmt.Appendf(b, `"discount":{"code":"SPRING%d","amount_excl_vat":%s},`, r.IntN(30), pick([]string{"5.00", "2.50", "10.00"}))
	}
	lines := 1 + r.IntN(8)
	b = append(b, `"line_items":[`...)
	for l := 0; l < lines; l++ {
		if l > 0 {
			b = append(b, ',')
		}
		k := r.IntN(len(SKUs))
		price := fmt.Sprintf("%d.%02d", 3+r.IntN(120), r.IntN(100))
		b = fmt.Appendf(b, `{"sku":%q,"ean":"87%011d","name":%q,"quantity":%d,"unit_price_excl_vat":%s,"vat_rate":%s,"discount_percent":%d}`,
			SKUs[k], 10000000+k, products[k], 1+r.IntN(4), price, pick(vatRates), []int{0, 0, 0, 10, 15}[r.IntN(5)])
	}
	b = fmt.Appendf(b, `],"notes":%s,"totals":{"excl_vat":%d.%02d,"vat":%d.%02d,"incl_vat":%d.%02d}}`,
		nullable(pick([]string{"", "Please ring twice", "", "Leave at the neighbours"})), 20+r.IntN(400), r.IntN(100), r.IntN(80), r.IntN(100), 30+r.IntN(500), r.IntN(100))
	return b
}

func lastToken(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ' ' {
			return s[i+1:]
		}
	}
	return s
}

func nullable(s string) string {
	if s == "" {
		return "null"
	}
	return strconv.Quote(s)
}
