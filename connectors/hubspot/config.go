package hubspot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Defaults of the optional settings.
const (
	DefaultBaseURL     = "https://api.hubapi.com"
	DefaultAuthURL     = "https://app.hubspot.com/oauth/authorize"
	DefaultRedirectURL = "http://127.0.0.1:8977/callback"
)

// Config is the body of a hubspot source or target block:
//
//	target "hubspot" {
//	  schema     = "hubspot/product"
//	  connection = "hubspot_prod"
//	  token      = env("HUBSPOT_TOKEN")
//	}
//
// The entity comes from the block's schema ("hubspot/contact").
type Config struct {
	// Connection names the entry in the credentials file holding this
	// portal's OAuth tokens or private-app token; it also keys the shared
	// rate limiter.
	Connection string `hcl:"connection"`
	// BaseURL is the API host: https://api.hubapi.com, or an emulator.
	BaseURL string `hcl:"base_url,optional"`
	// Token is a private-app access token (static bearer). It must come
	// from env(); when it is left out and no client_id is given, the token
	// stored under the connection ("token" secret) is used.
	Token string `hcl:"token,optional" pipeline:"secret"`
	// ClientID and ClientSecret identify a public OAuth app; with them
	// the connection uses the tokens `pipeline auth` stored.
	ClientID     string `hcl:"client_id,optional"`
	ClientSecret string `hcl:"client_secret,optional" pipeline:"secret"`
	// AuthURL is the consent page (default app.hubspot.com's; an emulator's
	// own /oauth/authorize when base_url is not HubSpot's).
	AuthURL     string `hcl:"auth_url,optional"`
	RedirectURL string `hcl:"redirect_url,optional"`
	// Credentials is the credentials file ("" = the default); a relative
	// path is taken from the pipeline file's folder.
	Credentials string `hcl:"credentials,optional"`
	// Properties are read besides the ones the schema lists (custom
	// properties of the portal).
	Properties []string `hcl:"properties,optional"`
	// Associations are the associated object types read with each record
	// ("deals", "line_items"), as far as the schema's associations allow.
	Associations []string `hcl:"associations,optional"`
	// MatchBy makes the writer idempotent on its own: each record is
	// matched on this property (a natural key such as "hs_sku" or
	// "email"); an existing object is updated when a written property
	// differs and left alone when none does. Empty: every write creates.
	MatchBy string `hcl:"match_by,optional"`
	// CallsPerTenSeconds is the client-side limit; 0 means HubSpot's 100
	// (private apps, Free/Starter) or 110 (OAuth apps). Up to 190
	// (Professional/Enterprise private apps) is allowed anywhere, more
	// only against an emulator on this machine.
	CallsPerTenSeconds int `hcl:"calls_per_ten_seconds,optional"`
	// RequestTimeout bounds one attempt of one call ("60s" by default).
	RequestTimeout string `hcl:"request_timeout,optional"`
}

// Limits as HubSpot documents them.
const (
	privateTenSecondLimit = 100
	oauthTenSecondLimit   = 110
	maxTenSecondLimit     = 190
	dailyLimit            = 250000
	searchPerSecond       = 4
)

// Defaults fills the optional settings.
func (c *Config) Defaults() {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.AuthURL == "" {
		c.AuthURL = DefaultAuthURL
		if c.BaseURL != DefaultBaseURL {
			c.AuthURL = c.BaseURL + "/oauth/authorize"
		}
	}
	if c.RedirectURL == "" {
		c.RedirectURL = DefaultRedirectURL
	}
}

var (
	connectionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	propertyName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Validate checks the settings without contacting HubSpot.
func (c *Config) Validate() error {
	var errs []error
	if !connectionName.MatchString(c.Connection) {
		errs = append(errs, fmt.Errorf("connection %q: give the name the credentials are stored under, such as \"hubspot_prod\" (letters, digits, _ . -)", c.Connection))
	}
	for name, u := range map[string]string{"base_url": c.BaseURL, "auth_url": c.AuthURL, "redirect_url": c.RedirectURL} {
		if err := httpx.CheckURL(name, u); err != nil {
			errs = append(errs, err)
		}
	}
	if c.Token != "" && c.ClientID != "" {
		errs = append(errs, errors.New("give either token (a private app) or client_id (an OAuth app), not both"))
	}
	if c.ClientSecret != "" && c.ClientID == "" {
		errs = append(errs, errors.New("client_secret needs client_id"))
	}
	if c.RequestTimeout != "" {
		if d, err := time.ParseDuration(c.RequestTimeout); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("request_timeout %q: give a duration such as \"30s\"", c.RequestTimeout))
		}
	}
	if c.CallsPerTenSeconds < 0 || (c.CallsPerTenSeconds > maxTenSecondLimit && !httpx.IsLoopbackURL(c.BaseURL)) {
		errs = append(errs, fmt.Errorf("calls_per_ten_seconds %d: HubSpot allows at most %d calls per ten seconds; more is only for an emulator on this machine", c.CallsPerTenSeconds, maxTenSecondLimit))
	}
	for _, p := range append(append([]string{}, c.Properties...), c.Associations...) {
		if !propertyName.MatchString(p) {
			errs = append(errs, fmt.Errorf("%q is not a HubSpot property or object type name", p))
		}
	}
	if c.MatchBy != "" && !propertyName.MatchString(c.MatchBy) {
		errs = append(errs, fmt.Errorf("match_by %q is not a property name", c.MatchBy))
	}
	return errors.Join(errs...)
}
