// Package asperion is the connector for Asperion's partner REST API: it
// reads, creates, updates and looks up the records of one administration
// as the schemas in schemas/asperion describe them.
//
// It owns the table of Asperion's endpoints, parameters and member names
// (api.go), the OAuth connection of `pipeline auth`, the administration
// (tenant) and language headers, the rate limit, paging and incremental
// reads, lookups by natural key, creating records without duplicates and
// updating debtors and articles. It does not own HTTP mechanics
// (connectors/httpx), schemas or validation (the engine), the emulator
// (emulator/, which only its tests use), or deletes (Asperion has none).
//
// # Using it
//
//	target "asperion" {
//	  schema         = "asperion/sales_order"
//	  connection     = "asperion"
//	  client_id      = env("ASPERION_CLIENT_ID")
//	  client_secret  = env("ASPERION_CLIENT_SECRET")
//	  administration = 1001 # optional: the user's default administration
//	}
//
// The block's schema picks the entity: asperion/debtor, article,
// sales_order, sales_invoice, journal_entry, stock_mutation (read and
// create; debtors and articles also update), vat_code, payment_condition, sales_type and
// administration (read only). Settings: connection (required), client_id,
// client_secret (env() only; or stored by `pipeline auth`), base_url
// (https://api.asperion.nl; the sandbox is https://api-sandbox.asperion.nl),
// identity_url (follows base_url), administration, language (Accept-
// Language, "en-US" by default; "nl-NL" for Dutch messages), redirect_url,
// credentials, calls_per_minute and request_timeout; see Config.
//
// # Connecting
//
//  1. Become an Asperion API partner (api-support@asperion.nl) to get a
//     client id and secret, with redirect URL http://127.0.0.1:8977/callback
//     (or another, set as redirect_url).
//  2. Export them as ASPERION_CLIENT_ID and ASPERION_CLIENT_SECRET.
//  3. Run `pipeline auth asperion` (the block's connection) and sign in.
//     The tokens, and the secret, are saved under that name in the
//     credentials file (mode 0600).
//  4. Set administration to the id of the administration to work in
//     (GET /v1/administrations lists them; the asperion/administration
//     entity reads them), or leave it out for the user's default one.
//
// Every refresh returns a new refresh token and kills the old one; the new
// one is saved before it is used, so a crash cannot strand the connection.
//
// # Known and assumed
//
// Known from Asperion's public pages: the identity server and its
// /connect/authorize and /connect/token (client credentials in the form
// body), bearer tokens, the X-Tenant-Id header, Accept-Language, and the
// endpoints /v1/administrations, /v1/articles (currentStock read-only,
// active articles only unless activeState says otherwise, salesTypeId),
// /v1/SalesOrderWithLines and /v1/salestypes. The partner Swagger could not
// be read, so the rest is assumed, as the emulator assumes it; every item
// below is a value in api.go, so correcting it is a change of data:
//
//   - Paths /v1/debtors, /v1/salesinvoices, /v1/journalentries,
//     /v1/stockmutations (stock corrections: currentStock is read-only,
//     so another system's stock level arrives as a difference), the
//     article's longDescription, /v1/vatcodes, /v1/paymentconditions; GET on /v1/SalesOrderWithLines
//     reads orders back; items at <path>/<id>.
//   - camelCase members as in the schemas; integer ids in "id"; lines in
//     "lines" inside the order, invoice or journal entry.
//   - Paging: page (from 1) and pageSize (at most 100, used) parameters;
//     the answer is {"items": [...], "totalPages": n, ...}.
//   - Filters as list parameters, equality, text ignoring case: debtors by
//     number, email and vatNumber; articles by code (with activeState=All, so that a
//     lookup sees inactive articles); orders and invoices by number,
//     reference and debtorId; journal entries by number, journalCode and
//     reference;
//     VAT codes, payment conditions and sales types by code. Lookups also
//     compare the answer themselves, in case Asperion ignores a parameter.
//   - Incremental reads with modifiedSince=<RFC 3339 instant>, inclusive,
//     against modifiedAt (debtors, articles, orders, invoices, journal
//     entries).
//   - POST creates and answers the record; PUT replaces a debtor or an
//     article whole (so the connector reads the record and lays the
//     pipeline's fields over it); orders, invoices and journal entries
//     cannot be changed.
//   - Errors are RFC 7807 problem details with an "errors" object keyed by
//     field path ("lines[0].quantity"), which a rejection names as
//     "lines.0.quantity".
//   - Rate limit 100 calls a minute per client and administration, with
//     X-RateLimit-Remaining and X-RateLimit-Reset (Unix seconds), 429 with
//     Retry-After.
//   - The consent asks for the offline_access scope.
//
// # Reading
//
// A read lists the collection, 100 records a call. Debtors, articles,
// orders, invoices and journal entries are read incrementally: the engine
// keeps the latest modifiedAt read, with the ids of the records carrying
// it, as the cursor, and the next run asks for records modified since
// then. The parameter is inclusive, so the boundary instant's records
// arrive again; the reader skips those the cursor names. Articles are read as Asperion lists them: active ones.
// Origins read "asperion/<entity>/<id>".
//
// # Writing
//
// Each record is created with one POST, an order with its lines, and the
// writer reports the id Asperion assigned and the stored record; members
// Asperion owns (id, number, totals, stamps, currentStock) are left out of
// what is sent. A create whose outcome is unknown is checked by the
// entity's unique field (debtor number, article code, order or invoice
// reference, journal entry reference) and only sent again when the record
// is not there; without one the run stops rather than risk a duplicate.
// Validation errors reject that record, naming the field, and the run goes
// on.
//
// # Lookups
//
// Readers and writers answer related blocks: debtors by number or email,
// articles by code, orders by reference, any entity by id. Each key costs
// one call per run, found or not, and records the writer created are
// known without a call.
package asperion
