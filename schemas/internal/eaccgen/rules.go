package main

import (
	"math"
	"strings"
)

// dateTimePattern only insists on an ISO 8601 date at the start. Visma
// expects "yyyy-MM-dd" on write for dates, returns dates as
// "yyyy-MM-ddT00:00:00" and audit times (ChangedUtc, ModifiedUtc) in UTC;
// format date-time would reject the first two.
const dateTimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}"

// personalEverywhere are field names that hold data about a natural person
// wherever they appear: names of people, contact details, postal addresses,
// identity, tax and bank numbers (of private persons and sole traders).
var personalEverywhere = map[string]bool{
	"EmailAddress": true, "EmailAddresses": true, "EmailAddressOrder": true, "EmailAddressQuote": true,
	"CustomerEmail": true, "ContactPersonEmail": true, "ContactPersonMobile": true,
	"ContactPersonName": true, "ContactPersonPhone": true, "Telephone": true, "MobilePhone": true,
	"CustomerName": true, "InvoiceCustomerName": true, "DeliveryCustomerName": true,
	"InvoiceAddress1": true, "InvoiceAddress2": true, "InvoicePostalCode": true, "InvoiceCity": true,
	"DeliveryAddress1": true, "DeliveryAddress2": true, "DeliveryPostalCode": true, "DeliveryCity": true,
	"VatNumber": true, "CorporateIdentityNumber": true, "Iban": true, "MandateId": true, "Ssn": true,
	"TaxDeductionNumber": true, "PropertyReference": true, "HouseWorkCorporateIdentityNumber": true,
	"HouseWorkPropertyName": true, "RotReducedInvoicingOrgNumber": true,
	"RotReducedInvoicingPropertyName": true, "ElectronicAddress": true,
	// "Your reference" and "our reference" name contact persons on Visma's
	// sales documents, even where an integration stores an order number.
	"YourReference": true, "OurReference": true,
}

// personalIn are fields that are personal only on one component: a
// customer's Name may be a private person's, an article's is not.
var personalIn = map[string]map[string]bool{
	"CustomerApi": {"Name": true},
}

func personal(component, name string) bool {
	return personalEverywhere[name] || personalIn[component][name]
}

// intRange is the range of an OpenAPI integer format, stated in the schema
// so that a value Visma's .NET model cannot hold is caught before a write.
var intRange = map[string][2]float64{
	"int32": {math.MinInt32, math.MaxInt32},
}

// decimalsOf reads the number of decimals a Visma pattern such as
// `[-]?\d+(.\d{1,2})?` allows; 0 when the pattern says nothing of them.
func decimalsOf(pattern string) int {
	i := strings.LastIndex(pattern, `\d{1,`)
	if i < 0 {
		return 0
	}
	rest := pattern[i+len(`\d{1,`):]
	if len(rest) < 2 || rest[1] != '}' || rest[0] < '1' || rest[0] > '9' {
		return 0
	}
	return int(rest[0] - '0')
}
