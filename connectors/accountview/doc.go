// Package accountview is the connector for Visma AccountView through the
// accountview.net Web API v3: it reads, creates, updates and looks up the
// records of one company (administration) as the schemas in
// schemas/accountview describe them.
//
// AccountView is unlike the other systems: every business object goes
// through one endpoint (/api/v3/accountviewdata?BusinessObject=AR1),
// answers come keyed by table name with upper-case fields, writes are a
// table definition plus positional rows linked header to detail, filters
// are numbered ControlSource/Operator/ValueType/Value groups with FoxPro
// date literals, and refusals may come as an error body on a 200 answer.
// The connector hides all of that: pipelines see and write ordinary
// records, a sales order with its lines under SO_LINE, a journal page with
// its lines under DJ_LINE, a debtor with its delivery addresses under
// DEL_ADDR.
//
// It owns the map from schema entities to business objects (entities.go),
// the write format (body.go), filter groups and paging, datetimes, the
// OAuth connection of `pipeline auth`, the client-side rate limit, and
// creating records without duplicates. It does not own HTTP mechanics
// (connectors/httpx), schemas or validation (the engine), or the emulator
// (emulator/, which only its tests use); it deletes nothing and does not
// read posted transactions (GJ1), creditors or periods.
//
// # Using it
//
//	target "accountview" {
//	  schema     = "accountview/sales_order"
//	  connection = "accountview_prod"
//	  company    = "6f1c2d3e-4a5b-4c6d-8e7f-102030405060"
//	  client_id  = env("ACCOUNTVIEW_CLIENT_ID")
//	  key_field  = "COMMENT1"
//	}
//
// Entities: accountview/debtor (AR1), delivery_address (ADDR), article
// (AK1, with its available stock QTY_AVAIL), article_group (AG1),
// sales_order (SO1), journal_entry (DJ1), vat_code (VA1) and
// ledger_account (GL1); the last two are read-only. Settings: connection,
// company (the Id GET /api/v3/companies lists; sent as X-Company),
// base_url (default https://www.accountview.net), client_id, client_secret
// (env() only, or stored by `pipeline auth`), redirect_url, credentials,
// page_size (1000), calls_per_minute and request_timeout; see Config.
//
// # Reading
//
// Pages of page_size headers are asked for by key (lastKey), the detail
// rows of each page come in the same answer and are nested. Debtors,
// articles, delivery addresses, orders and journal pages read
// incrementally: the cursor is the latest CNG_DATE read, and the next run
// asks for CNG_DATE on or after it. The cursor is inclusive because
// CNG_DATE has whole seconds: records changed in the cursor's own second
// are read again rather than risk missing one. It moves only when a read
// completes, as pages come in key order, not in change order.
//
// AccountView's datetimes are Dutch local time without an offset; records
// carry them as RFC 3339 with the offset of that moment
// ("2025-03-10T09:30:00+01:00"), and dates (type D) as "2025-03-31".
// Writes take RFC 3339 values (moved to Amsterdam time) or plain dates.
// Origins read "accountview/<entity>/<key>".
//
// # Writing
//
// Each record is one call: a POST with header and detail rows (all or
// nothing), or for debtors, delivery addresses, articles and groups an
// Update (a PUT naming the record by SUB_NR, REC_ID or AG_CODE; detail
// rows are not part of it). Fields AccountView maintains (readOnly in the
// schemas: CNG_DATE, REC_ID, QTY_AVAIL, amounts, row ids) are left out, so
// a record read can be written back. A refusal — an error body on any
// status — rejects that record, naming the field ("SO_LINE.1.ART_CODE"),
// and the run goes on. A create whose outcome is unknown (a 5xx, a lost
// connection) is looked up by its unique field (SUB_NR, ART_CODE, AG_CODE,
// or the order's COMMENT1, which carries the webshop order number) and is
// never sent twice; without that field the run stops instead.
//
// # Lookups
//
// Readers and writers answer related blocks: records whose field equals a
// key (a debtor by MAIL_BUS or SUB_NR, an article by ART_CODE or EAN_CODE,
// an order by COMMENT1, or by a line field such as "SO_LINE.ART_CODE"), one
// Equal filter group per key and run; text compares without regard to
// case, as AccountView does, and records the writer stored are known
// without a call.
//
// # Limits and tokens
//
// AccountView publishes no rate limit: the connector keeps to 120 calls a
// minute per app and company (calls_per_minute, at most 300, more only for
// an emulator on this machine), waits out 429s with Retry-After, and
// retries 5xx answers of reads. Every refresh hands out a new refresh
// token and retires the old one; it is saved before the access token is
// used.
package accountview
