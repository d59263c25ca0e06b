package dashboard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// csrfCookie holds a random value per browser; the forms carry an HMAC of
// it under a key only this process knows. Another site can neither read
// the cookie nor, if it planted one, compute the token that goes with it.
const csrfCookie = "pipeline_csrf"

// csrfField is the form field the token travels in.
const csrfField = "csrf"

// csrfToken returns the token for this browser's forms, giving the browser
// its cookie first when it has none.
func (h *handler) csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		b := make([]byte, 32)
		rand.Read(b)
		c = &http.Cookie{Name: csrfCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: h.base,
			HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode}
		http.SetCookie(w, c)
		// Later forms of this request see the cookie as if it came back.
		r.AddCookie(c)
	}
	return h.sign(c.Value)
}

func (h *handler) sign(v string) string {
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF reports whether a form post carries the token that belongs to
// the browser's cookie.
func (h *handler) checkCSRF(r *http.Request) bool {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return false
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	got := r.PostForm.Get(csrfField)
	return got != "" && hmac.Equal([]byte(got), []byte(h.sign(c.Value)))
}
