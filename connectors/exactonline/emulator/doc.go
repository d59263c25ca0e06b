// Package emulator is an in-process stand-in for Exact Online's REST API
// v1, faithful enough for the Exact connector's contract tests, end-to-end
// tests and offline tries of pipelines (`pipeline emulate exactonline`).
// Emulator is an http.Handler; Server puts it on a TCP listener.
//
// It owns: the OAuth2 authorization-code flow (/api/oauth2/auth and
// /api/oauth2/token, 600 s access tokens with expires_in as a string,
// rotating refresh tokens), /api/v1/current/Me, the CRUD endpoints of the
// entities in entitySpecs with Exact's server-side behaviour (assigned keys
// and numbers, padded account codes, derived names and amounts, stock
// reservations, mandatory and referential checks), the sync/ and bulk/
// views and sync/Deleted, OData query options ($filter, $select, $expand,
// $orderby, $top, $skiptoken paging), rate limits with Exact's headers,
// seed data, an optional state file, request counters, fault injection and
// signed webhooks. The field table of every endpoint (entities_gen.go) is
// generated from the project's Exact facts file by internal/gen.
//
// The system-independent machinery comes from connectors/emukit: the
// front door (admin endpoints, request counters, fault injection), the
// clock, rate-limit windows, the OAuth2 server, the TCP server, the state
// file and seed reading. This package plugs Exact's paths, error bodies,
// headers and token quirks into it.
//
// It does not own the connector (which never imports it), Exact's
// accounting logic beyond what a connector can observe (no ledgers, no
// exchange rates, no journals per year), nor the Atom/XML format.
//
// Where Exact's behaviour is unknown or inconvenient, the emulator picks and
// documents one:
//   - The consent page grants at once and redirects with the code.
//   - A refresh token stays valid until its successor has been used; then
//     it dies with "Old refresh token used." (Exact's rule). Access tokens
//     live out their 600 s. StrictRefresh refuses refreshes before 570 s.
//   - Read-only properties in a POST or PUT are ignored, as Exact ignores
//     them (Options.RejectReadOnly makes them errors); unknown properties
//     are rejected, as OData rejects them. PUT changes only the properties
//     sent and cannot change nested lines (use the line endpoint).
//   - A POST may bring its own key (a GUID not yet in use, else 409);
//     otherwise the server assigns one.
//   - POST answers 201 with the entity and its lines, with or without
//     Prefer: return=representation; PUT and DELETE answer 204.
//   - String comparisons in $filter ignore case and trailing spaces (SQL
//     Server collation); leading spaces count, so padded account codes need
//     trim(Code) or the padded literal.
//   - Sync endpoints accept only Timestamp filters and no $orderby; bulk
//     endpoints require $select. __next is present only when more rows
//     follow.
//   - Stock counts are processed on creation unless posted with Status 12
//     (draft); open sales orders reserve their stock items' undelivered
//     quantity in the order's warehouse.
//   - The first contact added to an account becomes its main contact
//     (Account.MainContact, the contacts' IsMainContact); a client may name
//     another contact of the same account; deleting the main contact
//     leaves the account without one (maincontact.go).
//   - Responses are JSON only: a request without Accept: application/json
//     gets 406, where Exact would answer XML.
//   - Absent Boolean, Byte and Int16 properties render as false/0, other
//     absent properties as null; dates as "/Date(ms)/" in UTC, and ISO dates
//     without a zone are read as UTC.
//   - The daily rate-limit window is the UTC day; the minutely window
//     starts with the first call of the minute. Not emulated: the
//     10-errors-per-hour block, the 200-token-calls-per-day limit and
//     webhook retries.
//
// State lives in memory behind one lock; a request holds it while it reads
// or writes and renders, and writes its response after releasing it.
package emulator
