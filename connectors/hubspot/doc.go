// Package hubspot is the connector for HubSpot's CRM API v3: it reads,
// creates, updates and looks up contacts, companies, products, deals and
// line items of one portal as the schemas in schemas/hubspot describe them,
// one at a time or 100 a call.
//
// It owns the map from schema entities to HubSpot's object types
// (entities.go), private-app and OAuth authentication and `pipeline auth`,
// HubSpot's rate limits, paging and incremental reads, the conversion of
// HubSpot's string-valued properties to and from typed values by the
// portal's property definitions, batch writes with per-record failures,
// associations v4, and creating without duplicates. It does not own HTTP
// mechanics (connectors/httpx), schemas or validation (the engine), the
// emulator (emulator/, which only its tests use), webhook signatures
// (webhook/), deletes, merges or the commerce objects (orders, invoices).
//
// # Using it
//
//	target "hubspot" {
//	  schema     = "hubspot/product"
//	  connection = "hubspot_prod"
//	  token      = env("HUBSPOT_TOKEN") # a private app's access token
//	  match_by   = "hs_sku"             # optional: update instead of duplicate
//	}
//
// Authentication: a private app's token from env() (token), or stored
// under the connection by `pipeline auth <connection>` (which reads it
// from the terminal); or a public OAuth app (client_id, client_secret from
// env() or stored by `pipeline auth`, which runs the consent flow).
// HubSpot's access tokens live 30 minutes and are refreshed 30 seconds
// before they expire; its refresh tokens do not rotate.
//
// # Records
//
// A record is {"id", "properties", "createdAt", "updatedAt", "archived",
// "archivedAt", "associations"}. Properties are typed by their definition
// (GET /crm/v3/properties/{type}, read once per run and type): numbers as
// exact JSON numbers, bool as true/false, date as "YYYY-MM-DD", datetime as
// RFC 3339 UTC, multiple-checkbox enumerations as arrays, the rest as
// strings, and an empty value as null. Writes turn them back into
// HubSpot's strings and leave out read-only properties (hs_object_id,
// createdate, the modification dates, line-item amounts). Associations are
// lists of ids per object type ("line_items": ["123"]); on write each is
// made with HubSpot's default association type: inline in a create, through
// the v4 batch associate/default endpoint on an update.
//
// # Reading
//
// A full read lists the object type in id order, 100 a call, with the
// schema's properties (plus properties = [...]) and, when asked
// (associations = ["deals"]), the associated ids. The reader is a
// CursorReader: its cursor is the newest modification time read (epoch
// ms), and the next run searches on lastmodifieddate (contacts) or
// hs_lastmodifieddate GTE it, 200 a call, ascending; objects of the
// cursor's own millisecond are read again. At search's 10,000-result cap
// it starts a new search from the last timestamp it handed over. Search
// answers carry no associations: the reader fetches those of each page
// through the v4 batch read, one call per associated type.
//
// # Writing
//
// Write creates one object (POST), Update changes one (through the batch
// endpoint with one input), and the engine may use CreateBatch and
// UpdateBatch (connectors.BatchWriter) to send 100 a call: 1,000 products
// take ten calls plus one for the property definitions. In a 207 answer
// exactly the failed inputs get a *connectors.RecordError naming the
// property; the others succeed. A create, or batch create, whose outcome
// is unknown (a 5xx or lost connection after sending) is checked by the
// entity's natural key (match_by, else email, hs_sku, domain or
// external_order_number): what is found counts as created, the rest is
// sent again; without key values the run stops rather than risk a
// duplicate. With match_by, Write updates the object having the record's
// key when a written property differs and makes no call when none does.
//
// UpsertBatch (connectors.BatchUpserter) creates or updates 100 objects a
// call by a property HubSpot keeps unique (contact email, a custom
// property defined with hasUniqueValue such as products' external_sku;
// never hs_sku, which is not unique); each result says whether the object
// was new. The engine uses it for records it has no cross-reference for
// when key_field is such a property and on_exists = "update": 1,000 new
// products take eleven calls (the definitions and ten upserts), no
// lookups. An upsert sent again changes nothing more, so one whose
// outcome is unknown is simply retried.
//
// # Lookups
//
// Lookup and LookupMany (connectors.BatchLookuper) find objects of any
// entity by a property, named "properties.email" or "email" (or "id"):
// ids and unique properties (contact email, unique custom properties such
// as the deals' external_order_number) by batch read with idProperty,
// others (hs_sku) by search with IN, 100 keys a call. Every key costs one
// call per run at most, found or not, and objects the writer made are
// known without one.
//
// # Limits
//
// Private apps: 100 calls per rolling ten seconds (calls_per_ten_seconds up
// to 190 for Professional and Enterprise portals) and 250,000 a day; OAuth
// apps 110 per ten seconds. Every call of a connection waits for one
// shared limiter, which also follows X-HubSpot-RateLimit-Remaining/
// -Interval-Milliseconds and -Daily-Remaining (the day is assumed to end
// at the latest midnight on earth, as HubSpot does not say when). Search
// has a limiter of its own, four calls a second. A 429 (its policyName is
// in the error) or 5xx is retried with backoff; a spent day stops the run
// with the time it resets.
package hubspot
