package exprenv

import (
	"strings"
	"testing"
)

// sortSource has every kind of sort key a record gives: decimals of
// different scales, text, date text and a missing key.
const sortSource = `{"lines":[` +
	`{"sku":"A","price":12.50,"at":"2024-03-02T10:00:00+01:00"},` +
	`{"sku":"B","price":0.99,"at":"2024-03-01T10:00:00Z"},` +
	`{"sku":"C","price":3,"at":"2024-03-02T08:00:00Z"},` +
	`{"sku":"D","at":"2024-03-01T09:00:00Z"},` +
	`{"sku":"E","price":3.00,"at":"2024-03-03T00:00:00Z"}],` +
	`"nums":[2.5,10,1,-3.25]}`

func TestSorting(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"sortBy decimal":              {`map(sortBy(source.lines, .price), .sku)`, `["B","C","E","A","D"]`},
		"sortBy decimal desc":         {`map(sortBy(source.lines, .price, "desc"), .sku)`, `["A","C","E","B","D"]`},
		"sortBy via get":              {`map(sortBy(get("lines"), .price), .sku)`, `["B","C","E","A","D"]`},
		"sortBy instant":              {`map(sortBy(source.lines, parseDate(.at, "rfc3339")), .sku)`, `["D","B","C","A","E"]`},
		"sortBy text desc":            {`map(sortBy(source.lines, .sku, "desc"), .sku)`, `["E","D","C","B","A"]`},
		"sortBy computed key":         {`map(sortBy(source.lines, -(.price ?? 0)), .sku)`, `["A","C","E","B","D"]`},
		"sortBy literal mix":          {`sortBy([2, 1.5, source.nums[0]], #)`, `[1.5,2,2.5]`},
		"sortBy in pipe":              {`(source.lines | sortBy(.price))[0].sku`, `"B"`},
		"sort decimals":               {`sort(source.nums)`, `[-3.25,1,2.5,10]`},
		"sort desc":                   {`sort(source.nums, "desc")`, `[10,2.5,1,-3.25]`},
		"sort does not change input":  {`let s = sort(source.nums); source.nums[0]`, `2.5`},
		"sort null":                   {`sort(source.missing)`, `null`},
		"uniq by value":               {`uniq([1.5, source.nums[0] - 1, 2.5, "1.5"])`, `[1.5,2.5,"1.5"]`},
		"min and max agree with sort": {`[min(source.nums), max(source.nums)] == [first(sort(source.nums)), last(sort(source.nums))]`, `true`},
	}
	for name, tt := range tests {
		got, err := evalJSON(cfg, tt.expr, sortSource)
		if err != nil {
			t.Errorf("%s: %s: %v", name, tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: %s = %s, want %s", name, tt.expr, got, tt.want)
		}
	}
}

func TestSortingErrors(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"mixed kinds":  {`sortBy(source.lines, .sku == "A" ? 1 : .sku)`, `sortBy: cannot compare`},
		"bad order":    {`sortBy(source.lines, .price, "up")`, `sortBy: order must be "asc" or "desc", got "up"`},
		"sort mixed":   {`sort([1, "a"])`, `sort: cannot compare`},
		"sort scalar":  {`sort("abc")`, `sort: expected an array, got "abc"`},
		"uniq scalar":  {`uniq(3)`, `uniq: expected an array, got 3`},
		"sort bad ord": {`sort([1], 1)`, `sort: order must be "asc" or "desc", got 1`},
	}
	for name, tt := range tests {
		_, err := evalJSON(cfg, tt.expr, sortSource)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %s: error %v, want one containing %q", name, tt.expr, err, tt.want)
		}
	}
}
