package emulator

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
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

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
}

// newOAuth configures the kit's authorization server the way Exact's
// behaves: codes live three minutes, access tokens 600 s, and refresh
// tokens rotate — each refresh returns a new one, and the one presented
// stays valid until its successor has itself been used; then it dies
// ("Old refresh token used."). Access tokens live out their 600 s.
func newOAuth(e *Emulator) *emukit.OAuth {
	clients := make([]emukit.Client, len(e.opts.Clients))
	for i, c := range e.opts.Clients {
		clients[i] = emukit.Client{ID: c.ID, Secret: c.Secret, RedirectURIs: c.RedirectURIs}
	}
	cfg := emukit.OAuthConfig{
		Clients:    clients,
		Now:        e.clock.Now,
		AccessTTL:  accessTokenTTL,
		RefreshTTL: refreshTokenTTL,
		CodeTTL:    authCodeTTL,
		Rotation:   emukit.RotateOnSuccessorUse,
		NewToken:   exactToken,
		WriteTokens: func(w http.ResponseWriter, t emukit.Tokens) {
			// Exact sends expires_in as a string of digits.
			writeJSON(w, http.StatusOK, map[string]string{
				"access_token": t.AccessToken, "token_type": "bearer",
				"expires_in": strconv.Itoa(t.ExpiresIn), "refresh_token": t.RefreshToken,
			})
		},
		WriteError: func(w http.ResponseWriter, oe *emukit.OAuthError) {
			desc := oe.Description
			if oe.Reason == emukit.ReasonRefreshUsed {
				desc = "Old refresh token used."
			}
			writeJSON(w, oe.Status, map[string]string{"error": oe.Code, "error_description": desc})
		},
	}
	if e.opts.StrictRefresh {
		cfg.MinRefreshAge = accessTokenTTL - refreshWindow
	}
	return emukit.NewOAuth(cfg)
}

// exactToken mimics the look of Exact's tokens, including the '.' and '!'
// that catch clients which forget to URL-encode them.
func exactToken() string {
	return "stampNL001." + emukit.RandomToken(24) + "!" + emukit.RandomToken(12)
}

// IssueTokens issues an access and refresh token for clientID directly,
// for tests that skip the browser consent step.
func (e *Emulator) IssueTokens(clientID string) (Tokens, error) {
	t, err := e.oauth.Issue(clientID, nil)
	if err != nil {
		return Tokens{}, errf(http.StatusBadRequest, "unknown client %q", clientID)
	}
	return Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn}, nil
}

// authenticate returns the client of a valid bearer token.
func (e *Emulator) authenticate(r *http.Request) (string, error) {
	g, err := e.oauth.Authenticate(r)
	switch {
	case errors.Is(err, emukit.ErrNoToken):
		return "", errf(http.StatusUnauthorized, "Unauthorized: no bearer token")
	case errors.Is(err, emukit.ErrTokenExpired):
		return "", errf(http.StatusUnauthorized, "Unauthorized: access token expired")
	case err != nil:
		return "", errf(http.StatusUnauthorized, "Unauthorized: unknown access token")
	}
	return g.Client, nil
}
