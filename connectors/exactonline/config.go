package exactonline

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
	DefaultBaseURL     = "https://start.exactonline.nl"
	DefaultRedirectURL = "http://127.0.0.1:8976/callback"
)

// Config is the body of an exactonline source or target block:
//
//	target "exactonline" {
//	  connection    = "exact_prod"
//	  client_id     = env("EXACT_CLIENT_ID")
//	  client_secret = env("EXACT_CLIENT_SECRET")
//	}
//
// The entity comes from the block's schema ("exactonline/sales_order").
type Config struct {
	// Connection names the entry in the credentials file that holds this
	// company's tokens (written by `pipeline auth <connection>`); it also
	// keys the shared rate limiter.
	Connection string `hcl:"connection"`
	// BaseURL is the Exact Online host of the company's country:
	// https://start.exactonline.nl (default), .be, .co.uk, .de, .fr, ...
	BaseURL string `hcl:"base_url,optional"`
	// Division is the company (administration) code; 0 means the user's
	// current division, read once from /api/v1/current/Me.
	Division int `hcl:"division,optional"`
	// ClientID and ClientSecret identify the app registered in the Exact
	// App Center. The secret must come from env(); when it is left out,
	// the one `pipeline auth` stored in the credentials file is used.
	ClientID     string `hcl:"client_id,optional"`
	ClientSecret string `hcl:"client_secret,optional" pipeline:"secret"`
	// RedirectURL is the redirect URI registered with the app; a loopback
	// URL lets `pipeline auth` receive the code by itself.
	RedirectURL string `hcl:"redirect_url,optional"`
	// Credentials is the credentials file; "" means the default
	// (~/.config/pipeline/credentials.json or $PIPELINE_CREDENTIALS).
	// A relative path is taken from the pipeline file's folder.
	Credentials string `hcl:"credentials,optional"`
	// Select limits the properties read ($select); the key is always read.
	Select []string `hcl:"select,optional"`
	// Filter is an OData $filter for reads. Exact's sync endpoints filter
	// on Timestamp only, so a filter reads the CRUD endpoint in full
	// (60 rows a call) and rules out incremental reads.
	Filter string `hcl:"filter,optional"`
	// Expand reads the line collection of orders, invoices and entries
	// with their header ($expand); nil means true for entities with lines.
	// Writes always send the lines the record has, in the header's POST.
	Expand *bool `hcl:"expand,optional"`
	// CallsPerMinute is the client-side limit; 0 means Exact's 60. More is
	// allowed only against a loopback host (an emulator run with -no-limits),
	// where it keeps tests and offline trials fast.
	CallsPerMinute int `hcl:"calls_per_minute,optional"`
	// RequestTimeout bounds one attempt of one call ("60s" by default); a
	// call that times out is retried, or checked by natural key first when
	// it was a create.
	RequestTimeout string `hcl:"request_timeout,optional"`
}

// Defaults fills the optional settings.
func (c *Config) Defaults() {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if c.RedirectURL == "" {
		c.RedirectURL = DefaultRedirectURL
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
}

var (
	connectionName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	propertyName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)?$`)
)

// Validate checks the settings without contacting Exact.
func (c *Config) Validate() error {
	var errs []error
	if !connectionName.MatchString(c.Connection) {
		errs = append(errs, fmt.Errorf("connection %q: give the name the tokens are stored under, such as \"exact_prod\" (letters, digits, _ . -)", c.Connection))
	}
	if err := httpx.CheckURL("base_url", c.BaseURL); err != nil {
		errs = append(errs, err)
	}
	if err := httpx.CheckURL("redirect_url", c.RedirectURL); err != nil {
		errs = append(errs, err)
	}
	if c.Division < 0 {
		errs = append(errs, fmt.Errorf("division %d: give the company's division code, or leave it out for the current one", c.Division))
	}
	if c.RequestTimeout != "" {
		if d, err := time.ParseDuration(c.RequestTimeout); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("request_timeout %q: give a duration such as \"30s\"", c.RequestTimeout))
		}
	}
	if c.CallsPerMinute < 0 || (c.CallsPerMinute > minuteLimit && !httpx.IsLoopbackURL(c.BaseURL)) {
		errs = append(errs, fmt.Errorf("calls_per_minute %d: Exact Online allows %d calls a minute per company; more is only for an emulator on this machine", c.CallsPerMinute, minuteLimit))
	}
	if strings.TrimSpace(c.ClientID) == "" {
		errs = append(errs, errors.New(`client_id is required: the Client ID of the app registered in the Exact App Center (client_id = env("EXACT_CLIENT_ID"))`))
	}
	for _, s := range c.Select {
		if !propertyName.MatchString(s) {
			errs = append(errs, fmt.Errorf("select: %q is not a property name", s))
		}
	}
	return errors.Join(errs...)
}

// expand says whether e's lines travel with it.
func (c *Config) expand(e *entity) bool {
	if e.Lines == "" {
		return false
	}
	return c.Expand == nil || *c.Expand
}

// Scope names the division records go to, for the engine's
// cross-references (connectors.Scoper); "" for division 0, the user's
// current division, which is what state written before scopes means.
func (c *Config) Scope() string {
	if c.Division == 0 {
		return ""
	}
	return fmt.Sprintf("division=%d", c.Division)
}
