package dashboard

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
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
	if tok, ok := bearer(r); ok {
		return tok
	}
	if c, err := r.Cookie(TokenCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			return string(b)
		}
	}
	return ""
}

// bearer reads the token of an "Authorization: Bearer TOKEN" header.
func bearer(r *http.Request) (string, bool) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return strings.TrimSpace(v), ok
}

// RequireToken guards the JSON API and /metrics. It lets through requests
// that carry a token check accepts, as "Authorization: Bearer TOKEN" or,
// for reading (GET, HEAD), in the dashboard's login cookie, and answers
// the others 401 with a JSON {"error": ...}. A change (POST) needs the
// header: a browser sends the cookie with any request to this host, also
// one another page makes it send (cross-site request forgery), but only a
// client that holds the token can set the header.
func RequireToken(check func(token string) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tok, msg := tokenFrom(r), "a valid bearer token is required (Authorization: Bearer TOKEN)"
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				tok, _ = bearer(r)
				msg = "a " + r.Method + " needs the token in an Authorization: Bearer header; the login cookie only reads"
			}
			if !check(tok) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pipeline"`)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Cache-Control", "no-store")
				w.WriteHeader(http.StatusUnauthorized)
				_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
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
