package httpx

import (
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors"
)

// NewStoredOAuth is NewOAuth with the credentials file at path as Store.
// An empty ClientSecret is taken from what `pipeline auth` stored under
// the connection, so that pipeline files may leave the secret out.
func NewStoredOAuth(path string, cfg OAuthConfig) (*OAuth, error) {
	store, err := NewFileStore(path)
	if err != nil {
		return nil, err
	}
	if cfg.ClientSecret == "" {
		if s, err := store.Secret(cfg.Connection, "client_secret"); err == nil {
			cfg.ClientSecret = s
		}
	}
	cfg.Store = store
	return NewOAuth(cfg)
}

// OAuthClient is what one OAuth connector's connection is made of; the
// fields shared by its token calls and its API calls are given once.
type OAuthClient struct {
	// Credentials is the credentials file (see CredentialsPath).
	Credentials string
	// Observe sees every exchange, token calls included, as the connector
	// contract has it (see ExchangeObserver); may be nil.
	Observe func(connectors.Exchange)
	// HTTPClient and Clock serve both the token and the API calls; nil
	// means the defaults.
	HTTPClient *http.Client
	Clock      Clock
	// OAuth is the token endpoint's side; Connection, Store, Observer,
	// HTTPClient and Clock are filled in.
	OAuth OAuthConfig
	// API is the client's config; Auth, Observer, HTTPClient and Clock are
	// filled in.
	API Config
}

// DialOAuth builds an authorised client: a token source over the
// credentials file and the API client that uses it. It makes no call.
func DialOAuth(c OAuthClient) (*Client, *OAuth, error) {
	obs := ExchangeObserver(c.Observe)
	oc := c.OAuth
	oc.Connection, oc.Observer, oc.HTTPClient, oc.Clock = c.API.Connection, obs, c.HTTPClient, c.Clock
	auth, err := NewStoredOAuth(c.Credentials, oc)
	if err != nil {
		return nil, nil, err
	}
	api := c.API
	api.Auth, api.Observer, api.HTTPClient, api.Clock = auth, obs, c.HTTPClient, c.Clock
	client, err := New(api)
	if err != nil {
		return nil, nil, err
	}
	return client, auth, nil
}
