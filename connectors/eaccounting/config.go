package eaccounting

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Visma's production hosts, and the defaults of the optional settings.
const (
	DefaultBaseURL     = "https://eaccountingapi.vismaonline.com"
	DefaultIdentityURL = "https://identity.vismaonline.com"
	DefaultRedirectURL = "http://127.0.0.1:8977/callback"
	// sandboxAPIHost and sandboxIdentityHost are Visma's test pair: a
	// base_url on the sandbox API implies the sandbox identity server.
	sandboxAPIHost      = "eaccountingapi-sandbox.test.vismaonline.com"
	sandboxIdentityHost = "identity-sandbox.test.vismaonline.com"
	// DefaultPageSize is Visma's own default; the largest page Visma is
	// known to serve is 500.
	DefaultPageSize = 50
	maxPageSize     = 500
)

// Config is the body of an eaccounting source or target block:
//
//	target "eaccounting" {
//	  schema     = "eaccounting/article"
//	  connection = "visma_prod"
//	  client_id  = env("VISMA_CLIENT_ID")
//	}
//
// The entity comes from the block's schema ("eaccounting/order").
type Config struct {
	// Connection names the entry of the credentials file that holds the
	// company's tokens (written by `pipeline auth <connection>`); it also
	// keys the shared rate limiters.
	Connection string `hcl:"connection"`
	// BaseURL is the API host (without /v2): production by default, the
	// sandbox https://eaccountingapi-sandbox.test.vismaonline.com, or an
	// emulator on this machine.
	BaseURL string `hcl:"base_url,optional"`
	// IdentityURL is the identity server's host; "" derives it from
	// BaseURL (production, sandbox, or the emulator itself).
	IdentityURL string `hcl:"identity_url,optional"`
	// ClientID and ClientSecret identify the app registered with Visma.
	// The secret must come from env(); when it is left out, the one
	// `pipeline auth` stored with the tokens is used.
	ClientID     string `hcl:"client_id,optional"`
	ClientSecret string `hcl:"client_secret,optional" pipeline:"secret"`
	// RedirectURL is the redirect URI registered with the app.
	RedirectURL string `hcl:"redirect_url,optional"`
	// Scopes are what `pipeline auth` asks the user to grant besides
	// ea:api and offline_access; nil means ea:sales and ea:accounting.
	// Runs use whatever was granted.
	Scopes []string `hcl:"scopes,optional"`
	// Credentials is the credentials file; "" means the default. A
	// relative path is taken from the pipeline file's folder.
	Credentials string `hcl:"credentials,optional"`
	// Filter is an OData $filter added to reads ("IsActive eq true").
	Filter string `hcl:"filter,optional"`
	// PageSize is $pagesize of reads: 1 to 500, default 500 (fewer calls).
	PageSize int `hcl:"page_size,optional"`
	// CallsPerMinute is the client-side limit per endpoint; 0 means
	// Visma's 600. More is allowed only against a loopback host (an
	// emulator), where it keeps tests and offline trials fast.
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
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/v2")
	if c.IdentityURL == "" {
		c.IdentityURL = identityFor(c.BaseURL)
	}
	c.IdentityURL = strings.TrimRight(c.IdentityURL, "/")
	if c.RedirectURL == "" {
		c.RedirectURL = DefaultRedirectURL
	}
	if c.PageSize == 0 {
		c.PageSize = maxPageSize
	}
}

// identityFor pairs an API host with its identity server: the emulator
// serves both on one address.
func identityFor(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return DefaultIdentityURL
	}
	switch {
	case strings.EqualFold(u.Hostname(), sandboxAPIHost):
		return "https://" + sandboxIdentityHost
	case httpx.IsLoopbackURL(base):
		return base
	}
	return DefaultIdentityURL
}

var (
	connectionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	scopeName      = regexp.MustCompile(`^ea:(sales|accounting|purchase)(_readonly)?$`)
)

// Validate checks the settings without contacting Visma.
func (c *Config) Validate() error {
	var errs []error
	if !connectionName.MatchString(c.Connection) {
		errs = append(errs, fmt.Errorf("connection %q: give the name the tokens are stored under, such as \"visma_prod\" (letters, digits, _ . -)", c.Connection))
	}
	for _, u := range []struct{ name, val string }{{"base_url", c.BaseURL}, {"identity_url", c.IdentityURL}, {"redirect_url", c.RedirectURL}} {
		if err := httpx.CheckURL(u.name, u.val); err != nil {
			errs = append(errs, err)
		}
	}
	if strings.TrimSpace(c.ClientID) == "" {
		errs = append(errs, errors.New(`client_id is required: the client id of the app registered with Visma (client_id = env("VISMA_CLIENT_ID"))`))
	}
	for _, s := range c.Scopes {
		if !scopeName.MatchString(s) {
			errs = append(errs, fmt.Errorf("scopes: %q is not an eAccounting scope (ea:sales, ea:accounting, ea:purchase, each optionally _readonly; ea:api and offline_access are always asked)", s))
		}
	}
	if c.PageSize < 1 || c.PageSize > maxPageSize {
		errs = append(errs, fmt.Errorf("page_size %d: give 1 to %d", c.PageSize, maxPageSize))
	}
	if c.CallsPerMinute < 0 || (c.CallsPerMinute > minuteLimit && !httpx.IsLoopbackURL(c.BaseURL)) {
		errs = append(errs, fmt.Errorf("calls_per_minute %d: Visma eAccounting allows %d calls a minute per endpoint; more is only for an emulator on this machine", c.CallsPerMinute, minuteLimit))
	}
	if c.RequestTimeout != "" {
		if d, err := time.ParseDuration(c.RequestTimeout); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("request_timeout %q: give a duration such as \"30s\"", c.RequestTimeout))
		}
	}
	return errors.Join(errs...)
}

// scopes are what a consent asks for.
func (c *Config) scopes() []string {
	s := []string{"ea:api", "offline_access"}
	if len(c.Scopes) == 0 {
		return append(s, "ea:sales", "ea:accounting")
	}
	return append(s, c.Scopes...)
}
