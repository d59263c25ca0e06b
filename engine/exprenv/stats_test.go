package exprenv

import (
	"strings"
	"testing"
)

// statsSource has decimals of different scales for the same value, the
// way two systems write one price.
const statsSource = `{"lines":[` +
	`{"sku":"A","price":1.50,"qty":2},` +
	`{"sku":"B","price":1.5,"qty":1},` +
	`{"sku":"C","price":2.00,"qty":3},` +
	`{"sku":"D","qty":1}],` +
	`"nums":[2.5,10,1,-3.25]}`

func TestStats(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"mean decimals":          {`mean(source.nums)`, `2.5625`},
		"mean of three":          {`mean(map(source.lines, .price))`, `1.666666666666666667`},
		"mean equals division":   {`mean(1, 2, 2) == (1 + 2 + 2) / 3`, `true`},
		"mean keeps scale":       {`mean(source.lines[0].price, source.lines[2].price)`, `1.75`},
		"mean rounds to 19":      {`mean([2.00, 0, 0])`, `0.6666666666666666667`},
		"mean of nothing":        {`mean([nil])`, `null`},
		"mean of null":           {`mean(source.missing)`, `null`},
		"median odd":             {`median([3, 1.50, 2])`, `2`},
		"median even":            {`median(source.nums)`, `1.75`},
		"median even scale":      {`median([decimal("1.50"), decimal("2.50")])`, `2.00`},
		"median equal middles":   {`median([decimal("1.50"), decimal("1.5"), 0, 9])`, `1.50`},
		"median of nothing":      {`median([])`, `null`},
		"groupBy equal decimals": {`len(groupBy(source.lines, .price))`, `3`},
		"groupBy keeps order":    {`map(groupBy(source.lines, .price)[1.5 + 0], .sku)`, `["A","B"]`},
		"groupBy int index":      {`map(groupBy(source.lines, .price)[2], .sku)`, `["C"]`},
		"groupBy null key":       {`map(groupBy(source.lines, .price)[nil], .sku)`, `["D"]`},
		"groupBy text":           {`sort(keys(groupBy(source.lines, .sku)))`, `["A","B","C","D"]`},
		"groupBy literal mix":    {`len(groupBy([1, 1.0, source.nums[2], 2], #))`, `2`},
		"groupBy in pipe":        {`len(source.lines | groupBy(.qty))`, `3`},
		"groupBy then sum":       {`sort(map(values(groupBy(source.lines, .price ?? 0)), sum(#, .qty)))`, `[1,3,3]`},
	}
	for name, tt := range tests {
		got, err := evalJSON(cfg, tt.expr, statsSource)
		if err != nil {
			t.Errorf("%s: %s: %v", name, tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: %s = %s, want %s", name, tt.expr, got, tt.want)
		}
	}
}

func TestStatsErrors(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"mean text":      {`mean(map(source.lines, .sku))`, `mean: element 0 is "A", not a number`},
		"median text":    {`median(1, "2")`, `median: element 1 is "2", not a number`},
		"groupBy object": {`groupBy(source.lines, #)`, `groupBy: key an object is not a single value`},
	}
	for name, tt := range tests {
		_, err := evalJSON(cfg, tt.expr, statsSource)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %s: error %v, want one containing %q", name, tt.expr, err, tt.want)
		}
	}
}
