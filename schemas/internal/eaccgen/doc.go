// Command eaccgen writes the Visma eAccounting JSON Schemas of package
// schemas from Visma's OpenAPI 3.1 description of the eAccounting API v2. It
// runs at development time only:
//
//	go run ./schemas/internal/eaccgen \
//	    -spec ../shared/specs/visma-eaccounting/visma_external_api.yaml \
//	    -out schemas/eaccounting
//
// The OpenAPI document is not part of the repository; the schemas it
// produces are, and are reviewed like code. Run the command again after
// changing the tables in entities.go or rules.go, or when the document is
// refreshed.
//
// How a schema is derived from a component (CustomerApi, OrderRowApi, …):
//   - type comes from the document, including its nullability: a field typed
//     ["string", "null"] accepts null, one typed "string" does not. A nested
//     component ($ref) that is not required accepts null as well, since the
//     document cannot say so for a $ref.
//   - format uuid is kept; format date-time becomes a pattern that insists on
//     an ISO 8601 date at the start, because Visma expects yyyy-MM-dd on write
//     and returns dates without an offset. Integer formats give their range
//     unless the document states one. Number patterns (decimals) are not
//     JSON Schema constraints on numbers; the description says "At most N
//     decimals" instead.
//   - maxLength, minLength (when positive), minimum, maximum and enum are
//     copied; an integer field whose description lists "Possible values:
//     N = Name" gets that enum (plus null when nullable) and the labels in
//     its description.
//   - required is the component's required list; a required field that is
//     also read-only is an error in the document and stops the generator.
//   - readOnly is copied. x-key marks the root Id; x-natural-key the fields
//     listed in entities.go; x-personal-data the fields rules.go lists.
//   - A component that is itself a generated entity is referenced across
//     files (CustomerApi.TermsOfPayment → eaccounting/terms_of_payment, the
//     Rows of an order → eaccounting/order_row); any other nested component
//     goes into the file's $defs under its component name.
//   - Roots and $defs are open (additionalProperties true) although the
//     document closes every component: Visma adds fields over time, and a
//     record read from a newer API must still validate.
//
// Visma's own prose descriptions are not copied: a property's description
// states its type, format, decimals, enumeration labels and our notes.
package main
