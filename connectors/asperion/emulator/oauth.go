package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// Token lifetimes: Asperion publishes none; these are IdentityServer's
// defaults (assumed).
const (
	accessTokenTTL  = time.Hour
	refreshTokenTTL = 30 * 24 * time.Hour
	authCodeTTL     = 5 * time.Minute
)

// Tokens is a token endpoint answer, for Go callers of IssueTokens.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
}

// newOAuth configures the kit's authorization server as an IdentityServer
// with one-time refresh tokens: each refresh returns a new refresh token
// and kills the one presented at once (reuse is invalid_grant); each new
// refresh token lives 30 days from its issue. Scopes are not checked (the
// known client asks for none) and a refresh token is always issued.
// Client credentials may come in the form body ([A-PROXY]) or as HTTP
// Basic.
func newOAuth(e *Emulator) *emukit.OAuth {
	return emukit.NewOAuth(emukit.OAuthConfig{
		Clients:    e.opts.Clients,
		Now:        e.clock.Now,
		AccessTTL:  accessTokenTTL,
		RefreshTTL: refreshTokenTTL,
		CodeTTL:    authCodeTTL,
		Rotation:   emukit.RotateImmediately,
		NewToken:   handle,
		WriteTokens: func(w http.ResponseWriter, t emukit.Tokens) {
			body := obj{{"access_token", t.AccessToken}, {"expires_in", t.ExpiresIn}, {"token_type", "Bearer"},
				{"refresh_token", t.RefreshToken}}
			if len(t.Scopes) > 0 {
				body = append(body, member{"scope", strings.Join(t.Scopes, " ")})
			}
			writeJSON(w, http.StatusOK, "application/json; charset=UTF-8", body)
		},
		WriteError: func(w http.ResponseWriter, oe *emukit.OAuthError) {
			// IdentityServer answers token errors, invalid_client too,
			// with 400.
			status := oe.Status
			if status == http.StatusUnauthorized {
				status = http.StatusBadRequest
			}
			writeJSON(w, status, "application/json; charset=UTF-8",
				obj{{"error", oe.Code}, {"error_description", oe.Description}})
		},
	})
}

// handle makes codes and tokens in IdentityServer's handle style: 64
// upper-case hex digits.
func handle() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

// IssueTokens issues an access and refresh token for clientID directly,
// for tests that skip the browser consent step.
func (e *Emulator) IssueTokens(clientID string) (Tokens, error) {
	t, err := e.oauth.Issue(clientID, nil)
	if err != nil {
		return Tokens{}, fmt.Errorf("issue tokens: unknown client %q", clientID)
	}
	return Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn}, nil
}

// authenticate returns the client of a valid bearer token, or the 401 of
// ASP.NET's JWT bearer handler: no body, the reason in WWW-Authenticate.
func (e *Emulator) authenticate(r *http.Request) (string, *apiError) {
	g, err := e.oauth.Authenticate(r)
	switch {
	case err == nil:
		return g.Client, nil
	case errors.Is(err, emukit.ErrNoToken):
		return "", &apiError{Status: http.StatusUnauthorized, Challenge: "Bearer"}
	case errors.Is(err, emukit.ErrTokenExpired):
		return "", &apiError{Status: http.StatusUnauthorized,
			Challenge: `Bearer error="invalid_token", error_description="The token expired"`}
	}
	return "", &apiError{Status: http.StatusUnauthorized, Challenge: `Bearer error="invalid_token"`}
}
