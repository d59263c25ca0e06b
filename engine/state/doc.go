// Package state is the contract of the sync-state store: what makes a
// pipeline safe to run every five minutes for years against a customer's
// books. It holds, per pipeline:
//
//   - incremental-read cursors per source;
//   - the cross-reference map: source key ↔ target id per entity, with a
//     hash of the last payload written, so unchanged records are not sent
//     again and existing ones are updated rather than created twice. The
//     entity is the target schema's ref ("exactonline/sales_order"), or
//     for a target without a schema the target connector's name
//     ("ndjson"), never a path or setting, so it stays the same from run
//     to run;
//   - write intents: a create about to be sent, so that after a crash the
//     engine knows to look the record up by natural key before sending it
//     again;
//   - the activity log of runs and records (payloads masked where schemas
//     mark personal data), purged after a retention period;
//   - the records set aside, until a retry writes them.
//
// Commit applies the cross-references, cleared intents, log entries and the
// cursor of a batch in one transaction, so a cursor never covers a record
// whose write was not recorded.
//
// A transactional target's checkpoint mark (where an appended file stood
// when the batch's records were synced) travels as the batch's cursor,
// under the source name "target:<connector>", so that it is committed
// with the cross-references it covers.
//
// Two implementations share one conformance suite (package statetest):
// sqlitestore (embedded, the default: one file in a data directory) and
// pgstore (PostgreSQL, for several processes). Open picks one from a
// location string.
package state
