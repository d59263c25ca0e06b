package hubspot

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// deps are the collaborators tests replace; the zero value is production.
type deps struct {
	clock    httpx.Clock
	limiters *httpx.LimiterRegistry
	http     *http.Client
	timeout  time.Duration
}

// retryPolicy suits HubSpot: a 429 of the ten-second window clears within
// ten seconds, so a few tries spaced by the header policy suffice.
var retryPolicy = httpx.RetryPolicy{MaxAttempts: 8, MaxElapsed: 5 * time.Minute, BaseDelay: time.Second, MaxDelay: 20 * time.Second}

// conn is one open connection to one portal, shared by a reader or writer
// and its lookups.
type conn struct {
	cfg    Config
	ent    *entity
	api    *httpx.Client // every call but search
	search *httpx.Client // search, which HubSpot limits per second on its own
	auth   httpx.Authorizer
	oauth  *httpx.OAuth // nil for a private-app token
	props  *propertyCache
	looks  *lookups
	clock  httpx.Clock
}

// dial opens the connection; nothing is sent until the first call.
func dial(cfg Config, opts connectors.Options, d deps) (*conn, error) {
	ent, err := lookupEntity(opts.Entity)
	if err != nil {
		return nil, err
	}
	cfg.Credentials = httpx.CredentialsPath(cfg.Credentials, opts.BaseDir)
	obs := httpx.ExchangeObserver(opts.Observe)
	c := &conn{cfg: cfg, ent: ent, clock: d.clock}
	if c.clock == nil {
		c.clock = httpx.SystemClock()
	}
	perTen := privateTenSecondLimit
	if cfg.ClientID != "" {
		c.oauth, err = newOAuth(cfg, d, obs)
		if err != nil {
			return nil, err
		}
		c.auth, perTen = c.oauth, oauthTenSecondLimit
	} else {
		c.auth, err = staticToken(cfg)
		if err != nil {
			return nil, err
		}
	}
	if cfg.CallsPerTenSeconds > 0 {
		perTen = cfg.CallsPerTenSeconds
	}
	base := httpx.Config{
		Connection: cfg.Connection, BaseURL: cfg.BaseURL, HTTPClient: d.http, Timeout: httpx.RequestTimeout(d.timeout, cfg.RequestTimeout),
		Auth: c.auth, Limiters: d.limiters, Retry: retryPolicy, ErrorParser: httpx.HubSpotErrorParser,
		Observer: obs, Clock: d.clock,
		Header: http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}},
	}
	apiCfg := base
	apiCfg.Limits = apiLimits(d.clock, perTen, cfg.ClientID == "")
	if c.api, err = httpx.New(apiCfg); err != nil {
		return nil, err
	}
	searchCfg := base
	searchCfg.Limits = searchLimits(d.clock, perTen > maxTenSecondLimit)
	searchCfg.Scope = func(*httpx.Request) string { return "search" }
	if c.search, err = httpx.New(searchCfg); err != nil {
		return nil, err
	}
	c.props = newPropertyCache(c)
	c.looks = newLookups(c)
	return c, nil
}

// apiLimits: HubSpot's rolling ten-second window and, for private apps,
// the portal's day, both also followed from X-HubSpot-RateLimit-*.
func apiLimits(clock httpx.Clock, perTen int, daily bool) httpx.LimiterConfig {
	lc := httpx.LimiterConfig{
		Limits: []httpx.Limit{{Requests: perTen, Per: 10 * time.Second, Burst: perTen / 2}},
		Headers: []httpx.HeaderPolicy{
			httpx.HeaderPair("X-HubSpot-RateLimit-Remaining", "X-HubSpot-RateLimit-Interval-Milliseconds", httpx.ResetAfterMillis, clock),
		},
		Clock: clock,
	}
	if daily {
		day := dailyLimit
		if perTen > maxTenSecondLimit { // an emulator without limits
			day = perTen * dailyLimit / privateTenSecondLimit
		}
		lc.Limits = append(lc.Limits, httpx.Limit{Requests: day, Per: 24 * time.Hour, Burst: day * 9 / 10})
		lc.Headers = append(lc.Headers, dailyPolicy(clock))
	}
	return lc
}

// searchLimits: four searches a second per token; search answers carry
// no rate-limit headers.
func searchLimits(clock httpx.Clock, unlimited bool) httpx.LimiterConfig {
	n := searchPerSecond
	if unlimited {
		n = 100
	}
	return httpx.LimiterConfig{Limits: []httpx.Limit{{Requests: n, Per: time.Second, Burst: 1}}, Clock: clock}
}

// dailyPolicy reads X-HubSpot-RateLimit-Daily-Remaining. HubSpot sends no
// reset time: the day ends at midnight in the portal's time zone, which
// the connector does not know, so it assumes the latest midnight on
// earth (UTC-12) and a spent day stops the run with that time.
func dailyPolicy(clock httpx.Clock) httpx.HeaderPolicy {
	return func(resp *http.Response) (int, time.Time, bool) {
		rem, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining")))
		if err != nil {
			return 0, time.Time{}, false
		}
		now := clock.Now().UTC()
		reset := now.Truncate(24 * time.Hour).Add(12 * time.Hour)
		if !reset.After(now) {
			reset = reset.Add(24 * time.Hour)
		}
		return rem, reset, true
	}
}

// staticToken is the private-app token: from the config (env()) or the
// credentials file.
func staticToken(cfg Config) (httpx.Authorizer, error) {
	tok := cfg.Token
	if tok == "" {
		store, err := httpx.NewFileStore(cfg.Credentials)
		if err != nil {
			return nil, err
		}
		if tok, err = store.Secret(cfg.Connection, "token"); err != nil || tok == "" {
			return nil, fmt.Errorf("connection %q has no private-app token: set token = env(\"HUBSPOT_TOKEN\"), store one under the connection, or give client_id for an OAuth app", cfg.Connection)
		}
	}
	return httpx.NewStaticToken(tok, nil)
}

// newOAuth builds the token source of an OAuth app. HubSpot's access
// tokens live 30 minutes and its refresh tokens do not rotate; the
// toolkit refreshes 30 s before expiry and saves what it gets.
func newOAuth(cfg Config, d deps, obs httpx.Observer) (*httpx.OAuth, error) {
	return httpx.NewStoredOAuth(cfg.Credentials, httpx.OAuthConfig{
		Connection: cfg.Connection, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		AuthURL: cfg.AuthURL, TokenURL: cfg.BaseURL + "/oauth/v1/token", RedirectURL: cfg.RedirectURL,
		Scopes:     oauthScopes,
		AuthStyle:  oauth2.AuthStyleInParams,
		HTTPClient: d.http, Observer: obs, Clock: d.clock,
	})
}

// oauthScopes are what the connector's objects need.
var oauthScopes = []string{
	"crm.objects.contacts.read", "crm.objects.contacts.write",
	"crm.objects.companies.read", "crm.objects.companies.write",
	"crm.objects.deals.read", "crm.objects.deals.write",
	"crm.objects.line_items.read", "crm.objects.line_items.write",
	"e-commerce", "crm.schemas.contacts.read", "crm.schemas.companies.read", "crm.schemas.deals.read",
}

// isRecordProblem tells a status about the record's data from one about
// the connection or endpoint.
func isRecordProblem(err error) (*httpx.APIError, bool) {
	var ae *httpx.APIError
	if errors.As(err, &ae) && httpx.IsDataError(ae.Status) && ae.Status != http.StatusNotFound && ae.Status != http.StatusUnauthorized && ae.Status != http.StatusForbidden {
		return ae, true
	}
	return nil, false
}
