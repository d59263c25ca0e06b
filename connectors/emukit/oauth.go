package emukit

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Client is an app registered with an emulator.
type Client struct {
	ID     string
	Secret string
	// RedirectURIs lists the accepted redirect_uri values; empty accepts
	// any absolute URI, which suits local tools whose callback port changes
	// per run.
	RedirectURIs []string
}

// Rotation is what happens to a refresh token when it is used.
type Rotation int

const (
	// RotateOnSuccessorUse returns a new refresh token on each refresh; the
	// one presented stays valid until its successor has itself been used,
	// then it dies (Exact Online).
	RotateOnSuccessorUse Rotation = iota
	// RotateImmediately returns a new refresh token and kills the one
	// presented at once (Visma).
	RotateImmediately
	// RotateNever returns the same refresh token, which stays valid
	// (HubSpot).
	RotateNever
)

// StaticToken is a bearer token that is always valid, such as a HubSpot
// private-app token; it is never issued by the token endpoint.
type StaticToken struct {
	Token  string
	Client string
	Scopes []string
}

// OAuthConfig is a system's OAuth2 policy. Zero durations take the
// defaults given per field.
type OAuthConfig struct {
	// Clients are the registered apps.
	Clients []Client
	// Now is the clock codes and tokens expire by; nil is real time.
	Now func() time.Time

	// AccessTTL is the access-token lifetime (0: one hour), RefreshTTL the
	// refresh-token lifetime (0: they do not expire), CodeTTL the
	// authorization-code lifetime (0: ten minutes).
	AccessTTL, RefreshTTL, CodeTTL time.Duration
	Rotation                       Rotation
	// MinRefreshAge, when positive, refuses a refresh until the access
	// token issued with the refresh token is that old (Exact: 570 s of
	// 600 s).
	MinRefreshAge time.Duration

	// Scopes are the scopes the authorize endpoint accepts; nil ignores the
	// scope parameter and grants none.
	Scopes []string
	// OfflineScope, when set, is the scope without which no refresh token
	// is issued (Visma: "offline_access").
	OfflineScope string
	// StaticTokens are accepted by Authenticate besides issued tokens.
	StaticTokens []StaticToken

	// NewToken makes codes and tokens in the system's look; nil makes 43
	// random URL-safe characters.
	NewToken func() string
	// WriteTokens writes a successful token response; nil is WriteTokenJSON.
	WriteTokens func(w http.ResponseWriter, t Tokens)
	// WriteError writes a token-endpoint error; nil is WriteOAuthError.
	WriteError func(w http.ResponseWriter, e *OAuthError)
}

// Tokens is what a grant issues.
type Tokens struct {
	AccessToken  string
	RefreshToken string // "" when none was issued
	ExpiresIn    int    // seconds
	Scopes       []string
}

// Grant is what a valid bearer token stands for.
type Grant struct {
	Client  string
	Scopes  []string
	Expires time.Time // zero for static tokens
}

// HasScope reports whether the grant holds any of scopes, the way an API
// operation lists the scopes it accepts.
func (g Grant) HasScope(scopes ...string) bool {
	for _, s := range scopes {
		if contains(g.Scopes, s) {
			return true
		}
	}
	return false
}

// Errors of Authenticate and Issue.
var (
	ErrNoToken       = errors.New("no bearer token")
	ErrUnknownToken  = errors.New("unknown access token")
	ErrTokenExpired  = errors.New("access token expired")
	ErrUnknownClient = errors.New("unknown client")
)

// OAuth is an authorization server: authorization codes, access and
// refresh tokens, their rotation, and the bearer check of API calls. It is
// safe for concurrent use.
type OAuth struct {
	cfg OAuthConfig
	mu  sync.Mutex
	st  OAuthState
}

// NewOAuth returns an authorization server with cfg's policy.
func NewOAuth(cfg OAuthConfig) *OAuth {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = time.Hour
	}
	if cfg.CodeTTL <= 0 {
		cfg.CodeTTL = 10 * time.Minute
	}
	if cfg.NewToken == nil {
		cfg.NewToken = func() string { return RandomToken(32) }
	}
	if cfg.WriteTokens == nil {
		cfg.WriteTokens = WriteTokenJSON
	}
	if cfg.WriteError == nil {
		cfg.WriteError = WriteOAuthError
	}
	o := &OAuth{cfg: cfg}
	o.SetState(OAuthState{})
	return o
}

// Client returns the registered client with id.
func (o *OAuth) Client(id string) (Client, bool) {
	for _, c := range o.cfg.Clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

// Issue issues tokens to a registered client directly, for tests that
// skip the consent step.
func (o *OAuth) Issue(clientID string, scopes []string) (Tokens, error) {
	if _, ok := o.Client(clientID); !ok {
		return Tokens{}, ErrUnknownClient
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.issue(clientID, scopes, "", o.cfg.Now()), nil
}

// BearerToken returns the token of an "Authorization: Bearer …" header.
func BearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(h, "bearer ")
	}
	return tok, ok && tok != ""
}

// Authenticate checks the bearer token of an API call. Its errors are
// ErrNoToken, ErrUnknownToken and ErrTokenExpired; the system turns them
// into its 401 answer.
func (o *OAuth) Authenticate(r *http.Request) (Grant, error) {
	tok, ok := BearerToken(r)
	if !ok {
		return Grant{}, ErrNoToken
	}
	for _, s := range o.cfg.StaticTokens {
		if s.Token == tok {
			return Grant{Client: s.Client, Scopes: s.Scopes}, nil
		}
	}
	o.mu.Lock()
	at, found := o.st.Access[tok]
	var g Grant
	if found {
		g = Grant{Client: at.Client, Scopes: at.Scopes, Expires: at.Expires}
	}
	o.mu.Unlock()
	if !found {
		return Grant{}, ErrUnknownToken
	}
	if !o.cfg.Now().Before(g.Expires) {
		return Grant{}, ErrTokenExpired
	}
	return g, nil
}
