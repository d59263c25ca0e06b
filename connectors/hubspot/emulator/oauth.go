package emulator

import (
	"errors"
	"net/http"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Token lifetimes as HubSpot documents them: 30-minute access tokens and
// refresh tokens that neither expire nor rotate.
const (
	accessTokenTTL = 30 * time.Minute
	authCodeTTL    = 10 * time.Minute
)

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
}

// tokenStatus maps the kit's reasons to the status member of HubSpot's
// OAuth errors ({"status": "BAD_REFRESH_TOKEN", "message": …}).
var tokenStatus = map[emukit.OAuthReason]string{
	emukit.ReasonClient:         "BAD_CLIENT_ID",
	emukit.ReasonGrantType:      "BAD_GRANT_TYPE",
	emukit.ReasonCodeUnknown:    "BAD_AUTH_CODE",
	emukit.ReasonCodeExpired:    "BAD_AUTH_CODE",
	emukit.ReasonCodeMismatch:   "BAD_REDIRECT_URI",
	emukit.ReasonRefreshUnknown: "BAD_REFRESH_TOKEN",
	emukit.ReasonRefreshUsed:    "BAD_REFRESH_TOKEN",
	emukit.ReasonForm:           "BAD_REQUEST",
	emukit.ReasonMethod:         "BAD_REQUEST",
}

// newOAuth configures the kit's authorization server the way HubSpot's
// behaves: access tokens live 30 minutes, the refresh token stays the
// same on every refresh and never expires, and private-app tokens are
// static bearer tokens beside the issued ones.
func newOAuth(e *Emulator) *emukit.OAuth {
	clients := make([]emukit.Client, len(e.apps))
	for i, c := range e.apps {
		clients[i] = emukit.Client{ID: c.ID, Secret: c.Secret, RedirectURIs: c.RedirectURIs}
	}
	var static []emukit.StaticToken
	for _, p := range e.opts.PrivateApps {
		scopes := p.Scopes
		if scopes == nil {
			scopes = knownScopes()
		}
		static = append(static, emukit.StaticToken{Token: p.Token, Client: privateClient, Scopes: scopes})
	}
	return emukit.NewOAuth(emukit.OAuthConfig{
		Clients:      clients,
		Now:          e.clock.Now,
		AccessTTL:    accessTokenTTL,
		CodeTTL:      authCodeTTL,
		Rotation:     emukit.RotateNever,
		Scopes:       knownScopes(),
		StaticTokens: static,
		NewToken:     hubspotToken,
		WriteTokens: func(w http.ResponseWriter, t emukit.Tokens) {
			emukit.WriteJSON(w, http.StatusOK, map[string]any{"token_type": "bearer", "refresh_token": t.RefreshToken,
				"access_token": t.AccessToken, "expires_in": t.ExpiresIn})
		},
		WriteError: func(w http.ResponseWriter, oe *emukit.OAuthError) {
			status := tokenStatus[oe.Reason]
			if status == "" {
				status = "BAD_REQUEST"
			}
			emukit.WriteJSON(w, oe.Status, map[string]string{"status": status, "message": oe.Description,
				"correlationId": emukit.NewUUID()})
		},
	})
}

// privateClient is the grant client of every private-app token.
const privateClient = "private-app"

// hubspotToken mimics the look of HubSpot's tokens (a region prefix and a
// long opaque part).
func hubspotToken() string { return "CKe1-emu-" + emukit.RandomToken(48) }

// IssueTokens issues an access and refresh token for clientID directly,
// for tests that skip the browser consent step. Without scopes the token
// holds every scope the emulator knows.
func (e *Emulator) IssueTokens(clientID string, scopes ...string) (Tokens, error) {
	if len(scopes) == 0 {
		scopes = knownScopes()
	}
	t, err := e.oauth.Issue(clientID, scopes)
	if err != nil {
		return Tokens{}, badRequest("unknown client %q", clientID)
	}
	return Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn}, nil
}

// caller is who made an API call: an OAuth app or a private app.
type caller struct {
	grant   emukit.Grant
	token   string
	private bool
}

// authenticate checks the bearer token of an API call and answers in
// HubSpot's words when it fails.
func (e *Emulator) authenticate(r *http.Request) (caller, error) {
	g, err := e.oauth.Authenticate(r)
	tok, _ := emukit.BearerToken(r)
	switch {
	case errors.Is(err, emukit.ErrNoToken):
		return caller{}, errf(http.StatusUnauthorized, catAuth, "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview")
	case errors.Is(err, emukit.ErrTokenExpired):
		return caller{}, errf(http.StatusUnauthorized, catExpired, "The OAuth token used to make this call expired. Refresh it with the refresh token.")
	case err != nil:
		return caller{}, errf(http.StatusUnauthorized, catAuth, "Authentication credentials not found: the token is not valid.")
	}
	return caller{grant: g, token: tok, private: g.Client == privateClient}, nil
}

// requireScopes answers 403 MISSING_SCOPES unless the caller holds one of
// scopes.
func (c caller) requireScopes(scopes []string) error {
	if len(scopes) == 0 || c.grant.HasScope(scopes...) {
		return nil
	}
	e := errf(http.StatusForbidden, catScopes, "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.")
	e.Errors = []errorDetail{{Message: "One or more of the following scopes are required.",
		Context: map[string][]string{"requiredGranularScopes": scopes}}}
	e.Links = map[string]string{"scopes": "https://developers.hubspot.com/scopes"}
	return e
}

// serveTokenInfo answers GET /oauth/v1/access-tokens/{token}: what an
// access token stands for, or 404 when it is unknown or expired.
func (e *Emulator) serveTokenInfo(w http.ResponseWriter, r *http.Request, token string) {
	probe := r.Clone(r.Context())
	probe.Header = http.Header{"Authorization": {"Bearer " + token}}
	g, err := e.oauth.Authenticate(probe)
	if err != nil || g.Client == privateClient {
		emukit.WriteJSON(w, http.StatusNotFound, map[string]string{"status": "error", "message": "access token not found or expired",
			"correlationId": emukit.NewUUID()})
		return
	}
	app, _ := e.app(g.Client)
	e.mu.Lock()
	info := e.p.info
	e.mu.Unlock()
	emukit.WriteJSON(w, http.StatusOK, map[string]any{"token": token, "user": "emulator@" + info.Domain,
		"hub_domain": info.Domain, "scopes": g.Scopes, "hub_id": info.ID, "app_id": app.AppID, "user_id": 1,
		"token_type": "access", "expires_in": int(g.Expires.Sub(e.clock.Now()) / time.Second)})
}
