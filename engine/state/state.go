package state

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned when a looked-up entry does not exist.
var ErrNotFound = errors.New("not found")

// Store is the sync-state store. Implementations are safe for concurrent
// use by several goroutines, and pgstore by several processes.
type Store interface {
	// Cursor returns the stored cursor of a pipeline's source, "" if none.
	Cursor(ctx context.Context, pipeline, source string) (string, error)

	// XRef returns the cross-reference of a source record, or ErrNotFound.
	XRef(ctx context.Context, pipeline, entity, sourceKey string) (XRef, error)

	// Intent records that a create of sourceKey is about to be sent, before
	// it is sent. Intents returns the ones never committed (a crash between
	// sending and recording): their records must be looked up by natural
	// key in the target before being sent again.
	Intent(ctx context.Context, in Intent) error
	Intents(ctx context.Context, pipeline string) ([]Intent, error)

	// Commit applies a batch atomically: cross-references upserted, the
	// batch's intents cleared, activity entries appended, set-aside records
	// added or resolved, and the cursor advanced, all or nothing. It keeps
	// no reference to b's slices once it returns: the engine reuses them.
	Commit(ctx context.Context, b Batch) error

	// BeginRun records the start of a run and returns its id; EndRun its
	// end and summary.
	BeginRun(ctx context.Context, r Run) (int64, error)
	EndRun(ctx context.Context, r Run) error
	Runs(ctx context.Context, q RunQuery) ([]Run, error)

	// Activity answers "what happened to order SO-123?" and "what did run N
	// do?".
	Activity(ctx context.Context, q ActivityQuery) ([]Activity, error)

	// SetAside lists the records waiting for a retry.
	SetAside(ctx context.Context, pipeline string) ([]SetAside, error)

	// Purge removes activity entries, runs and resolved set-aside records
	// older than before, and returns how many entries went.
	Purge(ctx context.Context, before time.Time) (int, error)

	Close() error
}

// XRef links a source record to the target record written for it.
type XRef struct {
	Pipeline  string
	Entity    string // target schema ref, e.g. "exactonline/sales_order", or the target connector's name without a schema
	SourceKey string
	TargetID  string
	// PayloadHash is a hash of the last payload written, to skip unchanged
	// records.
	PayloadHash string
	// SourceHash fingerprints the source record written and the compiled
	// pipeline that mapped it, "" when unknown: a record read again with
	// the same fingerprint is unchanged without being mapped.
	SourceHash string
	UpdatedAt  time.Time
}

// Intent is a create about to be sent.
type Intent struct {
	Pipeline   string
	Entity     string
	SourceKey  string
	NaturalKey string // the value the target can be searched by
	RunID      int64
	CreatedAt  time.Time
}

// Batch is what Commit applies in one transaction.
type Batch struct {
	Pipeline string
	RunID    int64
	// Source and Cursor advance the source's cursor when Cursor is non-nil.
	Source   string
	Cursor   *string
	XRefs    []XRef
	Intents  []Intent // intents cleared by this batch (written or given up)
	Activity []Activity
	SetAside []SetAside
	Resolved []int64 // set-aside ids written by a retry
}

// Run is one run of a pipeline.
type Run struct {
	ID        int64
	Pipeline  string
	StartedAt time.Time
	EndedAt   time.Time // zero while running
	Status    string    // "running", "ok", "failed", "interrupted"
	Read      int
	Written   int
	Skipped   int
	Rejected  int
	Error     string
}

// RunQuery selects runs; zero fields match everything.
type RunQuery struct {
	Pipeline string
	Limit    int
}

// Decisions a run takes for a record.
const (
	DecisionCreate    = "create"
	DecisionUpdate    = "update"
	DecisionSkip      = "skip"
	DecisionUnchanged = "unchanged"
	DecisionReject    = "reject"
	DecisionFiltered  = "filtered"
)

// Activity is what happened to one record in one run.
type Activity struct {
	ID        int64
	RunID     int64
	Pipeline  string
	At        time.Time
	System    string // source system
	Entity    string
	SourceKey string
	Origin    string
	Decision  string
	TargetID  string
	Status    int    // the target's answer (HTTP status), 0 when none
	Payload   []byte // what was sent, masked where schemas mark personal data
	Source    []byte // the record as read from the source, masked the same way
	Error     string
	Duration  time.Duration
}

// ActivityQuery selects activity; zero fields match everything.
type ActivityQuery struct {
	Pipeline  string
	RunID     int64
	SourceKey string // also matched against TargetID and Origin
	Limit     int
}

// SetAside is a record waiting for a retry.
type SetAside struct {
	ID        int64
	Pipeline  string
	RunID     int64
	Origin    string
	SourceKey string
	Stage     string
	Field     string
	Reason    string
	Record    []byte
	At        time.Time
}
