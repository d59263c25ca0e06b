// Package emulator is an in-process stand-in for the AccountView Web API v3
// (Visma AccountView on accountview.net), faithful enough for the
// AccountView connector's contract tests, end-to-end tests and offline
// tries of pipelines (`pipeline emulate accountview`). Emulator is an
// http.Handler; Server puts it on a TCP listener. Paths live under /api/v3
// and match without regard to case.
//
// It owns: the OAuth2 endpoints (/api/v3/token, /api/v3/authorize), GET
// /companies, the generic data endpoint /accountviewdata with AccountView's
// dialect, the discovery endpoints (/accountviewsystembusinessobjects,
// /accountviewfields, /accountviewsystemdata?BusinessObject=FLD), the
// server-side rules of the business objects it serves, companies chosen by
// the X-Company header, the error body {ErrorType, ErrorNumbers,
// ErrorMessage}, seed data and an optional state file. The field table
// (dictionary_gen.go) is generated with the JSON Schemas of
// schemas/accountview by schemas/internal/accountviewgen from the
// data-dictionary dumps, so emulator and schemas agree on every field's
// type, length and mandatory flag.
//
// The system-independent machinery comes from connectors/emukit: the front
// door (admin endpoints, request counters, fault injection), the clock,
// the rate-limit window, the OAuth2 server, the TCP server, the state file
// and seed reading.
//
// It does not own the connector (which never imports it), nor AccountView's
// bookkeeping beyond what a connector can observe: no posting to TRANSACT
// (GJ1), no balances, no creditors (AP1), no periods, no invoicing of
// orders, no deletes.
//
// # The wire format
//
// Reads: GET /api/v3/accountviewdata?BusinessObject=AR1 answers an object
// keyed by table, upper-case field names, every field of the table
// ({"CONTACT": [...]}; {"SO_HDR": [...], "SO_LINE": [...]} with the lines
// of the headers on the page). Empty values are "", 0, false and, for
// dates, null; dates and datetimes are "2024-01-31T00:00:00" in the
// company's local time (Europe/Amsterdam) without an offset. Every row also
// carries its row id <TABLE>_Id; detail rows carry their header's row id
// (DJ_PAGE_Id, SO_HDR_Id) or, for delivery addresses, the debtor's SUB_NR.
// Query parameters (names without regard to case): PageSize (default 100,
// at most 1000), PageNumber (from 1), lastKey (the last key of the previous
// page: SUB_NR for CONTACT, ACCT_NR for LEDGER, REC_ID for ARTICLE,
// DEL_ADDR and SO_HDR, the row id for the others; rows follow in key
// order), Fields ("contact.sub_nr,contact.acct_name"; key, row id and link
// are always returned; a detail table no field names is left out),
// SortFields and SortOrder (not with lastKey), BookDate, the numbered
// filter groups FilterControlSource<n>, FilterOperator<n>,
// FilterValueType<n>, FilterValue<n>, FilterIsListOfValues<n> (all must
// hold), and Filter, a free-form FoxPro expression (filterexpr_lex.go).
// A page shorter than PageSize is the last; there is no total count.
//
// Writes: POST /api/v3/accountviewdata with {BookDate, BusinessObject,
// Table: {Definition: {Name, Fields: [{Name, FieldType}]},
// DetailDefinitions: [...]}, TableData: {Data: {Rows: [{Values: [...]}]},
// DetailData: [{Rows: [...]}]}}: values are positional per Fields; header
// rows carry a RowId field and detail rows RowId and HeaderId. A write is
// all or nothing. The answer is the stored rows in the shape of a read.
//
// # Choices where AccountView's behaviour is unknown
//
//   - Errors: malformed requests answer 400, a missing token 401, an
//     unknown company 403, a refused rate 429 (with Retry-After), all with
//     the error body. Rows a business object refuses (a mandatory field
//     empty, a text too long, a value of the wrong type, an unknown or
//     read-only field, a duplicate key, an unknown reference, an unbalanced
//     journal page) answer 200 with the error body, the case [AV-PHP]
//     checks for. ErrorNumbers hold FoxPro error numbers for filter
//     expressions (10, 12, 107) and numbers of our own (1001–1012, see
//     errors.go) for write rules. ErrorType is AccountViewError, or
//     AuthenticationError on a 401.
//   - Updates: PUT /accountviewdata takes the write format for AR1, ADDR,
//     AK1 and AG1; the row names its record by key (SUB_NR, REC_ID,
//     ART_CODE, AG_CODE) and the fields given are changed. SO1 and DJ1
//     take inserts only, VA1 and GL1 no writes. A POST whose key exists is
//     refused as a duplicate.
//   - Server-assigned values: SUB_NR (from 10001, or after the highest
//     numeric one) when a debtor leaves it empty, REC_ID ("0000000001", per
//     table), ORD_NR per company, PAGE_NR per journal, line REC_ORD, SRC_ID
//     and SRC_TYPE; CNG_DATE, CNG_NR, CNG_USR, INP_DATE and INP_USR on every
//     write (CNG_USR is the client id in upper case). Fields with FoxPro
//     format "!" are stored in upper case (SUB_NR, POST_CODE, VAT_CODE…);
//     trailing blanks are dropped; currency (Y) values are rounded to four
//     decimals.
//   - Numeric (N) widths are not enforced: the dumps give no decimals.
//   - FieldType in a definition must be of the field's family (N, Y, I, B
//     for numbers; D, T for dates; C, M for text; L), as the client
//     libraries send T for dates and N for currency.
//   - Filters: operators Equal, Contains and DateOnOrAfterDate are sourced;
//     NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, NotContains,
//     StartsWith, DateOnOrBeforeDate, DateAfterDate and DateBeforeDate are
//     assumed. Text compares without regard to case and trailing blanks. A
//     date literal without time compares by date. A filter on a detail
//     field matches headers with at least one matching detail row.
//     FilterIsListOfValues splits FilterValue at commas.
//   - Sales orders: the external reference travels in COMMENT1 ([AV-PHP]);
//     lines take description, price and VAT code from the article; the
//     order lowers the articles' QTY_AVAIL (and stamps their CNG_DATE, so
//     incremental stock reads see it). Field names beyond [AV-PHP]'s, and
//     the article, article group and delivery address fields beyond the
//     client libraries', are assumed (x-assumed in the schemas).
//   - Journal pages: DJ_CODE must be a journal of the company (seeded);
//     memorial pages must balance, sales and purchase pages name SUB_NR.
//   - OAuth: authorization code and refresh token grants with the client
//     credentials in the form; access tokens live one hour; each refresh
//     returns a new refresh token and retires the old one at once.
//   - Rate limit: 300 data calls per minute per app and company (none is
//     published); Retry-After on 429.
//   - The one-row-as-object quirk [AV-PHP] guards against is off unless
//     Options.SingleRowAsObject is set.
//
// Fault scopes (Options and /__emulator/faults) match the raw path or its
// canonical lower-case route ("/api/v3/accountviewdata"); counters use the
// route, and data calls also count per business object.
//
// State lives in memory behind one lock; a request holds it while it reads
// or writes and renders, and writes its response after releasing it.
package emulator
