package connectors

import "context"

// Lookuper is implemented by readers and writers of systems that can find
// records by a natural key (an account by e-mail, an item by code, a sales
// order by your-reference). The engine calls it for find blocks; the
// connector caches per run so the same key is fetched once.
type Lookuper interface {
	// Lookup returns the records of q.Entity whose q.Field equals q.Value:
	// none, one, or several when the key is not unique in the system.
	Lookup(ctx context.Context, q LookupQuery) ([]Record, error)
}

// LookupQuery asks for records by the value of one field.
type LookupQuery struct {
	// Entity is a schema reference such as "exactonline/item".
	Entity string
	// Field is the field name in that entity's schema, such as "Code".
	Field string
	// Value is the key, as text.
	Value string
}

// CursorReader is implemented by readers that can read incrementally: only
// what changed since a cursor (Options.Since). Cursor returns the position
// covering every record Read has returned so far; the engine stores it only
// after those records are written, and hands it back as Options.Since on the
// next run. Cursors are opaque to the engine.
type CursorReader interface {
	Reader
	Cursor() string
}

// Creator is implemented by writers that tell the engine what the target
// made of a record: the id it assigned and the stored record.
type Creator interface {
	Writer
	// Last returns the target's answer to the most recent successful Write.
	Last() WriteResult
}

// WriteResult is the target's answer to one write.
type WriteResult struct {
	// ID is the key the target assigned or matched.
	ID string
	// Raw is the record as the target stored it, when it said.
	Raw []byte
	// Confirmed is true when the outcome of the write was unknown (a
	// timeout, a 5xx after sending) and a lookup by natural key found the
	// record created, so it was not sent again.
	Confirmed bool
}

// Updater is implemented by writers that can change a record the target
// already has, by the id the target gave it.
type Updater interface {
	Writer
	Update(ctx context.Context, id string, rec Record) error
}

// BatchWriter is implemented by writers whose system takes many records in
// one call (HubSpot's batch endpoints). The engine then groups creates and
// updates up to MaxBatch records and sends each group at once.
type BatchWriter interface {
	Writer
	MaxBatch() int
	// CreateBatch creates recs; the result has one entry per record, in
	// order. A record the system refused has Err set (a *RecordError when
	// it concerns only that record). The error is for the call as a whole.
	CreateBatch(ctx context.Context, recs []Record) ([]BatchResult, error)
	// UpdateBatch changes existing records, ids[i] being recs[i]'s id.
	UpdateBatch(ctx context.Context, ids []string, recs []Record) ([]BatchResult, error)
}

// BatchResult is the system's answer for one record of a batch.
type BatchResult struct {
	WriteResult
	Err error
}

// BatchLookuper is implemented by connectors that can look many keys up in
// one call; the engine uses it for the natural keys of a batch.
type BatchLookuper interface {
	Lookuper
	// LookupMany returns, per value, the records of q.Entity whose q.Field
	// equals it; values without records are absent from the map.
	LookupMany(ctx context.Context, entity, field string, values []string) (map[string][]Record, error)
}

// BatchUpserter is implemented by writers whose system can create or update
// many records in one call, matching each on a field the system keeps
// unique (HubSpot's batch upsert by a unique property). The engine then
// sends records it has no cross-reference for without looking them up
// first: the answer says which were created and which updated.
type BatchUpserter interface {
	BatchWriter
	// UpsertKey reports whether field (a target schema path such as
	// "properties.external_sku") is one the system keeps unique, so that
	// UpsertBatch can match on it. It may ask the system once per run.
	UpsertKey(ctx context.Context, field string) (bool, error)
	// UpsertBatch creates or updates recs, each matched on its value of
	// field; the result has one entry per record, in order. A record the
	// system refused has Err set; the error is for the call as a whole.
	UpsertBatch(ctx context.Context, field string, recs []Record) ([]UpsertResult, error)
}

// UpsertResult is the system's answer for one record of an upsert.
type UpsertResult struct {
	BatchResult
	// Created is true when the system made a new record, false when it
	// updated the one holding the key.
	Created bool
}

// Transactional is implemented by writers whose records reach the target
// only when committed (files: written to a temporary file renamed on Close,
// or appended to and synced). The engine then records no intent before
// each create; it commits a group's cross-references in the same state
// transaction as the mark Checkpoint returns, and on the next run hands a
// mark left by a run that stopped early to Rollback, which discards what
// that run wrote after it. A crash thus never leaves a record in the
// target without its cross-reference, nor a cross-reference without its
// record.
type Transactional interface {
	Writer
	// Checkpoint makes every record written so far durable in the target
	// and returns a mark naming that point, as text Rollback understands.
	// ok is false when the writer can only commit on Close (a file
	// replaced as a whole): then nothing is in the target before Close.
	Checkpoint(ctx context.Context) (mark string, ok bool, err error)
	// Rollback discards what the target holds beyond mark. It is called
	// before the first Write, and only with a mark this kind of writer
	// returned; a mark naming another target is ignored.
	Rollback(ctx context.Context, mark string) error
}

// Abandoner is implemented by writers that publish their output only on
// Close (a file replaced as a whole). The engine calls Abandon when a run
// stops before its end (an error, a cancel): Close then throws the output
// away, so that the target keeps what it held instead of the part of the
// records the run got to.
type Abandoner interface {
	Writer
	Abandon()
}
