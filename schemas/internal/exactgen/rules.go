package main

import (
	"math"
	"strings"
)

// edm describes how one Edm primitive type becomes JSON Schema keywords.
type edm struct {
	jsonType string
	format   string
	min, max float64 // both zero when the range is not worth stating
	note     string  // extra sentence for the property description
}

// dateTimePattern only insists on an ISO 8601 date at the start. Exact accepts
// dates and date-times with or without offset on write; the pattern exists to
// catch an OData "/Date(ms)/" value or a dd-mm-yyyy date before Exact does.
const dateTimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}"

var edmTypes = map[string]edm{
	"Guid":     {jsonType: "string", format: "uuid"},
	"String":   {jsonType: "string"},
	"Double":   {jsonType: "number"},
	"Byte":     {jsonType: "integer", min: 0, max: math.MaxUint8},
	"Int16":    {jsonType: "integer", min: math.MinInt16, max: math.MaxInt16},
	"Int32":    {jsonType: "integer", min: math.MinInt32, max: math.MaxInt32},
	"Int64":    {jsonType: "integer"},
	"Boolean":  {jsonType: "boolean"},
	"DateTime": {jsonType: "string", note: "ISO 8601."},
	"Binary":   {jsonType: "string", note: "Base64-encoded content."},
}

// personalNames are field names that hold data about a natural person:
// names, contact details, addresses, identity and tax numbers, pictures.
var personalNames = map[string]bool{
	// names
	"Name": true, "TradeName": true, "FirstName": true, "LastName": true, "MiddleName": true,
	"Initials": true, "BirthName": true, "BirthNamePrefix": true, "PartnerName": true,
	"PartnerNamePrefix": true, "AccountName": true, "ContactName": true, "CustomerName": true,
	"DeliverToName": true, "InvoiceToName": true, "OrderedByName": true, "DeliveryAccountName": true,
	"InvoiceAccountName": true, "ResellerName": true,
	// contact details
	"Email": true, "EMail": true, "BusinessEmail": true, "Phone": true, "PhoneExtension": true,
	"BusinessPhone": true, "BusinessPhoneExtension": true, "Mobile": true, "BusinessMobile": true,
	"Fax": true, "BusinessFax": true,
	// addresses and location
	"AddressLine1": true, "AddressLine2": true, "AddressLine3": true, "AddressStreet": true,
	"AddressStreetNumber": true, "AddressStreetNumberSuffix": true, "Postcode": true, "City": true,
	"Mailbox": true, "Latitude": true, "Longitude": true,
	// identity and registration numbers (of sole traders as much as companies)
	"BirthDate": true, "BirthPlace": true, "Gender": true, "Nationality": true, "BSN": true,
	"SocialSecurityNumber": true, "NicNumber": true, "VATNumber": true, "ChamberOfCommerce": true,
	"UniqueTaxpayerReference": true, "RSIN": true,
	// pictures of people and bank details
	"Picture": true, "PictureName": true, "PictureUrl": true, "PictureThumbnailUrl": true,
	"BankAccounts": true,
}

// personal reports whether a field of the given endpoint holds personal data.
// Every *FullName field names a user or contact person. Pictures are only
// personal on contacts (an item picture is not).
func personal(uri, name string) bool {
	if strings.HasSuffix(name, "FullName") {
		return true
	}
	if strings.HasPrefix(name, "Picture") {
		return uri == "crm/Contacts"
	}
	return personalNames[name]
}
