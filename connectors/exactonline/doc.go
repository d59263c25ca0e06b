// Package exactonline is the connector for Exact Online (REST API v1): it
// reads, creates, updates and looks up the records of one company
// (division) as the schemas in schemas/exactonline describe them.
//
// It owns the map from schema entities to Exact's endpoints (entities.go),
// the OAuth connection of `pipeline auth`, Exact's rate limits, paging and
// incremental reads, turning Exact's OData JSON into schema records, and
// creating records without duplicates. It does not own HTTP mechanics
// (connectors/httpx), schemas or validation (the engine), the emulator
// (emulator/, which only its tests use), deletes and updates of records
// with lines (not yet; an update is a PUT of the fields sent), or
// Exact's deletions feed (sync/Deleted is not read).
//
// # Using it
//
//	pipeline "webshop_orders" {
//	  source "ndjson" { path = "orders.ndjson" }
//	  target "exactonline" {
//	    schema        = "exactonline/sales_order"
//	    connection    = "exact_prod"
//	    client_id     = env("EXACT_CLIENT_ID")
//	    client_secret = env("EXACT_CLIENT_SECRET")
//	    division      = 123456 # optional: the user's current division
//	  }
//	}
//
// The block's schema picks the entity: exactonline/account, item,
// sales_order, sales_invoice, general_journal_entry, stock_count, and the
// rest of the 29 in schemas/exactonline. Settings: connection (required),
// base_url (the country's host, default https://start.exactonline.nl),
// division, client_id, client_secret (from env() only), redirect_url,
// credentials (the credentials file), select, filter and expand; see Config.
// Exact has no page-size option ($top caps a result, it does not page it),
// so there is none here.
//
// # Connecting a company
//
//  1. Register an app in the Exact Online App Center of your country with
//     redirect URL http://127.0.0.1:8976/callback (or another URL, set as
//     redirect_url).
//  2. Export the app's Client ID and secret as EXACT_CLIENT_ID and
//     EXACT_CLIENT_SECRET.
//  3. Run `pipeline auth exact_prod` (the block's connection) and sign in
//     with a user of the company. The tokens, and the client secret, are
//     stored under that name in ~/.config/pipeline/credentials.json (mode
//     0600; $PIPELINE_CREDENTIALS or credentials = "..." elsewhere). When
//     the browser runs on another machine, paste the address it ends up on.
//  4. Leave division out to use the user's current company (read once per
//     run from /api/v1/current/Me), or set it to the company's division
//     code to pin it.
//
// Access tokens live 600 s; they are refreshed once at least 570 s old (as
// Exact demands), and the rotated refresh token is saved before it is used,
// so a crash cannot strand the connection. An unused refresh token dies
// after about 30 days: run `pipeline auth` again when an error says so.
//
// # Limits
//
// Exact allows 60 calls a minute and 5,000 a day per app and division.
// Every call of a connection and division, by any reader or writer in the
// process, waits for one shared limiter: at most 60 in any 60 seconds (5 at
// once, then one every 1.1 s) and 5,000 in any 24 hours (4,500 at once),
// and it follows Exact's X-RateLimit-Minutely-* and X-RateLimit-* headers,
// so a quota used by another run is respected too. A 429 waits for the
// reset Exact names and tries again (up to 8 tries in 10 minutes); 5xx
// answers and broken connections of reads are retried with backoff. When
// the day's quota is spent the run stops with the time it resets.
//
// # Reading
//
// Entities with a sync endpoint (accounts, contacts, addresses, items,
// prices, sales orders, stock per warehouse, ...) are read from it, 1000
// rows a call, and the reader is incremental: the engine keeps its cursor,
// Exact's Timestamp, and the next run reads only what changed. Orders,
// invoices and deliveries come with their lines: the connector collects
// the changed keys from the header and line sync endpoints, then fetches
// those records with $expand, 60 a call — about one call per 60 changed
// orders. A filter, or an entity without sync, reads the CRUD endpoint (60
// rows a call; with select and no lines, the bulk endpoint, 1000) in full.
// Stock positions per item are looked up, not listed.
//
// Records are handed over as the schemas describe them: dates as RFC 3339
// UTC strings instead of OData's "/Date(ms)/", line collections as plain
// arrays instead of {"results": [...]}, without __metadata and without
// links to collections that were not expanded. Origins read
// "exactonline/sales_order/<OrderID>".
//
// # Writing
//
// Each record is created with one POST, lines included, and the writer
// reports the id Exact assigned and the stored record. A create whose
// outcome is unknown (a 5xx or a lost connection after sending) is checked
// by the entity's unique key (Account and Item Code, SalesOrder and
// SalesInvoice YourRef, Item+Warehouse, ...) and only sent again when the
// record is not there; without such a key the run stops rather than risk a
// duplicate. Exact's data errors (an unknown item, a missing field) reject
// that record, naming the field when Exact's message does, and the run goes
// on. Read-only entities (stock positions, transaction lines, units, ...)
// refuse to open as a target.
//
// # Lookups
//
// Readers and writers answer related blocks: records of any Exact entity
// whose field equals a key, such as an account by Code or Email, an item by
// Code or Barcode, or an order by YourRef. Account codes, which Exact pads
// to 18 characters, compare trimmed; Guid, number, boolean and date fields
// get OData's literal forms. Each key costs one call per run, found or not,
// and records the writer created are known without a call.
package exactonline
