package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// seedAccounts returns a seed with one division and n accounts named
// "Customer 0001"….
func seedAccounts(t *testing.T, n int) *bytes.Reader {
	t.Helper()
	accounts := make([]map[string]any, n)
	for i := range accounts {
		accounts[i] = map[string]any{"Name": fmt.Sprintf("Customer %04d", i+1), "City": []string{"Utrecht", "Gent"}[i%2]}
	}
	b, err := json.Marshal(map[string]any{"divisions": []int{testDivision}, "Accounts": accounts})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// collect follows __next links from path and returns every row and the
// number of pages.
func collect(t *testing.T, f *fixture, path string) ([]map[string]any, int) {
	t.Helper()
	var all []map[string]any
	pages := 0
	for path != "" {
		body := f.mustDo(200, "GET", path, nil)
		all = append(all, results(t, body)...)
		pages++
		path = next(body)
		if pages > 100 {
			t.Fatal("paging does not end")
		}
	}
	return all, pages
}

func TestPagingCRUD(t *testing.T) {
	f := newFixture(t, Options{Seed: seedAccounts(t, 150)})
	rows, pages := collect(t, f, "crm/Accounts?$select=ID,Name")
	if len(rows) != 150 || pages != 3 {
		t.Fatalf("got %d rows in %d pages, want 150 in 3", len(rows), pages)
	}
	ids := map[string]bool{}
	var order []string
	for _, r := range rows {
		id := r["ID"].(string)
		if ids[id] {
			t.Fatalf("row %s served twice", id)
		}
		ids[id] = true
		order = append(order, id)
		if _, has := r["City"]; has {
			t.Fatal("$select=ID,Name returned City")
		}
	}
	if !sort.StringsAreSorted(order) {
		t.Error("CRUD pages are not in key order")
	}

	first := f.mustDo(200, "GET", "crm/Accounts?$select=ID,Name&$filter=City eq 'Utrecht'", nil)
	link := next(first)
	if len(results(t, first)) != 60 || link == "" {
		t.Fatalf("first filtered page: %d rows, next %q", len(results(t, first)), link)
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() {
		t.Fatalf("__next %q is not an absolute URL", link)
	}
	last := results(t, first)[59]["ID"].(string)
	if !strings.HasSuffix(link, "$skiptoken=guid'"+last+"'") {
		t.Errorf("__next %q does not end with the last row's guid", link)
	}
	if u.Query().Get("$filter") != "City eq 'Utrecht'" || u.Query().Get("$select") != "ID,Name" {
		t.Errorf("__next %q lost the query options", link)
	}
	rest, _ := collect(t, f, link)
	if len(rest) != 15 {
		t.Errorf("second filtered page: %d rows, want 15", len(rest))
	}
}

func TestPagingTopAndOrder(t *testing.T) {
	f := newFixture(t, Options{Seed: seedAccounts(t, 150)})
	body := f.mustDo(200, "GET", "crm/Accounts?$top=5", nil)
	if n := len(results(t, body)); n != 5 || next(body) != "" {
		t.Errorf("$top=5: %d rows, next %q", n, next(body))
	}
	rows, pages := collect(t, f, "crm/Accounts?$top=70&$select=Name")
	if len(rows) != 70 || pages != 2 {
		t.Errorf("$top=70: %d rows in %d pages, want 70 in 2", len(rows), pages)
	}

	rows, _ = collect(t, f, "crm/Accounts?$orderby=Name desc&$select=Name,ID")
	if len(rows) != 150 {
		t.Fatalf("ordered: %d rows", len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if rows[i-1]["Name"].(string) < rows[i]["Name"].(string) {
			t.Fatalf("row %d %q before %q: not descending", i, rows[i-1]["Name"], rows[i]["Name"])
		}
	}
	if rows[0]["Name"] != "Customer 0150" {
		t.Errorf("first by Name desc = %v", rows[0]["Name"])
	}

	bad := map[string]string{
		"crm/Accounts?$orderby=Nope":           "no property 'Nope'",
		"crm/Accounts?$orderby=Name sideways":  "expected asc or desc",
		"crm/Accounts?$top=-1":                 "$top",
		"crm/Accounts?$skiptoken=42":           "$skiptoken",
		"crm/Accounts?$select=Name,Nope":       "no property 'Nope'",
		"crm/Accounts?$expand=SalesOrderLines": "not an expandable collection",
		"crm/Accounts?$skip=10":                "'$skip' is not supported",
		"crm/Accounts?$filter=Name eq":         "expression expected",
	}
	for path, want := range bad {
		resp, body := f.do("GET", path, nil)
		if resp.StatusCode != 400 || !strings.Contains(errMsg(body), want) {
			t.Errorf("%s: %d %q, want 400 containing %q", path, resp.StatusCode, errMsg(body), want)
		}
	}
}

func TestExpandLines(t *testing.T) {
	f := newFixture(t, Options{})
	order := single(t, f.mustDo(201, "POST", "salesorder/SalesOrders", map[string]any{"OrderedBy": seedAccount1,
		"SalesOrderLines": []any{map[string]any{"Item": seedWidget, "Quantity": 2}, map[string]any{"Item": seedBook}}}))
	id := order["OrderID"].(string)

	plain := single(t, f.mustDo(200, "GET", "salesorder/SalesOrders(guid'"+id+"')", nil))
	deferred, _ := plain["SalesOrderLines"].(map[string]any)["__deferred"].(map[string]any)
	if deferred == nil || !strings.HasSuffix(deferred["uri"].(string), "/SalesOrderLines") {
		t.Fatalf("unexpanded lines = %v, want a __deferred link", plain["SalesOrderLines"])
	}
	viaLink := results(t, f.mustDo(200, "GET", deferred["uri"].(string), nil))
	if len(viaLink) != 2 {
		t.Errorf("deferred link lists %d lines, want 2", len(viaLink))
	}

	exp := results(t, f.mustDo(200, "GET", "salesorder/SalesOrders?$filter=OrderID eq guid'"+id+
		"'&$expand=SalesOrderLines&$select=OrderNumber,SalesOrderLines/ItemCode,SalesOrderLines/LineNumber", nil))
	if len(exp) != 1 {
		t.Fatalf("filter by OrderID: %d rows", len(exp))
	}
	lines := exp[0]["SalesOrderLines"].(map[string]any)["results"].([]any)
	if len(lines) != 2 {
		t.Fatalf("expanded %d lines", len(lines))
	}
	l1 := lines[0].(map[string]any)
	if l1["ItemCode"] != "WIDGET-001" || num(l1["LineNumber"]) != "1" || l1["Quantity"] != nil {
		t.Errorf("first expanded line %v: want ItemCode and LineNumber only", l1)
	}
	if _, has := exp[0]["AmountFC"]; has {
		t.Error("$select kept AmountFC")
	}
	resp, body := f.do("GET", "salesorder/SalesOrders?$select=SalesOrderLines/ItemCode", nil)
	if resp.StatusCode != 400 || !strings.Contains(errMsg(body), "$expand") {
		t.Errorf("nested $select without $expand: %d %v", resp.StatusCode, body)
	}
}
