package connectors

import (
	"context"
	"io"
	"time"
)

// Spec describes a connector: its name (the label of a source or target
// block), its typed configuration and its constructors. A connector supplies
// NewReader, NewWriter or both.
type Spec struct {
	// Name is the block label users write: source "ndjson" { ... }. It must
	// be a valid HCL identifier.
	Name string

	// Summary is one sentence for `pipeline connectors`.
	Summary string

	// NewConfig returns a pointer to a fresh, zero-valued config struct whose
	// fields carry hcl tags (`hcl:"path,optional"`). The engine decodes the
	// block body into it, applies Defaults() and calls Validate() when the
	// struct has those methods. Fields tagged `pipeline:"secret"` must be
	// set from env(), never from a literal.
	NewConfig func() any

	// NewReader opens a reader on a decoded, validated config.
	NewReader func(ctx context.Context, cfg any, opts Options) (Reader, error)

	// NewWriter opens a writer on a decoded, validated config.
	NewWriter func(ctx context.Context, cfg any, opts Options) (Writer, error)

	// RateLimits are the system's documented call limits, for the API-call
	// estimate of `pipeline plan`; none for files.
	RateLimits []RateLimit

	// Authorize walks a user through the one-time consent of an OAuth
	// connection (`pipeline auth`) and stores its tokens; nil for
	// connectors that need none.
	Authorize func(ctx context.Context, cfg any, prompt io.Writer, input io.Reader) error
}

// RateLimit is a documented limit: Requests calls per Per.
type RateLimit struct {
	Requests int
	Per      time.Duration
	Scope    string // what it is counted per, e.g. "company (division)"
}

// Options is what the engine hands every connector besides its config, so
// that connectors never reach for globals.
type Options struct {
	// BaseDir is the folder relative file paths are resolved against (the
	// folder of the pipeline file).
	BaseDir string

	// Stdin and Stdout stand in for the process's standard streams ("-" as a
	// path).
	Stdin  io.Reader
	Stdout io.Writer

	// Entity is the schema reference of the block ("webshop/order"), empty
	// when none was given.
	Entity string

	// FieldType tells a connector whose format has no types (CSV) which JSON
	// type the schema gives a top-level field: "string", "number",
	// "integer", "boolean", or "" when unknown. Never nil.
	FieldType func(field string) string

	// Now is the clock; tests pin it.
	Now func() time.Time

	// Since is the cursor an incremental reader resumes from; empty means
	// from the beginning. See CursorReader.
	Since string

	// Observe, when set, receives every request and response a connector
	// exchanges with its system, secrets removed, for the activity log and
	// for tests.
	Observe func(Exchange)
}

// Exchange is one request and response between a connector and its system,
// with secrets already removed.
type Exchange struct {
	Method   string
	URL      string
	Status   int
	Attempt  int
	Duration time.Duration
	Request  []byte
	Response []byte
	Err      string
}

// Defaulter is implemented by configs that fill defaults after decoding.
type Defaulter interface{ Defaults() }

// Validator is implemented by configs that check themselves after decoding.
type Validator interface{ Validate() error }

// Scoper is implemented by target configs that pick one of several record
// spaces behind the same connection: an Exact Online division, an
// AccountView company, an Asperion administration. Scope names it
// ("division=123"), or returns "" for the account's default, so that
// state written before scopes existed keeps matching. The engine keeps
// cross-references per entity and scope: records written to one company
// are not taken as written to the next.
type Scoper interface{ Scope() string }
