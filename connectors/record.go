package connectors

import (
	"context"
	"errors"
)

// Record is one document travelling through a pipeline.
type Record struct {
	// Raw is the record as one JSON document. A reader hands over what it
	// read even when it is not valid JSON, so that the engine can set the
	// record aside with its origin instead of losing it.
	Raw []byte

	// Origin says where the record came from in terms a person can look up:
	// "orders.ndjson:37" for a file line, "exactonline/SalesOrders/<guid>"
	// for an API record.
	Origin string

	// Key is the record's identity in its own system, when the connector
	// knows it (an API id); empty for files.
	Key string
}

// Reader streams records from a source. Read returns io.EOF exactly once,
// after the last record, and then keeps returning io.EOF. A Reader must stop
// and return ctx.Err() promptly when ctx is cancelled.
type Reader interface {
	Read(ctx context.Context) (Record, error)
	Close() error
}

// Writer receives the records a pipeline produces. Write may buffer, but it
// must not keep rec.Raw after it returns: the engine reuses that buffer for
// the next record. Close flushes and releases resources and may be called
// more than once.
type Writer interface {
	Write(ctx context.Context, rec Record) error
	Close() error
}

// RecordError is returned by a Writer (or Reader) when one record failed but
// the stream can go on: the engine sets that record aside with the reason and
// continues. Any other error stops the run.
type RecordError struct {
	// Field is the JSON path of the offending field when known ("Email",
	// "SalesOrderLines.0.Item").
	Field string
	Err   error
}

func (e *RecordError) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Err.Error()
	}
	return e.Err.Error()
}

func (e *RecordError) Unwrap() error { return e.Err }

// AsRecordError reports whether err concerns a single record only.
func AsRecordError(err error) (*RecordError, bool) {
	var re *RecordError
	if errors.As(err, &re) {
		return re, true
	}
	return nil, false
}
