package httpx

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"
)

// TokenError reports a failed call to the token endpoint. Its message
// carries the status and the provider's error code, never the request or
// the raw response (either may hold a secret).
type TokenError struct {
	Connection  string
	Op          string // "refresh" or "exchange"
	Status      int    // 0 when no response arrived
	Code        string // RFC 6749 "error", e.g. invalid_grant
	Description string // redacted
	err         error
}

func (e *TokenError) Error() string {
	msg := fmt.Sprintf("connection %q: token %s failed", e.Connection, e.Op)
	if e.Status != 0 {
		msg += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	if e.Code == "invalid_grant" || e.Code == "invalid_client" || e.Status == http.StatusUnauthorized {
		msg += fmt.Sprintf(" (run `pipeline auth %s`)", e.Connection)
	}
	return msg
}

// Unwrap returns the redacted transport error, if any.
func (e *TokenError) Unwrap() error { return e.err }

func (o *OAuth) tokenError(op string, err error) error {
	te := &TokenError{Connection: o.cfg.Connection, Op: op}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response != nil {
			te.Status = re.Response.StatusCode
		}
		te.Code = o.red.String(re.ErrorCode)
		te.Description = o.red.String(re.ErrorDescription)
		if te.Code == "" && te.Description == "" && len(re.Body) > 0 {
			ct := ""
			if re.Response != nil {
				ct = re.Response.Header.Get("Content-Type")
			}
			te.Description = truncate(string(o.red.Body(re.Body, ct)), 200)
		}
		return te
	}
	te.err = o.red.Error(err)
	return te
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
