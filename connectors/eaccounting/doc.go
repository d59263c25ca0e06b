// Package eaccounting is the connector for Visma eAccounting (API v2): it
// reads, creates, updates and looks up the records of one company as the
// schemas in schemas/eaccounting describe them.
//
// It owns the map from schema entities to eAccounting's endpoints
// (entities.go), the OAuth connection of `pipeline auth`, Visma's rate
// limit, paging and incremental reads, and writing records without
// duplicates. It does not own HTTP mechanics (connectors/httpx), schemas
// or validation (the engine), the emulator (emulator/, which only its
// tests use), deletes, order and draft actions (/convert, /completed),
// batch endpoints, or webhooks (Visma's are not operational).
//
// # Using it
//
//	pipeline "articles" {
//	  source "ndjson" { path = "products.ndjson" }
//	  target "eaccounting" {
//	    schema     = "eaccounting/article"
//	    connection = "visma"
//	    client_id  = env("VISMA_CLIENT_ID")
//	    key_field  = "Number"
//	    on_exists  = "update"
//	  }
//	}
//
// The block's schema picks the entity: eaccounting/customer, article,
// order, customer_invoice, customer_invoice_draft, voucher (read and
// write); vat_code, terms_of_payment, unit, article_account_coding,
// fiscal_year (read only). Settings: connection (required), client_id,
// client_secret (from env() only), base_url (production by default, the
// sandbox, or an emulator; identity_url follows it), redirect_url, scopes,
// credentials, filter, page_size, calls_per_minute, request_timeout; see
// Config.
//
// # Connecting a company
//
//  1. Register an app with Visma (developer portal) with redirect URL
//     http://127.0.0.1:8977/callback, or another URL set as redirect_url.
//  2. Export its client id and secret as VISMA_CLIENT_ID and
//     VISMA_CLIENT_SECRET.
//  3. Run `pipeline auth visma` (the block's connection), sign in and pick
//     the company. The consent asks for ea:api, offline_access and, unless
//     scopes says otherwise, ea:sales and ea:accounting. The tokens and
//     the client secret are stored under the connection's name in the
//     credentials file (mode 0600).
//
// Token calls are form-encoded with the client's credentials in a Basic
// header, as Visma's identity server requires. Access tokens live 60
// minutes and are refreshed a minute before they end; each refresh
// returns a new refresh token and kills the old one at once, so the new
// one is saved before the access token is used. A refused refresh tells
// the user to run `pipeline auth` again.
//
// # Limits
//
// Visma allows 600 calls a minute, counted per client and per endpoint (a
// collection such as /v2/articles, GET and POST together, and its records
// /v2/articles/{id} being two). The connector keeps one limiter per
// connection and endpoint, shared by every reader and writer of the
// process: 100 calls at once, then 500 a minute, so no minute sees more
// than 600 and a busy endpoint does not slow the others. Visma sends no
// rate-limit headers; a 429 (ErrorCode 4010) says "try again in N
// seconds", and the call waits that long and is repeated (up to 8 tries
// in 10 minutes). 5xx answers and broken connections of reads are
// retried with backoff.
//
// # Reading
//
// Reads page with $page and $pagesize (500 a page by default) until the
// envelope's Meta.TotalNumberOfPages. Customers and articles (ChangedUtc),
// orders, invoices and vouchers (ModifiedUtc) are read in stamp order and
// the reader is a CursorReader: the engine keeps the cursor, and the next
// run asks for "stamp ge cursor", skipping the Ids the cursor names
// (Visma stamps to the millisecond, and two writes in one millisecond
// share a stamp). A filter setting is added to the stamp condition. A
// record changed while a long read pages through the collection moves to
// the end of the order; a read of many pages under heavy change may then
// miss a record until it changes again. Documents come with their Rows.
// Records are handed over as Visma sends them (the schemas describe that
// shape); origins read "eaccounting/order/<Id>".
//
// # Writing
//
// A create is one POST, rows included; Last reports the Id Visma assigned
// and the stored record. A create whose outcome is unknown (a 5xx or a
// lost connection after sending) is looked up by the entity's unique
// field (customer CustomerNumber, article Number, order, invoice and
// draft YourReference) and sent again only when it is not there; without
// such a value the run stops rather than risk a duplicate. Update (the
// engine's on_exists = "update") is one PUT; Visma's PUT clears writable
// fields the body leaves out, so the connector sends the stored record
// with the new fields laid over it, which costs a GET only when the run
// has not seen the record (a natural-key lookup before the update has).
// Visma's data errors (ErrorCode 2000 rules, 3000 unknown references,
// 4000 duplicates, 4002 business rules) reject the record with the field
// Visma names ("Rows.1.ArticleId" for its "Rows[1].ArticleId") and the
// run goes on.
//
// # Lookups
//
// Readers and writers answer related blocks: records of any entity whose
// plain field equals a key, such as a customer by EmailAddress or
// CustomerNumber, an article by Number, an order by YourReference, a unit
// by Code, or any record by Id. Values are written as the field's type
// asks (quoted text, bare numbers, Guids and ISO dates); a value that
// cannot match (a word for a number) answers "none" without a call. Each
// key costs one call per run, found or not, and records the writer stored
// are known without a call. Barcodes are a list inside the article, which
// eAccounting's filter cannot search: look articles up by Number.
package eaccounting
