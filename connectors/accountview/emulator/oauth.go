package emulator

import (
	"errors"
	"net/http"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Token lifetimes. AccountView documents none; these are assumptions.
const (
	accessTokenTTL = time.Hour
	authCodeTTL    = 10 * time.Minute
)

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
}

// newOAuth configures the kit's authorization server as the emulator
// assumes AccountView's behaves: POST /api/v3/token with form-encoded
// client_id and client_secret and the grants authorization_code and
// refresh_token [AV-PHP]; the consent page at /api/v3/authorize (assumed:
// the real authorize URL is not known). Each refresh returns a new refresh
// token and retires the one presented at once: [AV-PHP] stores the new
// one every time, and a connector that does not would fail here as it may
// fail in production.
func newOAuth(e *Emulator) *emukit.OAuth {
	return emukit.NewOAuth(emukit.OAuthConfig{
		Clients:   e.opts.Clients,
		Now:       e.clock.Now,
		AccessTTL: accessTokenTTL,
		CodeTTL:   authCodeTTL,
		Rotation:  emukit.RotateImmediately,
	})
}

// IssueTokens issues an access and refresh token for clientID directly,
// for tests that skip the browser consent step.
func (e *Emulator) IssueTokens(clientID string) (Tokens, error) {
	t, err := e.oauth.Issue(clientID, nil)
	if err != nil {
		return Tokens{}, badRequest("unknown client %q", clientID)
	}
	return Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn}, nil
}

// authenticate returns the client of a valid bearer token, or a 401.
func (e *Emulator) authenticate(r *http.Request) (string, *apiError) {
	g, err := e.oauth.Authenticate(r)
	switch {
	case errors.Is(err, emukit.ErrNoToken):
		return "", errStatus(http.StatusUnauthorized, errTypeAuth, "Authorization has been denied for this request: no bearer token")
	case errors.Is(err, emukit.ErrTokenExpired):
		return "", errStatus(http.StatusUnauthorized, errTypeAuth, "Authorization has been denied for this request: the access token has expired")
	case err != nil:
		return "", errStatus(http.StatusUnauthorized, errTypeAuth, "Authorization has been denied for this request: unknown access token")
	}
	return g.Client, nil
}
