package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names of a signed HubSpot webhook call.
const (
	HeaderSignatureV3      = "X-HubSpot-Signature-v3"
	HeaderTimestamp        = "X-HubSpot-Request-Timestamp"
	HeaderSignature        = "X-HubSpot-Signature"
	HeaderSignatureVersion = "X-HubSpot-Signature-Version"
)

// MaxAge is how far a request timestamp may lie from the receiver's clock.
const MaxAge = 5 * time.Minute

// Errors of VerifyV3; wrapped with details that never include the secret.
var (
	ErrNoSignature       = errors.New("webhook: no X-HubSpot-Signature-v3")
	ErrBadTimestamp      = errors.New("webhook: X-HubSpot-Request-Timestamp is not Unix milliseconds")
	ErrStaleTimestamp    = errors.New("webhook: request timestamp is more than 5 minutes away from now")
	ErrSignatureMismatch = errors.New("webhook: signature does not match")
)

// uriDecodes are the percent-escapes HubSpot's request-validation guide
// tells receivers to decode in the URI before computing a v3 signature.
var uriDecodes = strings.NewReplacer(
	"%3A", ":", "%3a", ":", "%2F", "/", "%2f", "/", "%3F", "?", "%3f", "?",
	"%40", "@", "%21", "!", "%24", "$", "%27", "'", "%28", "(", "%29", ")",
	"%2A", "*", "%2a", "*", "%2C", ",", "%2c", ",", "%3B", ";", "%3b", ";",
)

// Timestamp renders t as the X-HubSpot-Request-Timestamp value.
func Timestamp(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// SignV3 returns the X-HubSpot-Signature-v3 value of a request: method is
// the HTTP method ("POST"), uri the full URL called, body the raw request
// body and timestamp the X-HubSpot-Request-Timestamp text.
func SignV3(secret, method, uri string, body []byte, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(method))
	m.Write([]byte(uriDecodes.Replace(uri)))
	m.Write(body)
	m.Write([]byte(timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyV3 checks a request's v3 signature against secret and its
// timestamp against now. It returns nil for a genuine, fresh request and
// otherwise one of the errors above (test with errors.Is).
func VerifyV3(secret, method, uri string, body []byte, timestamp, signature string, now time.Time) error {
	if signature == "" {
		return ErrNoSignature
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrBadTimestamp, timestamp)
	}
	age := now.Sub(time.UnixMilli(ms))
	if age > MaxAge || age < -MaxAge {
		return fmt.Errorf("%w (%s)", ErrStaleTimestamp, age.Round(time.Second))
	}
	want := SignV3(secret, method, uri, body, timestamp)
	// Compare in constant time so the signature cannot be guessed byte by
	// byte from response times.
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return ErrSignatureMismatch
	}
	return nil
}

// SignV1 returns the X-HubSpot-Signature value HubSpot sends with
// X-HubSpot-Signature-Version "v1": the hex SHA-256 of the client secret
// followed by the body. It carries no timestamp, so it cannot detect
// replays; prefer VerifyV3.
func SignV1(secret string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(secret))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}
