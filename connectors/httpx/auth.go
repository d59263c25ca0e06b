package httpx

import (
	"context"
	"errors"
	"net/http"
)

// Authorizer adds credentials to an outgoing request. The Client calls it
// once per attempt, so a token refreshed between attempts is picked up.
type Authorizer interface {
	Authorize(ctx context.Context, req *http.Request) error
}

// AuthorizerFunc adapts a function to Authorizer.
type AuthorizerFunc func(ctx context.Context, req *http.Request) error

// Authorize implements Authorizer.
func (f AuthorizerFunc) Authorize(ctx context.Context, req *http.Request) error { return f(ctx, req) }

// StaticToken is a bearer token that never changes, such as a HubSpot
// private-app token.
type StaticToken struct{ token string }

var _ Authorizer = (*StaticToken)(nil)

// NewStaticToken returns an Authorizer sending "Authorization: Bearer
// <token>" and registers the token with red (nil: DefaultRedactor) so it
// never shows up in output.
func NewStaticToken(token string, red *Redactor) (*StaticToken, error) {
	if token == "" {
		return nil, errors.New("static token is empty")
	}
	redactorOrDefault(red).Add(token)
	return &StaticToken{token: token}, nil
}

// Authorize implements Authorizer.
func (s *StaticToken) Authorize(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+s.token)
	return nil
}

// String keeps the token out of %v.
func (s *StaticToken) String() string { return "StaticToken(" + Redacted + ")" }
