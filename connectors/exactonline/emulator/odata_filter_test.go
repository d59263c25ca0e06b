package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFilterEval(t *testing.T) {
	def := genEndpoints["crm/Accounts"]
	acme := row{"ID": "0e000000-0000-4000-8000-000000000001", "Name": "Acme O'Brien BV", "Code": "                25",
		"City": "Utrecht", "Blocked": false, "CreditLineSales": json.Number("1500.50"),
		"Modified": "/Date(1735725600000)/", "Email": nil} // 2025-01-01T10:00Z
	tests := []struct {
		filter string
		want   bool
	}{
		{"Name eq 'Acme O''Brien BV'", true},
		{"Name eq 'acme o''brien bv'", true}, // case-insensitive collation
		{"Name ne 'Acme'", true},
		{"Code eq '25'", false}, // leading spaces count
		{"trim(Code) eq '25'", true},
		{"Code eq '                25'", true},
		{"substringof('brien', Name)", true},
		{"substringof('xyz', Name)", false},
		{"startswith(Name, 'Acme')", true},
		{"endswith(Name, 'BV')", true},
		{"tolower(City) eq 'utrecht' and toupper(City) eq 'UTRECHT'", true},
		{"length(City) eq 7", true},
		{"CreditLineSales gt 1500", true},
		{"CreditLineSales ge 1500.5", true},
		{"CreditLineSales lt 1500.5m", false},
		{"CreditLineSales le 1500.50", true},
		{"ID eq guid'0E000000-0000-4000-8000-000000000001'", true},
		{"ID eq guid'{0e000000-0000-4000-8000-000000000001}'", true},
		// A typed literal followed by more filter: nothing after it is lost.
		{"ID eq guid'0e000000-0000-4000-8000-000000000009' or City eq 'Utrecht'", true},
		{"Modified ge datetime'2025-01-01' and City eq 'Delft'", false},
		{"Modified ge datetime'2025-01-01'", true},
		{"Modified gt datetime'2025-01-01T10:00:00'", false},
		{"Modified lt datetime'2025-01-01T10:00:01Z'", true},
		{"Blocked eq false", true},
		{"Blocked eq true or City eq 'Utrecht'", true},
		{"not (Blocked eq false)", false},
		{"(City eq 'Amsterdam' or City eq 'Utrecht') and Blocked eq false", true},
		{"City eq 'Amsterdam' or City eq 'Utrecht' and Blocked eq true", false}, // and binds tighter
		{"Email eq null", true},
		{"Email ne null", false},
		{"Email eq 'x@y'", false},
		{"substringof('a', Email)", false}, // null propagates
		{"Name eq 'Acme O''Brien BV' AND City EQ 'Utrecht'", true},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			n, err := parseFilter(tc.filter, def)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got := evalFilter(n, acme); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	def := genEndpoints["crm/Accounts"]
	tests := map[string]string{
		"Name eq":                         "expression expected at position 7",
		"Nmae eq 'x'":                     "no property 'Nmae' exists",
		"Name eq 'x":                      "unterminated string literal",
		"Name eq 5":                       "incompatible with operand types 'Edm.String' and 'a number'",
		"ID eq 'abc'":                     "incompatible with operand types 'Edm.Guid' and 'Edm.String'",
		"ID eq guid'nope'":                "invalid Guid literal",
		"Modified gt datetime'yesterday'": "invalid DateTime literal",
		"Blocked gt false":                "operator 'gt' is not defined",
		"CreditLineSales add 1 eq 2":      "arithmetic operator 'add' is not supported",
		"frobnicate(Name) eq 'x'":         "unknown function 'frobnicate'",
		"trim(Name, City) eq 'x'":         "takes 1 argument(s), got 2",
		"trim(CreditLineSales) eq 'x'":    "argument 1 of 'trim' must be Edm.String",
		"(Name eq 'x'":                    "')' expected",
		"Name eq 'x' City eq 'y'":         "unexpected \"City\"",
		"Name":                            "is not a condition",
		"Name eq 'x' and 5":               "needs conditions on both sides",
		"BankAccounts eq null":            "cannot be filtered on",
		"Name eq 'x' ; drop":              "unexpected character",
		"Name eq time'10:00'":             "unknown literal type 'time'",
		"not Name":                        "operator 'not' needs a condition",
	}
	for src, want := range tests {
		t.Run(src, func(t *testing.T) {
			_, err := parseFilter(src, def)
			if err == nil {
				t.Fatalf("no error, want one containing %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
			if ae, ok := err.(*apiError); !ok || ae.Status != 400 {
				t.Errorf("error %T %v is not a 400 apiError", err, err)
			}
		})
	}
}

func TestTimestampFloor(t *testing.T) {
	def := genEndpoints["sync/CRM/Accounts"]
	tests := map[string]int64{
		"Timestamp gt 100":                      100,
		"Timestamp ge 100":                      99,
		"Timestamp gt 100L":                     100,
		"100 lt Timestamp":                      100,
		"Timestamp gt 100 and Timestamp gt 200": 200,
		"Timestamp gt 100 or Timestamp gt 200":  100,
		"Timestamp lt 100":                      0,
		"not (Timestamp gt 100)":                0,
	}
	for src, want := range tests {
		n, err := parseFilter(src, def)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := tsFloor(n); got != want {
			t.Errorf("tsFloor(%s) = %d, want %d", src, got, want)
		}
	}
}
