package accountview

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
	DefaultBaseURL     = "https://www.accountview.net"
	DefaultRedirectURL = "http://127.0.0.1:8976/callback"
	DefaultPageSize    = 1000
)

// Config is the body of an accountview source or target block:
//
//	target "accountview" {
//	  schema        = "accountview/sales_order"
//	  connection    = "accountview_prod"
//	  company       = "6f1c2d3e-4a5b-4c6d-8e7f-102030405060"
//	  client_id     = env("ACCOUNTVIEW_CLIENT_ID")
//	  client_secret = env("ACCOUNTVIEW_CLIENT_SECRET")
//	}
//
// The entity comes from the block's schema ("accountview/debtor").
type Config struct {
	// Connection names the entry in the credentials file that holds the
	// tokens (written by `pipeline auth <connection>`); with the company it
	// keys the shared rate limiter.
	Connection string `hcl:"connection"`
	// BaseURL is the AccountView host; the API lives under /api/v3.
	BaseURL string `hcl:"base_url,optional"`
	// Company is the administration's id as GET /api/v3/companies lists it
	// (Id); it travels in the X-Company header of every data call.
	Company string `hcl:"company"`
	// ClientID and ClientSecret identify the app. The secret must come
	// from env(); when it is left out, the one `pipeline auth` stored is
	// used.
	ClientID     string `hcl:"client_id,optional"`
	ClientSecret string `hcl:"client_secret,optional" pipeline:"secret"`
	// RedirectURL is the redirect URI registered with the app.
	RedirectURL string `hcl:"redirect_url,optional"`
	// Credentials is the credentials file; "" means the default. A
	// relative path is taken from the pipeline file's folder.
	Credentials string `hcl:"credentials,optional"`
	// PageSize is the number of rows a read asks for per call (1–1000,
	// default 1000).
	PageSize int `hcl:"page_size,optional"`
	// CallsPerMinute is the client-side limit; 0 means 120. AccountView
	// publishes no limit; up to 300 (the limit assumed for it) is allowed
	// anywhere, more only against a loopback host (an emulator).
	CallsPerMinute int `hcl:"calls_per_minute,optional"`
	// RequestTimeout bounds one attempt of one call ("60s" by default).
	RequestTimeout string `hcl:"request_timeout,optional"`
}

// Limits of calls per minute: the default, and the most allowed against a
// host that is not this machine.
const (
	defaultPerMinute = 120
	maxPerMinute     = 300
)

// Defaults fills the optional settings.
func (c *Config) Defaults() {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	c.BaseURL = strings.TrimSuffix(strings.TrimRight(c.BaseURL, "/"), "/api/v3")
	if c.RedirectURL == "" {
		c.RedirectURL = DefaultRedirectURL
	}
	if c.PageSize == 0 {
		c.PageSize = DefaultPageSize
	}
	c.Company = strings.TrimSpace(c.Company)
}

var connectionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// Validate checks the settings without contacting AccountView.
func (c *Config) Validate() error {
	var errs []error
	if !connectionName.MatchString(c.Connection) {
		errs = append(errs, fmt.Errorf("connection %q: give the name the tokens are stored under, such as \"accountview_prod\" (letters, digits, _ . -)", c.Connection))
	}
	if c.Company == "" {
		errs = append(errs, errors.New("company is required: the administration's Id from GET /api/v3/companies"))
	}
	if err := httpx.CheckURL("base_url", c.BaseURL); err != nil {
		errs = append(errs, err)
	}
	if err := httpx.CheckURL("redirect_url", c.RedirectURL); err != nil {
		errs = append(errs, err)
	}
	if c.PageSize < 1 || c.PageSize > 1000 {
		errs = append(errs, fmt.Errorf("page_size %d: give 1 to 1000 rows", c.PageSize))
	}
	if c.RequestTimeout != "" {
		if d, err := time.ParseDuration(c.RequestTimeout); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("request_timeout %q: give a duration such as \"30s\"", c.RequestTimeout))
		}
	}
	if c.CallsPerMinute < 0 || (c.CallsPerMinute > maxPerMinute && !httpx.IsLoopbackURL(c.BaseURL)) {
		errs = append(errs, fmt.Errorf("calls_per_minute %d: at most %d a minute against AccountView; more is only for an emulator on this machine", c.CallsPerMinute, maxPerMinute))
	}
	if strings.TrimSpace(c.ClientID) == "" {
		errs = append(errs, errors.New(`client_id is required: the client id of the app registered with AccountView (client_id = env("ACCOUNTVIEW_CLIENT_ID"))`))
	}
	return errors.Join(errs...)
}

// perMinute is the effective client-side limit.
func (c *Config) perMinute() int {
	if c.CallsPerMinute == 0 {
		return defaultPerMinute
	}
	return c.CallsPerMinute
}

// Scope names the company records go to, for the engine's
// cross-references (connectors.Scoper): records written to one company
// are not written to another.
func (c *Config) Scope() string {
	if c.Company == "" {
		return ""
	}
	return "company=" + c.Company
}
