package dashboard

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// TokenCookie holds the token a browser logged in with (base64url).
const TokenCookie = "pipeline_token"

// TokenChecker returns a check for RequireToken and Options.CheckToken
// that accepts any of the configured tokens. It compares fixed-length
// hashes in constant time, so neither a token's length nor its first
// differing byte shows in the time an answer takes.
func TokenChecker(tokens ...string) func(token string) bool {
	var sums [][32]byte
	for _, t := range tokens {
		if t != "" {
			sums = append(sums, sha256.Sum256([]byte(t)))
		}
	}
	return func(token string) bool {
		if token == "" {
			return false
		}
		got := sha256.Sum256([]byte(token))
		ok := 0
		for _, s := range sums {
			ok |= subtle.ConstantTimeCompare(got[:], s[:])
		}
		return ok == 1
	}
}

// tokenFrom reads the bearer token of a request: the Authorization header
// first, else the login cookie.
func tokenFrom(r *http.Request) string {
	if v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(v)
	}
	if c, err := r.Cookie(TokenCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			return string(b)
		}
	}
	return ""
}

// RequireToken lets through requests that carry a token check accepts, as
// "Authorization: Bearer TOKEN" or in the dashboard's login cookie, and
// answers the others 401.
func RequireToken(check func(token string) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !check(tokenFrom(r)) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pipeline"`)
				http.Error(w, "a valid bearer token is required", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// requireLogin sends a browser without a valid token to the login page,
// which brings it back here afterwards.
func (h *handler) requireLogin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.o.CheckToken(tokenFrom(r)) {
			next(w, r)
			return
		}
		if r.Method != http.MethodGet {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pipeline"`)
			http.Error(w, "a valid bearer token is required", http.StatusUnauthorized)
			return
		}
		next := h.base + strings.TrimPrefix(r.URL.RequestURI(), "/")
		http.Redirect(w, r, h.base+"login?next="+url.QueryEscape(next), http.StatusSeeOther)
	}
}

// loginPage asks for a token.
func (h *handler) loginPage(w http.ResponseWriter, r *http.Request) {
	h.showLogin(w, r, http.StatusOK, "")
}

func (h *handler) showLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, r, status, "login", "Log in", map[string]any{"Next": h.safeNext(r.FormValue("next")), "Message": msg})
}

// login checks the token typed in and keeps it in a cookie that scripts
// cannot read and other sites' requests do not carry.
func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	if !h.checkCSRF(r) {
		h.showLogin(w, r, http.StatusForbidden, "The form has expired; try again.")
		return
	}
	token := strings.TrimSpace(r.PostFormValue("token"))
	if !h.o.CheckToken(token) {
		h.showLogin(w, r, http.StatusUnauthorized, "That token is not valid.")
		return
	}
	// Encoded, so that a token with characters a cookie cannot hold
	// survives the round trip.
	http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(token)), Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, h.safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// logout forgets the cookie.
func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if !h.checkCSRF(r) {
		h.render(w, r, http.StatusForbidden, "error", "Log out", map[string]any{"Message": "The form has expired; reload the page and try again."})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, h.base+"login", http.StatusSeeOther)
}

// safeNext keeps a post-login redirect inside the dashboard, so the login
// link cannot send anyone to another site.
func (h *handler) safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, h.base) || strings.ContainsAny(next, "\\\r\n") || strings.HasPrefix(next, "//") {
		return h.base
	}
	return u.RequestURI()
}
