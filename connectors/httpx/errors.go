package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors"
)

// APIError is a non-success response that was not retried (a 4xx other
// than 429) or that still failed when the retries ran out.
type APIError struct {
	Status int
	// Code is the provider's error code ("4010", "VALIDATION_ERROR").
	Code string
	// Message is the provider's explanation, redacted.
	Message string
	// Field names the offending field when the provider says which
	// ("EmailAddress", "email").
	Field string
	// Details lists every per-field problem the provider reported.
	Details []FieldError
	// Body is the response body, redacted and cut to 4 KiB.
	Body []byte

	Method string
	// URL is the request URL, redacted.
	URL string
	// RetryAfter is what the server asked us to wait (429/503), if said.
	RetryAfter time.Duration
	// Attempts is how many tries were made.
	Attempts int
}

// FieldError is one per-field problem inside an error response.
type FieldError struct {
	Field   string
	Code    string
	Message string
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	}
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(": " + t)
	}
	if e.Field != "" {
		b.WriteString(" (field " + e.Field + ")")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// ErrorParser turns an error response body into an APIError. It fills
// Code, Message, Field and Details; the Client sets the rest. It returns
// nil when the body is not in its shape, and the Client then falls back to
// a generic message.
type ErrorParser func(status int, body []byte) *APIError

// IsDataError reports whether a status means "this record is wrong" rather
// than "the connection is wrong": the engine can set the record aside and
// go on. 401/403 (credentials), 429 (quota) and 5xx are not data errors.
func IsDataError(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusGone,
		http.StatusPreconditionFailed, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// AsRecordError turns an APIError about one record's data into a
// *connectors.RecordError naming the field, so that the engine rejects that
// record and goes on. It reports false for every other error, which should
// stop the run.
func AsRecordError(err error) (*connectors.RecordError, bool) {
	var ae *APIError
	if !errors.As(err, &ae) || !IsDataError(ae.Status) {
		return nil, false
	}
	return &connectors.RecordError{Field: ae.Field, Err: err}, true
}

// UnknownOutcomeError is returned for a non-idempotent request (a POST)
// that may or may not have taken effect (the connection broke after it was
// sent, or the server answered 5xx) when the Request has no Verify to find
// out. Repeating it blindly could create a duplicate, so the toolkit stops.
type UnknownOutcomeError struct {
	Method, URL string
	Attempts    int
	Err         error // the redacted cause
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("%s %s: outcome unknown after attempt %d (not repeated, it may have taken effect): %v", e.Method, e.URL, e.Attempts, e.Err)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// ErrInsecureURL is wrapped when a URL would send credentials over plain
// HTTP to a host other than this machine.
var ErrInsecureURL = errors.New("plain http is only allowed to loopback hosts; use https")

// ErrForeignHost is wrapped when an absolute URL (a next-page link) points
// at a host other than the client's base URL: following it would hand our
// token to that host.
var ErrForeignHost = errors.New("URL points at a different host than the base URL")
