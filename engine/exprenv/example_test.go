package exprenv_test

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
	"github.com/pipeline-dev/pipeline/engine/exprenv"
	"github.com/tidwall/gjson"
)

// A webshop order as the source connector delivers it.
const order = `{
  "id": 1042,
  "created_at": "2024-03-31T23:30:00-04:00",
  "customer": {"id": 4711, "country": "nl", "email": "  Info@Bakkerij-Unal.NL "},
  "lines": [
    {"sku": " a-1 ", "price_incl": 12.10, "qty": 3, "vat": 21},
    {"sku": "b-22", "price_incl": 5.45, "qty": 1, "vat": 9}
  ]
}`

// mapField compiles one field transform the way the engine does (library
// options + its env), binds the record and optionally one line as `item`,
// and renders the result as JSON.
func mapField(expression string, item any) string {
	cfg := &exprenv.Config{Location: mustZone("Europe/Amsterdam")}
	vars := map[string]any{exprenv.RecordVar: []byte(order), "item": item}
	prog, err := expr.Compile(expression, append(exprenv.Options(cfg), expr.Env(vars))...)
	if err != nil {
		return "compile error: " + err.Error()
	}
	out, err := expr.Run(prog, vars)
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := exprenv.AppendJSON(nil, out)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Prices including VAT become net unit prices rounded to cents, and the
// line amount is computed from the rounded price, as the ERP does.
func Example_grossToNet() {
	lines := gjson.Get(order, "lines").Array()
	for _, line := range lines {
		item := exprenv.FromJSON(line)
		unit := mapField(`round(net(item.price_incl, item.vat), 2)`, item)
		amount := mapField(`round(round(net(item.price_incl, item.vat), 2) * item.qty, 2)`, item)
		vat := mapField(`round(item.price_incl * item.qty - round(net(item.price_incl, item.vat), 2) * item.qty, 2)`, item)
		fmt.Println(unit, amount, vat)
	}
	fmt.Println(mapField(`sum(get("lines"), .price_incl * .qty)`, nil))
	// Output:
	// 10.00 30.00 6.30
	// 5.00 5.00 0.45
	// 41.75
}

// The order was placed late in the evening in New York: the Dutch ledger
// books it on the next day, in the formats two target systems expect.
func Example_dateAcrossZones() {
	fmt.Println(mapField(`date(get("created_at"))`, nil))
	fmt.Println(mapField(`formatDate(get("created_at"), "DD-MM-YYYY HH:mm")`, nil))
	fmt.Println(mapField(`formatDate(get("created_at"), "odata", "UTC")`, nil))
	fmt.Println(mapField(`formatDate(addDays(date(get("created_at")), 30), "DD.MM.YYYY")`, nil))
	// Output:
	// "2024-04-01"
	// "01-04-2024 05:30"
	// "/Date(1711942200000)/"
	// "01.05.2024"
}

// Codes are normalised and padded to the fixed widths of the target system;
// missing values stay null instead of failing the record.
func Example_paddedCodes() {
	fmt.Println(mapField(`padLeft(get("customer.id"), 8, "0")`, nil))
	fmt.Println(mapField(`"WEB" + padLeft(string(get("id")), 6, "0")`, nil))
	fmt.Println(mapField(`upper(get("customer.country"))`, nil))
	fmt.Println(mapField(`lower(trim(get("customer.email")))`, nil))
	fmt.Println(mapField(`map(get("lines.#.sku"), upper(trim(#)))`, nil))
	fmt.Println(mapField(`padLeft(get("customer.debtor_code"), 8, "0")`, nil))
	// Output:
	// "00004711"
	// "WEB001042"
	// "NL"
	// "info@bakkerij-unal.nl"
	// ["A-1","B-22"]
	// null
}
