package httpx

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// VerifyFunc looks a record up by its natural key after a create whose
// outcome is unknown, and reports whether the create took effect.
type VerifyFunc func(ctx context.Context) (found bool, err error)

// Request is one logical API call; the Client may send it several times.
type Request struct {
	Method string
	// Path is relative to the Client's base URL ("crm/Accounts"). It may
	// carry a query.
	Path string
	// URL is an absolute URL used instead of Path (a next-page link). It
	// must point at the base URL's host.
	URL string
	// Query is added to the URL's query.
	Query  url.Values
	Body   []byte
	Header http.Header

	// Idempotent marks a request that may be repeated freely although its
	// method is not idempotent (a search or batch read sent as POST). GET,
	// HEAD, OPTIONS, PUT and DELETE are idempotent anyway.
	Idempotent bool

	// Verify is asked, for a non-idempotent request whose outcome is
	// unknown, whether it took effect. Without Verify such a request is
	// not repeated and Do returns an *UnknownOutcomeError.
	Verify VerifyFunc

	// Scope selects the rate limiter within the connection (Exact: the
	// division; Visma: the endpoint). Empty means Config.Scope decides.
	Scope string
}

func (r *Request) idempotent() bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return r.Idempotent
}

// Response is a successful (2xx or 3xx) response, fully read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Attempts is how many tries it took.
	Attempts int
	// ConfirmedByLookup reports that the request's outcome was unknown and
	// Verify found the record: it was created, but there is no response
	// body; look the record up to get its id.
	ConfirmedByLookup bool
}

// DecodeJSON unmarshals the body into v.
func (r *Response) DecodeJSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decoding response body: %w", err)
	}
	return nil
}

// GetJSON GETs path with query and decodes the response into out.
func (c *Client) GetJSON(ctx context.Context, path string, query url.Values, out any) error {
	resp, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: query})
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := resp.DecodeJSON(out); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// SendJSON sends in as a JSON body with method and decodes the response
// into out (when out is non-nil and there is a body). verify may be nil;
// see Request.Verify.
func (c *Client) SendJSON(ctx context.Context, method, path string, in, out any, verify VerifyFunc) (*Response, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("%s %s: encoding body: %w", method, path, err)
	}
	resp, err := c.Do(ctx, &Request{Method: method, Path: path, Body: body, Verify: verify})
	if err != nil {
		return nil, err
	}
	if out != nil && len(resp.Body) > 0 && !resp.ConfirmedByLookup {
		if err := resp.DecodeJSON(out); err != nil {
			return resp, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return resp, nil
}
