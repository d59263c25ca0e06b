package exactonline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// deps are the connector's collaborators that tests replace: the clock all
// waits go through, the limiter registry, the HTTP client and the
// per-attempt timeout. The zero value is production: real time, the
// process-wide limiters.
type deps struct {
	clock    httpx.Clock
	limiters *httpx.LimiterRegistry
	http     *http.Client
	timeout  time.Duration
}

// Exact's limits per app and division.
const (
	minuteLimit = 60
	dayLimit    = 5000
	// minuteBurst is small: Exact counts calls per minute, and a bucket
	// of 5 refilled at 55 a minute keeps a long run near the limit with
	// calls spaced ~1.1 s apart, while a run's first few lookups go at
	// once. Any 60 s window still sees at most 60 calls.
	minuteBurst = 5
	// dayBurst is large: one run may spend most of the day's allowance at
	// full speed, the rest trickles back over 24 h. The server's own
	// X-RateLimit-Remaining (the header policy) is the authority across
	// runs and processes.
	dayBurst = 4500
)

// limits is the limiter configuration of one division.
func limits(clock httpx.Clock, perMinute int) httpx.LimiterConfig {
	minute, burst, day, dayB := minuteLimit, minuteBurst, dayLimit, dayBurst
	if perMinute > minuteLimit {
		// An emulator without limits: scale both windows alike.
		minute, burst = perMinute, perMinute/12+1
		day, dayB = perMinute*dayLimit/minuteLimit, perMinute*dayBurst/minuteLimit
	}
	return httpx.LimiterConfig{
		Limits: []httpx.Limit{
			{Requests: minute, Per: time.Minute, Burst: burst},
			{Requests: day, Per: 24 * time.Hour, Burst: dayB},
		},
		Headers: []httpx.HeaderPolicy{
			httpx.HeaderPair("X-RateLimit-Minutely-Remaining", "X-RateLimit-Minutely-Reset", httpx.ResetEpochMillis, nil),
			httpx.HeaderPair("X-RateLimit-Remaining", "X-RateLimit-Reset", httpx.ResetEpochMillis, nil),
		},
		Clock: clock,
	}
}

// retryPolicy suits Exact: a 429 waits for the minutely reset (up to a
// minute), so a request may need several of those.
var retryPolicy = httpx.RetryPolicy{MaxAttempts: 8, MaxElapsed: 10 * time.Minute, BaseDelay: time.Second, MaxDelay: time.Minute}

// conn is one open connection to one division, shared by a reader or
// writer and its lookups.
type conn struct {
	cfg      Config
	ent      *entity
	client   *httpx.Client
	auth     *httpx.OAuth
	division int
	scope    string
	lookups  *lookups
}

// dial opens the connection: credentials, OAuth, the HTTP client and the
// division (read from /current/Me when the config leaves it at 0).
func dial(ctx context.Context, cfg Config, opts connectors.Options, d deps) (*conn, error) {
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
			BaseURL:     cfg.BaseURL + "/api/v1",
			Timeout:     httpx.RequestTimeout(d.timeout, cfg.RequestTimeout),
			Limits:      limits(d.clock, cfg.CallsPerMinute),
			Limiters:    d.limiters,
			Retry:       retryPolicy,
			ErrorParser: httpx.ODataErrorParser,
		},
	})
	if err != nil {
		return nil, err
	}
	c := &conn{cfg: cfg, ent: ent, client: client, auth: auth, division: cfg.Division}
	if c.division == 0 {
		if err := c.currentDivision(ctx); err != nil {
			return nil, err
		}
	}
	c.scope = "division/" + strconv.Itoa(c.division)
	c.lookups = newLookups(c)
	return c, nil
}

// newOAuth builds the token source from the config and the credentials
// file; the client secret comes from the config or, failing that, from
// what `pipeline auth` stored.
func newOAuth(cfg Config, d deps, obs httpx.Observer) (*httpx.OAuth, error) {
	oc := oauthConfig(cfg)
	oc.HTTPClient, oc.Observer, oc.Clock = d.http, obs, d.clock
	return httpx.NewStoredOAuth(cfg.Credentials, oc)
}

// oauthConfig is Exact's side of the token calls.
func oauthConfig(cfg Config) httpx.OAuthConfig {
	return httpx.OAuthConfig{
		Connection:   cfg.Connection,
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		AuthURL:      cfg.BaseURL + "/api/oauth2/auth",
		TokenURL:     cfg.BaseURL + "/api/oauth2/token",
		RedirectURL:  cfg.RedirectURL,
		AuthStyle:    oauth2.AuthStyleInParams,
		// Exact refuses a refresh before 570 of a token's 600 seconds.
		MinAge: 570 * time.Second,
	}
}

// currentDivision reads the user's current division. Exact counts the call
// against that division's quota, which is unknown until the answer comes,
// so it goes through a limiter of its own and is then charged to the
// division's limiter as well.
func (c *conn) currentDivision(ctx context.Context) error {
	resp, err := c.client.Do(ctx, &httpx.Request{Path: "current/Me", Query: map[string][]string{"$select": {"CurrentDivision"}}, Scope: "me"})
	if err != nil {
		return fmt.Errorf("reading the current division: %w", err)
	}
	recs, _, err := httpx.ODataV2Page(resp.Body)
	if err != nil || len(recs) == 0 {
		return fmt.Errorf("reading the current division: unexpected answer from /api/v1/current/Me")
	}
	var me struct {
		CurrentDivision int `json:"CurrentDivision"`
	}
	if err := json.Unmarshal(recs[0], &me); err != nil || me.CurrentDivision <= 0 {
		return fmt.Errorf("reading the current division: /api/v1/current/Me has no CurrentDivision; set division in the block")
	}
	c.division = me.CurrentDivision
	lim, err := c.client.Limiter("division/" + strconv.Itoa(c.division))
	if err != nil {
		return err
	}
	return lim.Wait(ctx)
}

// path is p under the division: "123456/crm/Accounts".
func (c *conn) path(p string) string { return strconv.Itoa(c.division) + "/" + p }
