// Package emulator is an in-process stand-in for Asperion's partner REST
// API and its identity server, faithful to what is known of Asperion and
// explicit about what is assumed, for the Asperion connector's contract
// tests, end-to-end tests and offline tries of pipelines
// (`pipeline emulate asperion`). Emulator is an http.Handler; Server puts
// it on a TCP listener. One listener serves both the API host
// (api.asperion.nl) and the identity host (identity.asperion.nl).
//
// It owns: the OAuth2 authorization-code flow with rotating refresh
// tokens, the bearer check, tenant selection by header, the endpoints in
// the table of api.go with their server-side rules (assigned ids and
// numbers, references, VAT and totals, debtor names, balanced journal
// entries, stock that moves with sales orders), paging, filters and
// modified-since reads, localized validation messages, rate limits, seed
// data, an optional state file, request counters and fault injection. The
// system-independent machinery (admin endpoints, counters, faults, clock,
// rate-limit windows, OAuth server, TCP server, state file, seed reading)
// comes from connectors/emukit.
//
// It does not own the connector (which never imports it) nor accounting
// beyond what a connector can observe (no ledgers, no VAT returns, no
// payments, no approval routes).
//
// # Known (systems-api.md, "Asperion")
//
//   - OAuth2 authorization code at /connect/authorize and /connect/token
//     of the identity host; client credentials in the form body; every
//     API call carries a bearer token.
//   - The administration is chosen with a tenant header, spelled
//     X-Tenant-Id and X-TenantId in Asperion's own pages: both are
//     accepted. Without one, the user's default administration applies.
//   - Accept-Language selects the language of error and validation
//     messages (nl-NL, en-US).
//   - Endpoints /v1/administrations (read-only), /v1/articles (read/write,
//     currentStock read-only, lists show active articles unless ActiveState
//     says otherwise, salesTypeId refers to /v1/salestypes),
//     /v1/SalesOrderWithLines (creating sales orders, which moves stock)
//     and /v1/salestypes.
//
// # Assumed (the partner Swagger could not be read)
//
// Everything else is our choice of the most likely shape for an ASP.NET
// API in the style of the known endpoints. Every path, field name, paging
// parameter and envelope member lives in the table in api.go, so that
// correcting it against the real Swagger is a change of data; the schemas
// in schemas/asperion mark the same fields "x-assumed": true.
//
//   - Entities and paths: /v1/debtors (relations of type Company or
//     Person, with a contact and an address), /v1/salesinvoices,
//     /v1/journalentries, /v1/vatcodes, /v1/paymentconditions; GET on
//     /v1/SalesOrderWithLines for reading orders back. JSON members are
//     camelCase, enum values PascalCase ("Company", "Active"), ids are
//     integers assigned by the server and unique across administrations.
//     Member names in requests match ignoring case; unknown and read-only
//     members are ignored (Options.Strict makes them errors).
//   - Operations: POST creates (201, the record, a Location header); PUT
//     on debtors and articles replaces the whole record (200) — members
//     left out are cleared or reset to their defaults, except server-owned
//     ones and an unchanged debtor number; orders, invoices and journal
//     entries cannot be changed; nothing can be deleted (405 with Allow).
//     A body not sent as application/json gets 415.
//   - Numbers: debtors get the next number from 10001 unless they bring
//     a unique one; orders, invoices and journal entries are numbered
//     1, 2, … per administration.
//   - Paging: page (1-based) and pageSize (default 50, at most 100)
//     query parameters; lists answer {"items": [...], "page", "pageSize",
//     "totalCount", "totalPages"}; a page past the end is empty. Records
//     come in id order.
//   - Filters: query parameters matched ignoring the case of their names;
//     unknown parameters are ignored (as ASP.NET ignores them). Equality
//     only, text ignoring case: debtors by number, email and vatNumber, articles by
//     code and activeState (Active by default; Inactive or All to see the
//     others — a lookup by code misses inactive articles without
//     activeState=All), orders and invoices by number, reference and
//     debtorId, journal entries by number, journalCode and reference, VAT codes,
//     payment conditions and sales types by code.
//   - Incremental reads of debtors, articles, orders, invoices and journal
//     entries: modifiedSince=<RFC 3339 instant with a zone> returns records whose modifiedAt is at or after it (inclusive, so a
//     cursor at the last seen modifiedAt re-reads its boundary records and
//     never misses one), ordered by modifiedAt, then id. Timestamps are
//     RFC 3339 in UTC with milliseconds; dates are "YYYY-MM-DD", and dates
//     the server fills in ("today") are Dutch dates (Europe/Amsterdam).
//   - Sales documents: prices exclude VAT; a line without an article
//     needs description, unitPrice and salesTypeId, a line with one takes
//     them from the article when left out; the VAT code comes from the
//     sales type; amounts are rounded to cents half away from zero per
//     line and summed. Orders and invoices take the debtor's payment
//     condition when they name none; an invoice's due date is its date
//     plus the condition's days.
//   - Stock: a new sales order lowers currentStock of its stock articles
//     (isStockArticle) by the line quantities, possibly below zero, and
//     the stock change counts as a modification of the article. Invoices
//     do not move stock. A stock mutation (POST /v1/stockmutations,
//     assumed) adds its quantity to a stock article's currentStock;
//     zero, and articles without stock, are refused. SetStock (or POST
//     /__emulator/stock) sets a stock level, standing in for purchases.
//   - Errors are RFC 7807 problem details (application/problem+json) as
//     ASP.NET writes them: {"type", "title", "status", "detail",
//     "traceId"}, and for validation (400) an "errors" object mapping
//     field paths ("lines[0].quantity", "email") to message lists. Titles
//     and messages follow Accept-Language (Dutch by default, English for
//     en-*); the wording is ours. A missing, unknown or expired token is a
//     401 without a body and with a WWW-Authenticate challenge. An unknown
//     path is a 404 problem.
//   - Tenants: a tenant header that is not a number, or two headers naming
//     different administrations, is a 400 problem; an administration the
//     user cannot access is a 403 problem. Options.RequireTenant makes a
//     missing header a 400 instead of choosing the default. The list of
//     administrations ignores the header.
//   - Tokens, in IdentityServer's defaults: access tokens live one hour,
//     codes five minutes; every refresh returns a new refresh token and
//     kills the one presented at once (one-time use; reuse is
//     invalid_grant); a refresh token lives 30 days from its issue. Token
//     errors are 400 {"error", "error_description"}. Scopes are not
//     checked. Tokens look like IdentityServer handles (64 hex digits).
//   - Rate limit: 100 calls per minute per (client, administration) in a
//     window that opens with the first call; every API answer carries
//     X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (Unix
//     seconds); over the limit the answer is a 429 problem with
//     Retry-After in seconds. Options.MinuteLimit changes or (<0)
//     switches it off.
//   - No webhooks: Asperion documents none, so readers poll with
//     modifiedSince.
//
// State lives in memory behind one lock; a request holds it while it
// reads or writes and renders, and writes its response after releasing it.
package emulator
