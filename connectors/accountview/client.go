package accountview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// deps are the collaborators tests replace: the clock all waits go
// through, the limiter registry, the HTTP client and the per-attempt
// timeout. The zero value is production.
type deps struct {
	clock    httpx.Clock
	limiters *httpx.LimiterRegistry
	http     *http.Client
	timeout  time.Duration
}

// dataPath is the one endpoint of every business object.
const dataPath = "accountviewdata"

// retryPolicy: AccountView names Retry-After on 429; a minute's window may
// need a few waits.
var retryPolicy = httpx.RetryPolicy{MaxAttempts: 8, MaxElapsed: 10 * time.Minute, BaseDelay: time.Second, MaxDelay: time.Minute}

// limits is the limiter of one company: perMinute calls in any minute, a
// twelfth of them at once.
func limits(clock httpx.Clock, perMinute int) httpx.LimiterConfig {
	return httpx.LimiterConfig{
		Limits: []httpx.Limit{{Requests: perMinute, Per: time.Minute, Burst: perMinute/12 + 1}},
		Clock:  clock,
	}
}

// conn is one open connection to one company, shared by a reader or
// writer and its lookups.
type conn struct {
	cfg     Config
	ent     *entity
	client  *httpx.Client
	scope   string
	lookups *lookups
}

// dial opens the connection: credentials, OAuth and the HTTP client. It
// makes no call; the first data call shows whether the company is known.
func dial(cfg Config, opts connectors.Options, d deps) (*conn, error) {
	ent, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, err
	}
	cfg.Credentials = httpx.CredentialsPath(cfg.Credentials, opts.BaseDir)
	client, _, err := httpx.DialOAuth(httpx.OAuthClient{
		Credentials: cfg.Credentials,
		Observe:     opts.Observe,
		HTTPClient:  d.http,
		Clock:       d.clock,
		OAuth:       oauthConfig(cfg),
		API: httpx.Config{
			Connection:  cfg.Connection,
			BaseURL:     cfg.BaseURL + "/api/v3",
			Timeout:     httpx.RequestTimeout(d.timeout, cfg.RequestTimeout),
			Header:      http.Header{"X-Company": {cfg.Company}},
			Limits:      limits(d.clock, cfg.perMinute()),
			Limiters:    d.limiters,
			Retry:       retryPolicy,
			ErrorParser: httpx.AccountViewErrorParser,
		},
	})
	if err != nil {
		return nil, err
	}
	c := &conn{cfg: cfg, ent: ent, client: client, scope: "company/" + cfg.Company}
	c.lookups = newLookups(c)
	return c, nil
}

// newOAuth builds the token source; the client secret comes from the
// config or, failing that, from what `pipeline auth` stored.
func newOAuth(cfg Config, d deps, obs httpx.Observer) (*httpx.OAuth, error) {
	oc := oauthConfig(cfg)
	oc.HTTPClient, oc.Observer, oc.Clock = d.http, obs, d.clock
	return httpx.NewStoredOAuth(cfg.Credentials, oc)
}

// oauthConfig is AccountView's side of the token calls. It takes the
// client credentials in the form and hands out a new refresh token with
// every refresh, retiring the old one: httpx saves it before using the
// access token.
func oauthConfig(cfg Config) httpx.OAuthConfig {
	return httpx.OAuthConfig{
		Connection:   cfg.Connection,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		AuthURL:      cfg.BaseURL + "/api/v3/authorize",
		TokenURL:     cfg.BaseURL + "/api/v3/token",
		RedirectURL:  cfg.RedirectURL,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
}

// avError is AccountView's error body on a 200 answer: a write its
// business rules refused. Nothing was saved.
type avError struct {
	Type    string
	Numbers []int
	Message string
}

func (e *avError) Error() string {
	s := e.Type
	if len(e.Numbers) > 0 {
		s += fmt.Sprint(" ", e.Numbers)
	}
	return s + ": " + e.Message
}

// errorIn returns the error body of a 200 answer, or nil.
func errorIn(body []byte) *avError {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' || !bytes.Contains(b, []byte(`"ErrorMessage"`)) {
		return nil
	}
	var v struct {
		ErrorType    string
		ErrorNumbers []int
		ErrorMessage *string
	}
	if json.Unmarshal(b, &v) != nil || v.ErrorMessage == nil || (*v.ErrorMessage == "" && v.ErrorType == "") {
		return nil
	}
	return &avError{Type: v.ErrorType, Numbers: v.ErrorNumbers, Message: *v.ErrorMessage}
}

// get reads one page of e's business object.
func (c *conn) get(ctx context.Context, e *entity, q url.Values) ([]connectors.Record, error) {
	q.Set("BusinessObject", e.BO)
	resp, err := c.client.Do(ctx, &httpx.Request{Method: http.MethodGet, Path: dataPath, Query: q, Scope: c.scope})
	if err != nil {
		return nil, err
	}
	return c.records(e, resp.Body)
}

// records turns a data answer into e's records, each header with its
// detail rows nested.
func (c *conn) records(e *entity, body []byte) ([]connectors.Record, error) {
	if ae := errorIn(body); ae != nil {
		return nil, fmt.Errorf("AccountView answered with an error: %w", ae)
	}
	tabs, err := tablesOf(body)
	if err != nil {
		return nil, err
	}
	kids := map[string][]json.RawMessage{}
	if e.Detail != "" {
		for _, d := range tabs[e.Detail] {
			k := scalarField(d, e.Link)
			kids[k] = append(kids[k], d)
		}
	}
	out := make([]connectors.Record, 0, len(tabs[e.Table]))
	for _, h := range tabs[e.Table] {
		var ds []json.RawMessage
		if e.Detail != "" {
			ds = kids[scalarField(h, e.Link)]
		}
		norm, err := normalizeRow(e.Table, h, e.Detail, ds)
		if err != nil {
			return nil, fmt.Errorf("%s: normalising a row: %w", e.ref(), err)
		}
		key := scalarField(norm, e.Key)
		out = append(out, connectors.Record{Raw: norm, Origin: e.ref() + "/" + key, Key: key})
	}
	return out, nil
}
