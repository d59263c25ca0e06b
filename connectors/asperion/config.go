package asperion

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Defaults of the optional settings.
const (
	DefaultBaseURL     = "https://api.asperion.nl"
	DefaultIdentityURL = "https://identity.asperion.nl"
	DefaultRedirectURL = "http://127.0.0.1:8977/callback"
	DefaultLanguage    = "en-US"
)

// Config is the body of an asperion source or target block:
//
//	target "asperion" {
//	  schema         = "asperion/sales_order"
//	  connection     = "asperion_prod"
//	  client_id      = env("ASPERION_CLIENT_ID")
//	  client_secret  = env("ASPERION_CLIENT_SECRET")
//	  administration = 1001 # optional: the user's default administration
//	}
type Config struct {
	// Connection names the entry in the credentials file that holds the
	// tokens (written by `pipeline auth <connection>`); it also keys the
	// shared rate limiter.
	Connection string `hcl:"connection"`
	// BaseURL is the API host: https://api.asperion.nl (default) or the
	// sandbox https://api-sandbox.asperion.nl.
	BaseURL string `hcl:"base_url,optional"`
	// IdentityURL is the identity server. Left out, it follows BaseURL:
	// identity.asperion.nl for api.asperion.nl, identity-sandbox for the
	// sandbox, and BaseURL itself for anything else (an emulator serves
	// both on one listener).
	IdentityURL string `hcl:"identity_url,optional"`
	// Administration is the id of the administration (tenant) to work
	// in, sent as the tenant header; 0 means the user's default one.
	Administration int64 `hcl:"administration,optional"`
	// Language is sent as Accept-Language and decides the language of
	// Asperion's error messages: "en-US" (default) or "nl-NL".
	Language string `hcl:"language,optional"`
	// ClientID and ClientSecret identify the API partner's app. The
	// secret must come from env(); left out, the one `pipeline auth`
	// stored is used.
	ClientID     string `hcl:"client_id,optional"`
	ClientSecret string `hcl:"client_secret,optional" pipeline:"secret"`
	// RedirectURL is the redirect URI registered for the app.
	RedirectURL string `hcl:"redirect_url,optional"`
	// Credentials is the credentials file; "" means the default. A
	// relative path is taken from the pipeline file's folder.
	Credentials string `hcl:"credentials,optional"`
	// CallsPerMinute is the client-side limit; 0 means the assumed 100.
	// More is allowed only against a loopback host (an emulator).
	CallsPerMinute int `hcl:"calls_per_minute,optional"`
	// RequestTimeout bounds one attempt of one call ("60s" by default).
	RequestTimeout string `hcl:"request_timeout,optional"`
}

// Defaults fills the optional settings.
func (c *Config) Defaults() {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.IdentityURL == "" {
		c.IdentityURL = identityFor(c.BaseURL)
	}
	c.IdentityURL = strings.TrimRight(c.IdentityURL, "/")
	if c.RedirectURL == "" {
		c.RedirectURL = DefaultRedirectURL
	}
	if c.Language == "" {
		c.Language = DefaultLanguage
	}
}

// identityFor is the identity server that goes with an API host.
func identityFor(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	switch strings.ToLower(u.Hostname()) {
	case "api.asperion.nl":
		return DefaultIdentityURL
	case "api-sandbox.asperion.nl":
		return "https://identity-sandbox.asperion.nl"
	}
	return base
}

var (
	connectionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	languageTag    = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// Validate checks the settings without contacting Asperion.
func (c *Config) Validate() error {
	var errs []error
	if !connectionName.MatchString(c.Connection) {
		errs = append(errs, fmt.Errorf("connection %q: give the name the tokens are stored under, such as \"asperion_prod\" (letters, digits, _ . -)", c.Connection))
	}
	for _, u := range [][2]string{{"base_url", c.BaseURL}, {"identity_url", c.IdentityURL}, {"redirect_url", c.RedirectURL}} {
		if err := httpx.CheckURL(u[0], u[1]); err != nil {
			errs = append(errs, err)
		}
	}
	if c.Administration < 0 {
		errs = append(errs, fmt.Errorf("administration %d: give the administration's id, or leave it out for the user's default one", c.Administration))
	}
	if !languageTag.MatchString(c.Language) {
		errs = append(errs, fmt.Errorf("language %q: give a language tag such as \"en-US\" or \"nl-NL\"", c.Language))
	}
	if c.RequestTimeout != "" {
		if d, err := time.ParseDuration(c.RequestTimeout); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("request_timeout %q: give a duration such as \"30s\"", c.RequestTimeout))
		}
	}
	if c.CallsPerMinute < 0 || (c.CallsPerMinute > minuteLimit && !httpx.IsLoopbackURL(c.BaseURL)) {
		errs = append(errs, fmt.Errorf("calls_per_minute %d: Asperion is assumed to allow %d calls a minute per administration; more is only for an emulator on this machine", c.CallsPerMinute, minuteLimit))
	}
	if strings.TrimSpace(c.ClientID) == "" {
		errs = append(errs, errors.New(`client_id is required: the client id Asperion issued to the API partner (client_id = env("ASPERION_CLIENT_ID"))`))
	}
	return errors.Join(errs...)
}

// requestTimeout is the configured per-attempt timeout, 0 for httpx's.
func (c *Config) requestTimeout() time.Duration {
	d, err := time.ParseDuration(c.RequestTimeout)
	if err != nil {
		return 0
	}
	return d
}

// Scope names the administration records go to, for the engine's
// cross-references (connectors.Scoper); "" for 0, the user's default
// administration, which is what state written before scopes means.
func (c *Config) Scope() string {
	if c.Administration == 0 {
		return ""
	}
	return fmt.Sprintf("administration=%d", c.Administration)
}
