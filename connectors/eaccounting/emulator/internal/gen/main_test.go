package main

import (
	"strings"
	"testing"
)

// testSpec is a miniature of Visma's document with the shapes the
// generator meets: a paged list, a create with a body, a nested component,
// an array of rows, enumerations from a description and from enum, a
// nullable type list and a decimals pattern.
const testSpec = `
paths:
  /customers:
    get:
      description: "Requires any of the following scopes: \r\n\n* ea:sales\r\n\n* ea:sales_readonly"
      responses:
        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/PaginatedResponseOfCustomerApi"}}}}
    post:
      description: "Requires any of the following scopes: \n* ea:sales"
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/CustomerApi"}}}}
      responses:
        "201": {content: {application/json: {schema: {$ref: "#/components/schemas/CustomerApi"}}}}
        "400": {content: {application/json: {schema: {$ref: "#/components/schemas/Bad"}}}}
  /customers/{customerId}:
    delete:
      description: "Requires any of the following scopes: \n* ea:sales"
      responses:
        "200": {description: ok}
components:
  schemas:
    CustomerApi:
      required: [Name]
      properties:
        Id: {type: string, format: uuid, readOnly: true}
        Name: {maxLength: 50, type: string}
        Kind:
          type: [integer, "null"]
          format: int32
          description: "<strong>Possible values:</strong><br/>Draft = 1,<br/>Ongoing = 2<br/><br/>Text."
        Mode: {enum: [0, 1, 2], type: integer}
        Price: {minimum: 0, maximum: 99000000, pattern: "[-]?\\d+(.\\d{1,2})?", type: number, format: double}
        Changed: {type: [string, "null"], format: date-time, readOnly: true}
        Terms: {$ref: "#/components/schemas/TermsApi"}
        Rows: {type: [array, "null"], items: {$ref: "#/components/schemas/RowApi"}}
        Tags: {type: array, items: {type: string, format: uuid}}
    TermsApi:
      properties:
        Days: {type: integer, format: int32}
    RowApi:
      properties:
        Active: {type: boolean}
    PaginatedResponseOfCustomerApi:
      properties:
        Data: {type: array, items: {$ref: "#/components/schemas/CustomerApi"}}
`

func TestGenerate(t *testing.T) {
	saved := served
	served = []string{"GET /customers", "POST /customers", "DELETE /customers/{customerId}"}
	defer func() { served = saved }()
	src, err := generate([]byte(testSpec))
	if err != nil {
		t.Fatal(err)
	}
	out := string(src)
	for _, want := range []string{
		`{Method: "GET", Path: "/customers", Scopes: []string{"ea:sales", "ea:sales_readonly"}, Status: 200, Request: "", Response: "CustomerApi", Paged: true}`,
		`{Method: "POST", Path: "/customers", Scopes: []string{"ea:sales"}, Status: 201, Request: "CustomerApi", Response: "CustomerApi", Paged: false}`,
		`{Method: "DELETE", Path: "/customers/{customerId}", Scopes: []string{"ea:sales"}, Status: 200, Request: "", Response: "", Paged: false}`,
		`{Name: "Id", Kind: kindUUID, Flags: fReadOnly}`,
		`{Name: "Name", Kind: kindString, MaxLen: 50, Flags: fRequired}`,
		`{Name: "Kind", Kind: kindInteger, Enum: []int{1, 2}, Flags: fNullable}`,
		`{Name: "Mode", Kind: kindInteger, Enum: []int{0, 1, 2}}`,
		`{Name: "Price", Kind: kindNumber, Min: "0", Max: "99000000", Decimals: 2}`,
		`{Name: "Changed", Kind: kindDateTime, Flags: fReadOnly | fNullable}`,
		`{Name: "Terms", Kind: kindObject, Ref: "TermsApi", Flags: fNullable}`,
		`{Name: "Rows", Kind: kindArray, Elem: kindObject, Ref: "RowApi", Flags: fNullable}`,
		`{Name: "Tags", Kind: kindArray, Elem: kindUUID}`,
		`"TermsApi": {Name: "TermsApi"`,
		`"RowApi": {Name: "RowApi"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("generated source lacks %s", want)
		}
	}
	if strings.Contains(out, `"Bad"`) || strings.Contains(out, "PaginatedResponseOf") {
		t.Error("the table holds components no served operation returns")
	}
	if i, j := strings.Index(out, `Name: "Id"`), strings.Index(out, `Name: "Changed"`); i > j {
		t.Error("Id is not the first field")
	}

	served = []string{"GET /nowhere"}
	if _, err := generate([]byte(testSpec)); err == nil || !strings.Contains(err.Error(), "GET /nowhere is not in the document") {
		t.Errorf("unknown operation: %v", err)
	}
}

func TestEnumValues(t *testing.T) {
	tests := map[string][]int{
		"<strong>Possible values:</strong><br/>0 = Paid,<br/>1 = Unpaid":   {0, 1},
		"<strong>Possible values:</strong><br/>Draft = 1,<br/>Ongoing = 2": {1, 2},
		"<strong>Possible values:</strong><br/>8-12 numbers and letters":   nil,
		"<strong>Possible values:</strong><br/>True = yes<br/>False = no":  nil,
		"plain text": nil,
	}
	for desc, want := range tests {
		got := enumValues(desc)
		if len(got) != len(want) {
			t.Errorf("%q: %v, want %v", desc, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: %v, want %v", desc, got, want)
			}
		}
	}
}
