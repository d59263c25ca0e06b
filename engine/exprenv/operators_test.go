package exprenv

import (
	"strings"
	"testing"
)

// The source record used by the operator tests: numbers arrive as Decimals
// seen by the checker as `any` (source.x), literals are int or float64.
const opSource = `{"price":19.99,"qty":3,"rate":21,"half":1.50,"zero":0,"name":"ACME","code":"NL","big":9223372036854775807,` +
	`"tags":["a","b"],"nums":[1,2.5],"when":"2024-03-15T10:00:00Z","flag":true,"neg":-2.5}`

func TestOperators(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"decimal times decimal":     {`source.price * source.qty`, `59.97`},
		"round of product":          {`round(source.price * source.qty * 1.21, 2)`, `72.56`},
		"float literals are exact":  {`0.1 + 0.2`, `0.3`},
		"float literal times field": {`source.price * 1.21`, `24.1879`},
		"int plus int stays int":    {`1 + 2`, `3`},
		"int times decimal":         {`2 * source.price`, `39.98`},
		"int division is exact":     {`7 / 2`, `3.5`},
		"decimal division":          {`source.price / 4`, `4.9975`},
		"division rounds at 19":     {`1 / 3`, `0.3333333333333333333`},
		"int modulo":                {`7 % 3`, `1`},
		"decimal modulo":            {`source.price % 1`, `0.99`},
		"int overflow to decimal":   {`9223372036854775807 + 1`, `9223372036854775808`},
		"subtract keeps scale":      {`source.half - 0.5`, `1.00`},
		"precedence":                {`1 + source.qty * 2`, `7`},
		"parenthesised":             {`(1 + source.qty) * 2`, `8`},
		"string concat":             {`source.name + "-" + source.code`, `"ACME-NL"`},
		"eq by value":               {`source.half == 1.5`, `true`},
		"eq decimal int":            {`source.qty == 3`, `true`},
		"ne":                        {`source.qty != 3.0`, `false`},
		"eq strings":                {`source.code == "NL"`, `true`},
		"eq nil missing":            {`source.missing == nil`, `true`},
		"eq kinds differ":           {`source.code == 3`, `false`},
		"eq bools":                  {`source.flag == true`, `true`},
		"eq arrays":                 {`source.nums == [1, 2.50]`, `true`},
		"lt decimal":                {`source.price < 20`, `true`},
		"ge":                        {`source.qty >= 3`, `true`},
		"gt strings":                {`source.name > "AB"`, `true`},
		"le ints":                   {`len(source.tags) <= 2`, `true`},
		"in with decimal":           {`source.qty in [1, 2, 3]`, `true`},
		"in with float list":        {`source.half in [1.5, 2]`, `true`},
		"not in":                    {`source.code not in ["BE", "DE"]`, `true`},
		"in object":                 {`"price" in source`, `true`},
		"in null":                   {`"a" in source.missing`, `false`},
		"unary minus decimal":       {`-source.price`, `-19.99`},
		"unary minus int":           {`-len(source.tags)`, `-2`},
		"unary minus call":          {`-round(source.neg, 0)`, `3`},
		"unary minus expression":    {`-(source.price * 2)`, `-39.98`},
		"nil coalescing":            {`(source.missing ?? 0) + 1`, `1`},
		"ternary":                   {`source.qty > 2 ? "bulk" : "single"`, `"bulk"`},
		"time compare":              {`parseDate(source.when, "rfc3339") < now()`, `true`},
		"predicate sum":             {`sum(source.nums, # * 2)`, `7.0`},
		"filter with decimals":      {`filter(source.nums, # > 1)`, `[2.5]`},
		"builtin get two args":      {`get(source, "code")`, `"NL"`},
		"len still int":             {`len(source.tags) * 10`, `20`},
		"any plus any is not int":   {`hasPrefix(source.name + source.code, "ACME")`, `true`},
		"int plus int typed int":    {`1..(len(source.tags) + 1)`, `[1,2,3]`},
		"decimal typed for builtin": {`source.qty - 1 in [2]`, `true`},
		"time minus duration":       {`formatDate(now() - duration("36h"), "date", "UTC")`, `"2024-03-13"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := evalJSON(cfg, tc.expr, opSource)
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.expr, got, tc.want)
			}
		})
	}
}

func TestOperatorErrors(t *testing.T) {
	cfg := testConfig(t)
	tests := map[string]struct{ expr, want string }{
		"add null":           {`source.missing + 3`, `cannot add null and 3`},
		"multiply text":      {`source.name * 2`, `cannot multiply "ACME" and 2`},
		"text plus number":   {`source.code + source.qty`, `use concat() or string()`},
		"divide by zero":     {`source.price / source.zero`, `division by zero`},
		"int divide by zero": {`1 / 0`, `division by zero`},
		"int modulo by zero": {`5 % source.zero`, `division by zero`},
		"compare null":       {`source.missing > 1`, `cannot compare null > 1`},
		"compare kinds":      {`source.name < 3`, `cannot compare "ACME" < 3`},
		"negate text":        {`-source.name`, `cannot negate "ACME"`},
		"decimal overflow":   {`source.big * source.big`, `cannot multiply`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := evalJSON(cfg, tc.expr, opSource)
			if err == nil {
				t.Fatalf("%s: want error containing %q, got %s", tc.expr, tc.want, got)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: error %q does not contain %q", tc.expr, err, tc.want)
			}
		})
	}
}
