package pipelinetest

import "testing"

func TestResultName(t *testing.T) {
	for _, c := range []struct {
		pipeline, caseName, dir, want string
	}{
		{"orders", "orders/paid", "x/tests/orders/paid", "orders/paid"},                 // tests/<pipeline>/<case>
		{"orders", "paid", "x/tests/paid", "orders/paid"},                               // tests/<case>
		{"orders", "orders_v2/paid", "x/tests/orders_v2/paid", "orders/orders_v2/paid"}, // only a whole folder name is dropped
		{"journal", "orders/paid", "x/tests/orders/paid", "journal/orders/paid"},        // case.hcl picks another pipeline
		{"", "orders/paid", "x/tests/orders/paid", "x/tests/orders/paid"},               // the file does not load
	} {
		r := Result{Pipeline: c.pipeline, Case: Case{Name: c.caseName, Dir: c.dir}}
		if got := r.Name(); got != c.want {
			t.Errorf("%+v: Name() = %q, want %q", c, got, c.want)
		}
	}
}
