package eaccounting

import (
	"net/http"
	"regexp"
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

// Visma's limit: 600 calls a minute, counted per client and endpoint.
const (
	minuteLimit = 600
	// minuteBurst lets a run's first calls of an endpoint go at once and
	// spreads the rest; any 60 s window still sees at most 600.
	minuteBurst = 100
)

// limits is the limiter configuration of one endpoint. Visma sends no
// rate-limit headers, so there is no header policy: the 429 body's "try
// again in N seconds" (see errorParser) is what corrects the client.
func limits(clock httpx.Clock, perMinute int) httpx.LimiterConfig {
	minute, burst := minuteLimit, minuteBurst
	if perMinute > minuteLimit {
		minute, burst = perMinute, perMinute/6+1
	}
	return httpx.LimiterConfig{
		Limits: []httpx.Limit{{Requests: minute, Per: time.Minute, Burst: burst}},
		Clock:  clock,
	}
}

// retryPolicy: a 429 names a wait of up to a minute, so a request may
// need a few of those.
var retryPolicy = httpx.RetryPolicy{MaxAttempts: 8, MaxElapsed: 10 * time.Minute, BaseDelay: time.Second, MaxDelay: time.Minute}

// tryAgain is the wait Visma's 429 message names (ErrorCode 4010).
var tryAgain = regexp.MustCompile(`(?i)try again in (\d+) seconds?`)

// errorParser reads Visma's error body and, for the quota error, the wait
// its message names: Visma sends no Retry-After header.
func errorParser(status int, body []byte) *httpx.APIError {
	e := httpx.VismaErrorParser(status, body)
	if e != nil && status == http.StatusTooManyRequests {
		if m := tryAgain.FindStringSubmatch(e.Message); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n <= 3600 {
				e.RetryAfter = time.Duration(n) * time.Second
			}
		}
	}
	return e
}

// conn is one open connection to one company, shared by a reader or
// writer and its lookups.
type conn struct {
	cfg     Config
	ent     *entity
	client  *httpx.Client
	auth    *httpx.OAuth
	lookups *lookups
}

// dial opens the connection. It makes no call: the token is read from
// the credentials file and refreshed on first use when due.
func dial(cfg Config, opts connectors.Options, d deps) (*conn, error) {
	ent, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, err
	}
	cfg.Credentials = httpx.CredentialsPath(cfg.Credentials, opts.BaseDir)
	client, auth, err := httpx.DialOAuth(httpx.OAuthClient{
		Credentials: cfg.Credentials,
		Observe:     opts.Observe,
		HTTPClient:  d.http,
		Clock:       d.clock,
		OAuth:       oauthConfig(cfg),
		API: httpx.Config{
			Connection:  cfg.Connection,
			BaseURL:     cfg.BaseURL + "/v2",
			Timeout:     httpx.RequestTimeout(d.timeout, cfg.RequestTimeout),
			Header:      http.Header{"Accept": {"application/json"}},
			Limits:      limits(d.clock, cfg.CallsPerMinute),
			Limiters:    d.limiters,
			Retry:       retryPolicy,
			ErrorParser: errorParser,
		},
	})
	if err != nil {
		return nil, err
	}
	c := &conn{cfg: cfg, ent: ent, client: client, auth: auth}
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

// oauthConfig is Visma's side of the token calls: its identity server
// takes the client's credentials as HTTP Basic on form-encoded token
// calls, and rotates the refresh token on every refresh (the toolkit
// saves the new one before the access token is used).
func oauthConfig(cfg Config) httpx.OAuthConfig {
	return httpx.OAuthConfig{
		Connection:   cfg.Connection,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		AuthURL:      cfg.IdentityURL + "/connect/authorize",
		TokenURL:     cfg.IdentityURL + "/connect/token",
		RedirectURL:  cfg.RedirectURL,
		Scopes:       cfg.scopes(),
		AuthStyle:    oauth2.AuthStyleInHeader,
		// Access tokens live 60 minutes; refresh a minute early so a
		// token never expires between the check and a slow call.
		EarlyRefresh: time.Minute,
	}
}
