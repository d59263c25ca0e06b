package exactonline

import (
	"testing"
)

func TestNormalize(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"dates to RFC 3339 UTC": {
			`{"Created":"/Date(1710409200000)/","Modified":"/Date(1710409200123+0100)/","Before1970":"/Date(-86400000)/"}`,
			`{"Created":"2024-03-14T09:40:00Z","Modified":"2024-03-14T09:40:00.123Z","Before1970":"1969-12-31T00:00:00Z"}`},
		"metadata and deferred links dropped": {
			`{"__metadata":{"uri":"x","type":"T"},"ID":"a","BankAccounts":{"__deferred":{"uri":"x/BankAccounts"}}}`,
			`{"ID":"a"}`},
		"expanded lines unwrapped, each normalised": {
			`{"OrderID":"o","SalesOrderLines":{"results":[{"__metadata":{"uri":"l"},"ID":"l1","DeliveryDate":"/Date(0)/"}]}}`,
			`{"OrderID":"o","SalesOrderLines":[{"ID":"l1","DeliveryDate":"1970-01-01T00:00:00Z"}]}`},
		"number text and order kept": {
			`{"Z":1.50,"A":1e3,"M":-0.000,"Price":12345678901234567890.12}`,
			`{"Z":1.50,"A":1e3,"M":-0.000,"Price":12345678901234567890.12}`},
		"strings that only look like dates stay": {
			`{"Note":"/Date(soon)/","Text":"see /Date(1)/","Esc":"a\"b\\c\u00e9"}`,
			`{"Note":"/Date(soon)/","Text":"see /Date(1)/","Esc":"a\"b\\c\u00e9"}`},
		"nulls, booleans, empty containers, spacing": {
			"{ \"A\" : null ,\n \"B\":true,\"C\":[ ],\"D\":{},\"E\":[1, 2 ,\"x\"]}",
			`{"A":null,"B":true,"C":[],"D":{},"E":[1,2,"x"]}`},
		"an object with results and more is not a collection": {
			`{"X":{"results":[1],"other":2}}`,
			`{"X":{"results":[1],"other":2}}`},
		"escaped keys": {
			`{"a\"b":1}`,
			`{"a\"b":1}`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := normalize([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	for _, bad := range []string{`[1,2]`, `{"a":`, `{"a" 1}`, `{"a":"x}`} {
		if _, err := normalize([]byte(bad)); err == nil {
			t.Errorf("normalize(%s) succeeded", bad)
		}
	}
}

func TestScalarField(t *testing.T) {
	rec := []byte(`{"ID":"abc","Timestamp":123456789012,"Obj":{"ID":"inner"},"Null":null,"Code":"  25"}`)
	for field, want := range map[string]string{"ID": "abc", "Timestamp": "123456789012", "Obj": "", "Null": "", "Code": "  25", "Missing": ""} {
		if got := scalarField(rec, field); got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
}

func TestFieldOf(t *testing.T) {
	order, account := entityByName["sales_order"], entityByName["account"]
	for msg, want := range map[string]string{
		"SalesOrderLines[2].Item: Item x does not exist in division 1":                                                     "SalesOrderLines.1.Item",
		"Mandatory: SalesOrderLines[1].Item":                                                                               "SalesOrderLines.0.Item",
		"Mandatory: OrderedBy":                                                                                             "OrderedBy",
		"Mandatory: SalesOrderLines (at least one line)":                                                                   "SalesOrderLines",
		"OrderedBy: Account x does not exist in division 1":                                                                "OrderedBy",
		"Error processing request stream. The property name 'Colour' specified for type 'T'":                               "",
		"Error processing request stream. The property name 'SalesOrderLines[1].Foo' specified for type 'T' is not valid.": "SalesOrderLines.0",
		"Forbidden: division 2 is not accessible":                                                                          "",
		"Het artikel bestaat niet.":                                                                                        "",
	} {
		if got := fieldOf(order, msg); got != want {
			t.Errorf("fieldOf(%q) = %q, want %q", msg, got, want)
		}
	}
	if got := fieldOf(account, "Status: 'X' is not an account status (C, P, S, A)"); got != "Status" {
		t.Errorf("account status: %q", got)
	}
}
