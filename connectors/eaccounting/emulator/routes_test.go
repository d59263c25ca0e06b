package emulator

import (
	"net/http"
	"testing"
)

// TestEveryOperationHasAHandler ties the generated table to the code: an
// operation added to the generator's list must come with behaviour.
func TestEveryOperationHasAHandler(t *testing.T) {
	for _, op := range genOperations {
		if handlers[op.Method+" "+op.Path] == nil {
			t.Errorf("no handler for %s %s", op.Method, op.Path)
		}
		for _, c := range []string{op.Request, op.Response} {
			if c != "" && genComponents[c] == nil {
				t.Errorf("%s %s: component %s is not in the table", op.Method, op.Path, c)
			}
		}
		if len(op.Scopes) == 0 {
			t.Errorf("%s %s lists no scopes", op.Method, op.Path)
		}
	}
	if len(handlers) != len(genOperations) {
		t.Errorf("%d handlers for %d operations", len(handlers), len(genOperations))
	}
	for _, d := range entityDefs {
		if d.component() == nil {
			t.Errorf("entity %s: component %s is not in the table", d.Table, d.Component)
		}
	}
}

func TestRoutes(t *testing.T) {
	tests := map[string]string{
		"/v2/customers":                             "/v2/customers",
		"/v2/CUSTOMERS/abc":                         "/v2/customers/{customerId}",
		"/v2/orders/abc/convert":                    "/v2/orders/{id}/convert",
		"/v2/vouchers/a/b":                          "/v2/vouchers/{fiscalyearId}/{voucherId}",
		"/v2/customerinvoicedrafts/x":               "/v2/customerinvoicedrafts/{customerInvoiceDraftId}",
		"/v2/unknown/x":                             "/v2/unknown/x",
		"/connect/token":                            "/connect/token",
		"/v2/articleaccountcodings/" + codingGoods9: "/v2/articleaccountcodings/{articleAccountCodingId}",
	}
	for path, want := range tests {
		if got := endpointRoute(path); got != want {
			t.Errorf("endpointRoute(%q) = %q, want %q", path, got, want)
		}
	}
	rt, params := matchRoute("vouchers/fy%2D1/v1")
	if rt == nil || len(params) != 2 || params[0] != "fy-1" || rt.ops[http.MethodGet] == nil {
		t.Errorf("matchRoute: %v %v", rt, params)
	}
}
