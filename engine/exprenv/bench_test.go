package exprenv

import (
	"testing"

	"github.com/expr-lang/expr"
	"github.com/govalues/decimal"
	"github.com/tidwall/gjson"
)

// BenchmarkRoundPriceTimesQty measures the typical money transform through
// expr with the decimal overloads: one multiplication and one round.
func BenchmarkRoundPriceTimesQty(b *testing.B) {
	item := map[string]any{"price": decimal.MustParse("19.99"), "qty": decimal.MustParse("3")}
	vars := map[string]any{"item": item}
	benchExpr(b, `round(item.price * item.qty, 2)`, vars, Options(nil)...)
}

// BenchmarkRoundPriceTimesQtyFloat is the same expression on float64 with
// expr's own operators and round, for comparison (not exact money).
func BenchmarkRoundPriceTimesQtyFloat(b *testing.B) {
	vars := map[string]any{"item": map[string]any{"price": 19.99, "qty": 3.0}}
	benchExpr(b, `round(item.price * item.qty * 100) / 100`, vars)
}

// BenchmarkGetFromRecord measures get(path) on a raw record, which includes
// the gjson lookup and the conversion to a Decimal.
func BenchmarkGetFromRecord(b *testing.B) {
	raw := []byte(`{"id":1,"customer":{"name":"ACME"},"lines":[{"price":19.99,"qty":3},{"price":5.45,"qty":1}]}`)
	vars := map[string]any{RecordVar: raw}
	benchExpr(b, `round(get("lines.0.price") * get("lines.0.qty"), 2)`, vars, Options(nil)...)
}

// BenchmarkFromJSONLine measures converting one order line to a value.
func BenchmarkFromJSONLine(b *testing.B) {
	line := gjson.Parse(`{"sku":"A-1","price_incl":12.10,"qty":3,"vat":21,"name":"Bread"}`)
	b.ReportAllocs()
	for b.Loop() {
		_ = FromJSON(line)
	}
}

// benchExpr compiles src with opts against vars and measures running it.
func benchExpr(b *testing.B, src string, vars map[string]any, opts ...expr.Option) {
	b.Helper()
	prog, err := expr.Compile(src, append(opts, expr.Env(vars))...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := expr.Run(prog, vars); err != nil {
			b.Fatal(err)
		}
	}
}
