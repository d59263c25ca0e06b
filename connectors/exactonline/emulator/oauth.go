package emulator

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Token lifetimes as Exact documents them.
const (
	accessTokenTTL  = 600 * time.Second
	refreshTokenTTL = 30 * 24 * time.Hour
	authCodeTTL     = 3 * time.Minute
	// refreshWindow is how long before expiry StrictRefresh allows a
	// refresh (Exact: only after 570 of the 600 seconds).
	refreshWindow = 30 * time.Second
)

// oauthStore keeps codes and tokens. Refresh tokens rotate the way Exact's
// do: each refresh returns a new refresh token, and the one that was
// presented stays valid until its successor has itself been used — then it
// dies ("old refresh token used"). Access tokens live out their 600 s.
type oauthStore struct {
	e       *Emulator
	mu      sync.Mutex
	Codes   map[string]*authCode     `json:"codes"`
	Access  map[string]*accessToken  `json:"access"`
	Refresh map[string]*refreshToken `json:"refresh"`
}

type authCode struct {
	Client, Redirect string
	Expires          time.Time
}

type accessToken struct {
	Client  string
	Expires time.Time
}

type refreshToken struct {
	Client        string
	Parent        string    // the refresh token this one replaced
	Expires       time.Time // 30 days after issue
	AccessExpires time.Time // expiry of the access token issued with it
	Revoked       bool
}

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
}

func newOAuthStore(e *Emulator) *oauthStore {
	return &oauthStore{e: e, Codes: map[string]*authCode{}, Access: map[string]*accessToken{},
		Refresh: map[string]*refreshToken{}}
}

// exactToken mimics the look of Exact's tokens, including the '.' and '!'
// that catch clients which forget to URL-encode them.
func exactToken() string { return "stampNL001." + randomToken(24) + "!" + randomToken(12) }

// IssueTokens issues an access and refresh token for clientID directly,
// for tests that skip the browser consent step.
func (e *Emulator) IssueTokens(clientID string) (Tokens, error) {
	if e.client(clientID) == nil {
		return Tokens{}, errf(http.StatusBadRequest, "unknown client %q", clientID)
	}
	return e.oauth.issue(clientID, ""), nil
}

func (o *oauthStore) issue(client, parent string) Tokens {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.e.clock.Now()
	o.purge(now)
	at, rt := exactToken(), exactToken()
	o.Access[at] = &accessToken{Client: client, Expires: now.Add(accessTokenTTL)}
	o.Refresh[rt] = &refreshToken{Client: client, Parent: parent, Expires: now.Add(refreshTokenTTL),
		AccessExpires: now.Add(accessTokenTTL)}
	return Tokens{AccessToken: at, RefreshToken: rt, ExpiresIn: int(accessTokenTTL / time.Second)}
}

// purge drops expired codes and tokens so that a long-running emulator does
// not grow; it runs on each issue, which Exact limits to a few a day.
func (o *oauthStore) purge(now time.Time) {
	for k, c := range o.Codes {
		if now.After(c.Expires) {
			delete(o.Codes, k)
		}
	}
	for k, a := range o.Access {
		if now.After(a.Expires) {
			delete(o.Access, k)
		}
	}
	for k, r := range o.Refresh {
		if now.After(r.Expires) {
			delete(o.Refresh, k)
		}
	}
}

func (e *Emulator) client(id string) *Client {
	for i := range e.opts.Clients {
		if e.opts.Clients[i].ID == id {
			return &e.opts.Clients[i]
		}
	}
	return nil
}

// handleAuthorize is the consent page: it grants at once and redirects to
// redirect_uri with a single-use code valid for three minutes.
func (e *Emulator) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c := e.client(q.Get("client_id"))
	redirect := q.Get("redirect_uri")
	if c == nil {
		http.Error(w, "The client_id is not registered.", http.StatusBadRequest)
		return
	}
	u, err := url.Parse(redirect)
	if err != nil || !u.IsAbs() || (len(c.RedirectURIs) > 0 && !contains(c.RedirectURIs, redirect)) {
		http.Error(w, "The redirect_uri is not registered for this client.", http.StatusBadRequest)
		return
	}
	back := u.Query()
	if rt := q.Get("response_type"); rt != "code" {
		back.Set("error", "unsupported_response_type")
	} else {
		code := exactToken()
		e.oauth.mu.Lock()
		e.oauth.Codes[code] = &authCode{Client: c.ID, Redirect: redirect, Expires: e.clock.Now().Add(authCodeTTL)}
		e.oauth.mu.Unlock()
		back.Set("code", code)
	}
	if s := q.Get("state"); s != "" {
		back.Set("state", s)
	}
	u.RawQuery = back.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// handleToken serves POST /api/oauth2/token.
func (e *Emulator) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		tokenError(w, http.StatusMethodNotAllowed, "invalid_request", "use POST")
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "the body is not form-encoded")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	c := e.client(id)
	if c == nil || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	var (
		tok    Tokens
		status int
		code   string
		msg    string
	)
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		tok, status, code, msg = e.oauth.exchangeCode(c.ID, r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"))
	case "refresh_token":
		tok, status, code, msg = e.oauth.refresh(c.ID, r.PostForm.Get("refresh_token"), e.opts.StrictRefresh)
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	if status != 0 {
		tokenError(w, status, code, msg)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{
		"access_token": tok.AccessToken, "token_type": "bearer",
		"expires_in": strconv.Itoa(tok.ExpiresIn), "refresh_token": tok.RefreshToken,
	})
}

func (o *oauthStore) exchangeCode(client, code, redirect string) (Tokens, int, string, string) {
	o.mu.Lock()
	ac, ok := o.Codes[code]
	delete(o.Codes, code) // single use, even when the exchange fails
	o.mu.Unlock()
	switch {
	case !ok:
		return Tokens{}, http.StatusBadRequest, "invalid_grant", "unknown or already used authorization code"
	case o.e.clock.Now().After(ac.Expires):
		return Tokens{}, http.StatusBadRequest, "invalid_grant", "authorization code expired"
	case ac.Client != client || ac.Redirect != redirect:
		return Tokens{}, http.StatusBadRequest, "invalid_grant", "client_id or redirect_uri differ from the authorization request"
	}
	return o.issue(client, ""), 0, "", ""
}

func (o *oauthStore) refresh(client, token string, strict bool) (Tokens, int, string, string) {
	now := o.e.clock.Now()
	o.mu.Lock()
	rt, ok := o.Refresh[token]
	switch {
	case !ok || rt.Client != client || now.After(rt.Expires):
		o.mu.Unlock()
		return Tokens{}, http.StatusBadRequest, "invalid_grant", "unknown or expired refresh token"
	case rt.Revoked:
		o.mu.Unlock()
		return Tokens{}, http.StatusBadRequest, "invalid_grant", "Old refresh token used."
	case strict && now.Before(rt.AccessExpires.Add(-refreshWindow)):
		o.mu.Unlock()
		return Tokens{}, http.StatusBadRequest, "invalid_request",
			"the access token may only be refreshed in the last 30 seconds of its 600 seconds"
	}
	if p, ok := o.Refresh[rt.Parent]; ok {
		p.Revoked = true
	}
	o.mu.Unlock()
	return o.issue(client, token), 0, "", ""
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// authenticate returns the client of a valid bearer token.
func (e *Emulator) authenticate(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(h, "bearer ")
	}
	if !ok || tok == "" {
		return "", errf(http.StatusUnauthorized, "Unauthorized: no bearer token")
	}
	e.oauth.mu.Lock()
	at, found := e.oauth.Access[tok]
	e.oauth.mu.Unlock()
	if !found {
		return "", errf(http.StatusUnauthorized, "Unauthorized: unknown access token")
	}
	if !e.clock.Now().Before(at.Expires) {
		return "", errf(http.StatusUnauthorized, "Unauthorized: access token expired")
	}
	return at.Client, nil
}
