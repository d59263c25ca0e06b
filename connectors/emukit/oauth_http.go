package emukit

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
)

// OAuthReason says which rule a token request broke, so that a system can
// reword an error the way its real server does (Exact: "Old refresh token
// used.").
type OAuthReason string

// Reasons of OAuthError.
const (
	ReasonMethod         OAuthReason = "method"          // not a POST
	ReasonForm           OAuthReason = "form"            // body not form-encoded
	ReasonClient         OAuthReason = "client"          // unknown client or wrong secret
	ReasonGrantType      OAuthReason = "grant_type"      // unsupported grant_type
	ReasonCodeUnknown    OAuthReason = "code_unknown"    // unknown or already used code
	ReasonCodeExpired    OAuthReason = "code_expired"    // code past CodeTTL
	ReasonCodeMismatch   OAuthReason = "code_mismatch"   // other client or redirect_uri
	ReasonRefreshUnknown OAuthReason = "refresh_unknown" // unknown, expired or other client's
	ReasonRefreshUsed    OAuthReason = "refresh_used"    // revoked by rotation
	ReasonTooEarly       OAuthReason = "too_early"       // before MinRefreshAge
)

// OAuthError is a token-endpoint failure in RFC 6749 terms.
type OAuthError struct {
	Status      int
	Code        string // "invalid_grant", "invalid_client", …
	Description string
	Reason      OAuthReason
}

func (e *OAuthError) Error() string { return e.Code + ": " + e.Description }

func grantError(reason OAuthReason, desc string) *OAuthError {
	return &OAuthError{Status: http.StatusBadRequest, Code: "invalid_grant", Description: desc, Reason: reason}
}

// WriteOAuthError writes {"error": code, "error_description": desc}.
func WriteOAuthError(w http.ResponseWriter, e *OAuthError) {
	WriteJSON(w, e.Status, map[string]string{"error": e.Code, "error_description": e.Description})
}

// WriteTokenJSON writes the RFC 6749 token response: access_token,
// token_type "bearer", expires_in as a number, refresh_token when one was
// issued and scope when scopes were granted.
func WriteTokenJSON(w http.ResponseWriter, t Tokens) {
	body := map[string]any{"access_token": t.AccessToken, "token_type": "bearer", "expires_in": t.ExpiresIn}
	if t.RefreshToken != "" {
		body["refresh_token"] = t.RefreshToken
	}
	if len(t.Scopes) > 0 {
		body["scope"] = strings.Join(t.Scopes, " ")
	}
	WriteJSON(w, http.StatusOK, body)
}

// ServeAuthorize is the consent page: it grants at once and redirects to
// redirect_uri with a single-use code (and the state parameter). An
// unknown client or redirect URI is a plain-text 400, since there is no
// safe place to redirect to.
func (o *OAuth) ServeAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c, ok := o.Client(q.Get("client_id"))
	redirect := q.Get("redirect_uri")
	if !ok {
		http.Error(w, "The client_id is not registered.", http.StatusBadRequest)
		return
	}
	u, err := url.Parse(redirect)
	if err != nil || !u.IsAbs() || (len(c.RedirectURIs) > 0 && !contains(c.RedirectURIs, redirect)) {
		http.Error(w, "The redirect_uri is not registered for this client.", http.StatusBadRequest)
		return
	}
	back := u.Query()
	scopes, scopesOK := o.requestedScopes(q.Get("scope"))
	switch {
	case q.Get("response_type") != "code":
		back.Set("error", "unsupported_response_type")
	case !scopesOK:
		back.Set("error", "invalid_scope")
	default:
		code := o.cfg.NewToken()
		o.mu.Lock()
		o.st.Codes[code] = &CodeRecord{Client: c.ID, Redirect: redirect, Expires: o.cfg.Now().Add(o.cfg.CodeTTL), Scopes: scopes}
		o.mu.Unlock()
		back.Set("code", code)
	}
	if s := q.Get("state"); s != "" {
		back.Set("state", s)
	}
	u.RawQuery = back.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// requestedScopes checks a space-separated scope parameter against
// OAuthConfig.Scopes.
func (o *OAuth) requestedScopes(param string) ([]string, bool) {
	if o.cfg.Scopes == nil {
		return nil, true
	}
	scopes := strings.Fields(param)
	for _, s := range scopes {
		if !contains(o.cfg.Scopes, s) {
			return nil, false
		}
	}
	return scopes, true
}

// CheckClient authenticates the client of a token request by HTTP Basic
// or by client_id and client_secret in the parsed form.
func (o *OAuth) CheckClient(r *http.Request) (Client, *OAuthError) {
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	c, ok := o.Client(id)
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return Client{}, &OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client",
			Description: "unknown client or wrong secret", Reason: ReasonClient}
	}
	return c, nil
}

// ServeToken is the token endpoint: a form-encoded POST with grant_type
// authorization_code (code, redirect_uri) or refresh_token.
func (o *OAuth) ServeToken(w http.ResponseWriter, r *http.Request) {
	tok, oerr := o.token(r)
	if oerr != nil {
		o.cfg.WriteError(w, oerr)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	o.cfg.WriteTokens(w, tok)
}

func (o *OAuth) token(r *http.Request) (Tokens, *OAuthError) {
	if r.Method != http.MethodPost {
		return Tokens{}, &OAuthError{Status: http.StatusMethodNotAllowed, Code: "invalid_request",
			Description: "use POST", Reason: ReasonMethod}
	}
	if err := r.ParseForm(); err != nil {
		return Tokens{}, &OAuthError{Status: http.StatusBadRequest, Code: "invalid_request",
			Description: "the body is not form-encoded", Reason: ReasonForm}
	}
	c, oerr := o.CheckClient(r)
	if oerr != nil {
		return Tokens{}, oerr
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		return o.Exchange(c.ID, r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"))
	case "refresh_token":
		return o.Refresh(c.ID, r.PostForm.Get("refresh_token"))
	}
	return Tokens{}, &OAuthError{Status: http.StatusBadRequest, Code: "unsupported_grant_type",
		Description: "grant_type must be authorization_code or refresh_token", Reason: ReasonGrantType}
}
