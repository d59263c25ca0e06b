package emulator

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Lifetimes. Access tokens live 60 minutes (third-party write-ups; Visma
// publishes no figure). Codes live five minutes (IdentityServer's
// default). Refresh tokens do not expire here: Visma publishes no lifetime,
// and rotation is what kills them.
const (
	accessTokenTTL = time.Hour
	authCodeTTL    = 5 * time.Minute
)

// Scopes the identity server grants. ea:api is needed for every API call;
// offline_access for a refresh token.
const (
	ScopeAPI                = "ea:api"
	ScopeOffline            = "offline_access"
	ScopeSales              = "ea:sales"
	ScopeSalesReadOnly      = "ea:sales_readonly"
	ScopeAccounting         = "ea:accounting"
	ScopeAccountingReadOnly = "ea:accounting_readonly"
	ScopePurchase           = "ea:purchase"
	ScopePurchaseReadOnly   = "ea:purchase_readonly"
)

var knownScopes = []string{ScopeAPI, ScopeOffline, ScopeSales, ScopeSalesReadOnly, ScopeAccounting,
	ScopeAccountingReadOnly, ScopePurchase, ScopePurchaseReadOnly}

// DefaultScopes are what IssueTokens grants when no scopes are given: full
// access with a refresh token.
var DefaultScopes = []string{ScopeAPI, ScopeOffline, ScopeSales, ScopeAccounting, ScopePurchase}

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string // "" without offline_access
	ExpiresIn    int
	Scopes       []string
}

// newOAuth configures the kit's authorization server the way Visma's
// identity server behaves: every refresh returns a new refresh token and
// the one presented dies at once; no refresh token without
// offline_access.
func newOAuth(e *Emulator) *emukit.OAuth {
	return emukit.NewOAuth(emukit.OAuthConfig{
		Clients:      e.opts.Clients,
		Now:          e.clock.Now,
		AccessTTL:    accessTokenTTL,
		CodeTTL:      authCodeTTL,
		Rotation:     emukit.RotateImmediately,
		Scopes:       knownScopes,
		OfflineScope: ScopeOffline,
		NewToken:     vismaToken,
	})
}

// vismaToken looks like the JWTs Visma's identity server issues (long,
// three dot-separated parts), so that clients which cut or mangle long
// tokens fail here as they would there.
func vismaToken() string {
	return "eyJhbGciOiJSUzI1NiIsImtpZCI6ImVtdWxhdG9yIiwidHlwIjoiYXQrand0In0." +
		emukit.RandomToken(120) + "." + emukit.RandomToken(64)
}

// serveToken is /connect/token: a form-encoded POST (Visma insists on
// application/x-www-form-urlencoded), the client authenticated by HTTP
// Basic or by client_id and client_secret in the form, grant_type
// authorization_code or refresh_token.
func (e *Emulator) serveToken(w http.ResponseWriter, r *http.Request) {
	fail := func(oe *emukit.OAuthError) { emukit.WriteOAuthError(w, oe) }
	if r.Method != http.MethodPost {
		fail(&emukit.OAuthError{Status: http.StatusMethodNotAllowed, Code: "invalid_request", Description: "use POST"})
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		fail(&emukit.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request",
			Description: "the token request must be application/x-www-form-urlencoded"})
		return
	}
	if err := r.ParseForm(); err != nil {
		fail(&emukit.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: "the body is not form-encoded"})
		return
	}
	c, oe := e.oauth.CheckClient(r)
	if oe != nil {
		fail(oe)
		return
	}
	var t emukit.Tokens
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		t, oe = e.oauth.Exchange(c.ID, r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"))
	case "refresh_token":
		t, oe = e.oauth.Refresh(c.ID, r.PostForm.Get("refresh_token"))
	default:
		oe = &emukit.OAuthError{Status: http.StatusBadRequest, Code: "unsupported_grant_type",
			Description: "grant_type must be authorization_code or refresh_token"}
	}
	if oe != nil {
		fail(oe)
		return
	}
	// IdentityServer's answer: expires_in a number, token_type "Bearer",
	// the granted scopes, refresh_token only with offline_access.
	w.Header().Set("Cache-Control", "no-store")
	body := map[string]any{"access_token": t.AccessToken, "expires_in": t.ExpiresIn,
		"token_type": "Bearer", "scope": strings.Join(t.Scopes, " ")}
	if t.RefreshToken != "" {
		body["refresh_token"] = t.RefreshToken
	}
	emukit.WriteJSON(w, http.StatusOK, body)
}

// IssueTokens issues tokens for clientID directly, for tests that skip the
// browser consent step; no scopes means DefaultScopes.
func (e *Emulator) IssueTokens(clientID string, scopes ...string) (Tokens, error) {
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	for _, s := range scopes {
		if !containsStr(knownScopes, s) {
			return Tokens{}, errf(http.StatusBadRequest, codeValidation, "unknown scope %q", s)
		}
	}
	t, err := e.oauth.Issue(clientID, append([]string(nil), scopes...))
	if err != nil {
		return Tokens{}, errf(http.StatusBadRequest, codeValidation, "unknown client %q", clientID)
	}
	return Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn, Scopes: t.Scopes}, nil
}

// authenticate returns the grant of a valid bearer token, or Visma's 401.
func (e *Emulator) authenticate(r *http.Request) (emukit.Grant, error) {
	g, err := e.oauth.Authenticate(r)
	if err != nil {
		msg := "AuthorizationException - Authorization has been denied for this request."
		if errors.Is(err, emukit.ErrTokenExpired) {
			msg += " The access token has expired."
		}
		return g, errf(http.StatusUnauthorized, codeNotAuthorized, "%s", msg)
	}
	return g, nil
}

// authorize checks the scopes an operation needs: ea:api always, and one
// of the operation's scopes. A *_readonly scope never grants a write, even
// where Visma's document lists one (POST /customerinvoices does).
func authorize(g emukit.Grant, op *genOperation) error {
	if !g.HasScope(ScopeAPI) {
		return errf(http.StatusForbidden, codeNoAccessToScope, "The token lacks the scope %s", ScopeAPI)
	}
	var accepted []string
	for _, s := range op.Scopes {
		if op.Method != http.MethodGet && strings.HasSuffix(s, "_readonly") {
			continue
		}
		accepted = append(accepted, s)
	}
	if !g.HasScope(accepted...) {
		return errf(http.StatusForbidden, codeNoAccessToScope,
			"%s %s requires one of the scopes %s", op.Method, "/v2"+op.Path, strings.Join(accepted, ", "))
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
