// Package emulator is an in-process stand-in for one HubSpot portal behind
// the CRM API v3 (objects, search, batch, properties, deal pipelines), the
// associations API v4, HubSpot's OAuth endpoints and the webhooks v3
// settings API, faithful enough for the HubSpot connector's contract
// tests, end-to-end tests and offline tries of pipelines
// (`pipeline emulate hubspot`). Emulator is an http.Handler; Server puts it
// on a TCP listener. It is built from the HubSpot facts in the project's
// systems-api notes (HubSpot's OpenAPI documents are not licensed for
// copying, so nothing is generated from them).
//
// It owns: contacts, companies, products, deals and line items (paths by
// name or type id, and the date-versioned /crm/objects/2026-03/ alias) with
// string ids from one portal-wide sequence and string-valued properties
// checked against property definitions (HubSpot's built-in ones and the
// portal's custom ones, which POST /crm/v3/properties/{type} creates);
// createdAt/updatedAt/archived and createdate, lastmodifieddate (contacts)
// or hs_lastmodifieddate (the others); cursor paging; search with filter
// groups, sorts, a free-text query and the 10,000-result cap; batch read,
// create, update, upsert (idProperty) and archive with 207 partial
// failures; the unique contact e-mail and unique custom properties;
// associations v4 with HubSpot's default types; private-app tokens and
// the OAuth2 code flow; rate limits with HubSpot's headers and 429
// bodies; request counters, fault injection, seed data, a state file and
// webhook deliveries signed with the v3 signature of
// connectors/hubspot/webhook.
//
// The system-independent machinery comes from connectors/emukit: the front
// door (admin endpoints, counters, faults), the clock, rate-limit windows,
// the OAuth2 server, the TCP server, the state file and seed reading.
//
// It does not own the connector (which never imports it), the conversion
// of string properties to typed values (the connector's job; the emulator
// speaks strings as HubSpot does), other CRM objects (tickets, quotes,
// orders, invoices), property groups, merges, GDPR deletion, owners, or
// HubSpot's user interface.
//
// Where HubSpot's behaviour is unknown or inconvenient, the emulator picks
// and documents one:
//   - The consent page (/oauth/authorize) grants at once and redirects with
//     the code; /oauth/v1/token answers errors as {"status":
//     "BAD_REFRESH_TOKEN", "message", "correlationId"}. IssueTokens without
//     scopes grants every scope; private apps hold every scope unless
//     Options.PrivateApps says otherwise.
//   - Rate limits: private apps share one rolling ten-second window per
//     portal (100) and the daily window (250,000, reset at midnight in the
//     portal's time zone); each OAuth app has its own ten-second window
//     (110) and no daily one, and its calls carry no daily headers. A call
//     refused by the ten-second window does not count against the day.
//     Search has its own window of 4 calls per second per token (our facts;
//     HubSpot's current guide says five per account), does not count in the
//     ten-second windows but does count against the day, and its answers
//     carry no rate-limit headers. X-HubSpot-RateLimit-Secondly is the ten-second maximum over
//     ten and its remaining count is informational: nothing is refused by
//     it. The groupName of a 429 body is our invention. No Retry-After.
//   - List and search limits above their maxima (100, 200) are 400s rather
//     than silently capped. A list cursor is the id of the next object; a
//     search cursor is an offset, and the cursor at 10,000 is handed out
//     but fails with 400 when used, as HubSpot's does.
//   - Search: at most 5 filter groups of 10 filters and 25 in all (the 2024
//     limits); one sort rule (sorts may be {propertyName, direction} or a
//     name with "-" for descending); default order is ascending id; values
//     compare by property type (datetimes accept epoch ms or ISO 8601),
//     text without case; NEQ, NOT_IN and NOT_CONTAINS_TOKEN match objects
//     without a value; CONTAINS_TOKEN matches whitespace- or
//     semicolon-separated words or the whole value, with * as a wildcard;
//     the free-text query matches a word prefix in the type's searchable
//     properties. Search sees writes at once (HubSpot indexes with a
//     delay of seconds).
//   - Writes: unknown and read-only properties are errors
//     (PROPERTY_DOESNT_EXIST, READ_ONLY_VALUE) in a VALIDATION_ERROR whose
//     message embeds the details as JSON and whose errors[] repeats them;
//     numbers are stored trimmed ("12.50" reads "12.5"); dates must be
//     midnight UTC; e-mail addresses are checked and lower-cased; strings
//     hold at most 65,536 characters. An update that changes nothing
//     leaves the modification time alone.
//   - Required: dealname and dealstage on deals (the pipeline defaults to
//     the first), name on products and line items (a line item may get it
//     from hs_product_id, which also copies price, SKU, description and
//     cost); the stage must belong to the pipeline, and a deal entering a
//     closed stage without a close date gets the current time.
//   - Line items: quantity defaults to 1; price must not be negative;
//     amount is read-only and computed as quantity × (price − discount), or
//     quantity × price × (1 − hs_discount_percentage/100); a line item
//     belongs to one deal at most, and archiving a deal archives its line
//     items.
//   - Unique values: a duplicate contact e-mail answers 409 "Contact
//     already exists. Existing ID: n"; a duplicate value of a unique custom
//     property answers 409 in the same form. Archived objects free their
//     values.
//   - Batches take at most 100 inputs; each input stands alone (real
//     HubSpot has been reported to reject a whole batch create over one bad
//     input), failures are listed in a 207 with context ids (or
//     objectWriteTraceId for creates and upserts, which results echo).
//     Duplicate ids in update or upsert fail the whole call, as does an
//     upsert whose idProperty is not unique ("Unable to perform
//     update/upsert by non-unique 0-7 property hs_sku in portal ID n",
//     checked before any input is applied). Upsert results say "new". The
//     demo seed defines products.external_sku as unique so that products
//     can be upserted. DELETE of a missing object answers 204.
//   - AddObjects stores many objects in-process, without HTTP, for tests
//     of searches past the 10,000-result cap.
//   - Associations: the HubSpot-defined types between contacts, companies,
//     deals and line items (e.g. 279/280 contact–company, 1/2 primary,
//     3/4 deal–contact, 341/342 and 5/6 deal–company, 19/20 deal–line
//     item); creating a type creates its inverse. No custom labels.
//   - Webhooks: per OAuth app, managed through /webhooks/v3/{appId} with
//     the developer key (?hapikey=) or a seed; deliveries are signed with
//     the app's client secret (v3 and v1 headers), carry at most 100
//     events, follow the emulator's clock for occurredAt and the
//     timestamp header, and are not retried. creation and
//     propertyChange events fire on create (one per property set),
//     propertyChange on update, deletion on archive, associationChange on
//     both sides of an association change.
//
// State lives in memory behind one lock; a request holds it while it reads
// or writes and renders, and writes its response after releasing it.
package emulator
