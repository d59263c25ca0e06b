package asperion

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
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

// minuteLimit is the assumed limit per client and administration; the
// emulator uses the same number. minuteBurst lets a run's first lookups go
// at once while a long run stays under the limit.
const (
	minuteLimit = 100
	minuteBurst = 10
)

// limits is the limiter configuration of one administration. Asperion's
// X-RateLimit-Remaining and -Reset (Unix seconds) are followed, so calls
// made by another process are respected too.
func limits(clock httpx.Clock, perMinute int) httpx.LimiterConfig {
	minute, burst := minuteLimit, minuteBurst
	if perMinute > 0 {
		minute, burst = perMinute, max(1, perMinute/10)
	}
	return httpx.LimiterConfig{
		Limits:  []httpx.Limit{{Requests: minute, Per: time.Minute, Burst: burst}},
		Headers: []httpx.HeaderPolicy{httpx.HeaderPair(api.RemainingHeader, api.ResetHeader, httpx.ResetEpochSeconds, nil)},
		Clock:   clock,
	}
}

// retryPolicy: a 429 waits for Retry-After (up to a minute), so a call may
// need a few of those.
var retryPolicy = httpx.RetryPolicy{MaxAttempts: 8, MaxElapsed: 10 * time.Minute, BaseDelay: time.Second, MaxDelay: time.Minute}

// conn is one open connection to one administration, shared by a reader
// or writer and its lookups.
type conn struct {
	cfg     Config
	ent     *entity
	client  *httpx.Client
	auth    *httpx.OAuth
	scope   string
	lookups *lookups
}

// dial opens the connection: credentials, OAuth and the HTTP client. It
// makes no call; the first request fetches a token when the stored one is
// due.
func dial(cfg Config, opts connectors.Options, d deps) (*conn, error) {
	ent, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, err
	}
	cfg.Credentials = httpx.CredentialsPath(cfg.Credentials, opts.BaseDir)
	header := http.Header{"Accept": {"application/json"}, api.LanguageHeader: {cfg.Language}}
	scope := "administration/default"
	if cfg.Administration != 0 {
		id := strconv.FormatInt(cfg.Administration, 10)
		header.Set(api.TenantHeader, id)
		scope = "administration/" + id
	}
	timeout := d.timeout
	if timeout == 0 {
		timeout = cfg.requestTimeout()
	}
	client, auth, err := httpx.DialOAuth(httpx.OAuthClient{
		Credentials: cfg.Credentials,
		Observe:     opts.Observe,
		HTTPClient:  d.http,
		Clock:       d.clock,
		OAuth:       oauthConfig(cfg),
		API: httpx.Config{
			Connection:  cfg.Connection,
			BaseURL:     cfg.BaseURL,
			Timeout:     timeout,
			Header:      header,
			Limits:      limits(d.clock, cfg.CallsPerMinute),
			Limiters:    d.limiters,
			Scope:       func(*httpx.Request) string { return scope },
			Retry:       retryPolicy,
			ErrorParser: problemParser,
		},
	})
	if err != nil {
		return nil, err
	}
	c := &conn{cfg: cfg, ent: ent, client: client, auth: auth, scope: scope}
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

// oauthConfig is Asperion's side of the token calls. Its identity server
// takes the client credentials in the form body and rotates refresh
// tokens: each refresh kills the token presented, so httpx saves the new
// one before the new access token is used.
func oauthConfig(cfg Config) httpx.OAuthConfig {
	return httpx.OAuthConfig{
		Connection:   cfg.Connection,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		AuthURL:      cfg.IdentityURL + api.Authorize,
		TokenURL:     cfg.IdentityURL + api.Token,
		RedirectURL:  cfg.RedirectURL,
		Scopes:       api.Scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
}

// itemPath is the path of one record.
func (e *entity) itemPath(id string) string { return e.Path + "/" + id }

// get reads one record by id; found is false on a 404.
func (c *conn) get(ctx context.Context, e *entity, id string) (connectors.Record, bool, error) {
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return connectors.Record{}, false, nil // ids are integers: no such record
	}
	resp, err := c.client.Do(ctx, &httpx.Request{Path: e.itemPath(id)})
	if err != nil {
		var ae *httpx.APIError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return connectors.Record{}, false, nil
		}
		return connectors.Record{}, false, fmt.Errorf("reading %s %s: %w", e.ref(), id, err)
	}
	rec, err := record(e, resp.Body)
	return rec, err == nil, err
}
