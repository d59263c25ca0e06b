// Command exactgen writes the Exact Online JSON Schemas of package schemas
// from the entity facts file. It runs at development time only:
//
//	go run ./schemas/internal/exactgen \
//	    -facts ../shared/specs/exact-online/exact-online-entities.facts.json \
//	    -out schemas/exactonline
//
// The facts file is not part of the repository; the schemas it produces are,
// and are reviewed like code. Run the command again after changing the tables
// in entities.go or rules.go, or when the facts are refreshed.
//
// What the facts give: per endpoint its URI, verbs and reference page, and per
// field its name, Edm type and "mandatory" flag (from a scrape of the public
// Exact Online REST reference), plus the key and read-only flags of the
// official .NET SDK models (2021; the SDK has no sync/ or bulk/ endpoints).
//
// How a schema is derived:
//   - Edm types: Guid is a string with format uuid; String a string; Double a
//     number; Byte, Int16, Int32 integers with their Edm range; Int64 an
//     integer; Boolean a boolean; Binary a base64 string; DateTime a string
//     starting with an ISO 8601 date (Exact accepts ISO 8601 on write; reads
//     return "/Date(ms)/", which the connector normalises before validation).
//   - A navigation collection (SalesOrderLines) is an array of the child
//     entity's schema when the table generates one, else an array of objects.
//   - readOnly comes from the SDK; on an endpoint without POST or PUT every
//     property is read-only and so is the root.
//   - required holds the fields a client supplies on create: mandatory in the
//     reference, and not the key, not read-only, not a number Exact assigns
//     (OrderNumber, InvoiceNumber, EntryNumber, ...). A mandatory collection
//     also gets minItems 1. The field that points a line at its header
//     (OrderID, InvoiceID, EntryID) is required only when the line is posted
//     on its own, so line schemas keep the embeddable shape in $defs/inline.
//   - Optional properties also accept null, because Exact reads return null
//     for empty values.
//   - x-key marks the entity's own id, x-natural-key the fields listed in the
//     entity table, x-personal-data the fields rules.go lists (names, e-mail,
//     phone, addresses, identity and tax numbers).
//   - Fields that only a sync/ variant of the endpoint returns (Timestamp and
//     a few more) are added as read-only, with a note naming the endpoint.
//
// Known gaps: the facts carry no string lengths, no enumerations (status
// codes such as SalesOrder.Status 12/20/21/45 are recalled, not sourced) and
// no descriptions. The only maxLength set is Account.Code (18, from a public
// Exact tips page); Item.Code and VATCode.Code lengths are unsourced and left
// out. Exact's own OData $metadata per service would close these gaps and was
// not available.
package main
