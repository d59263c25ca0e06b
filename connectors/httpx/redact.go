package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every secret the toolkit removes.
const Redacted = "[REDACTED]"

// maxSecrets bounds the redactor's memory in a long-running process: access
// tokens rotate every few minutes and a rotated-away token is dead anyway.
// Long-lived secrets (client secrets) are re-added on every refresh, which
// keeps them among the newest.
const maxSecrets = 1024

// minSecretLen keeps the redactor from blanking out ordinary text when a
// test or misconfiguration registers a trivial value.
const minSecretLen = 4

// Redactor removes secrets from text, headers, URLs and bodies before they
// reach an error message, a log line or an Observer. It knows secrets two
// ways: by value (registered with Add: tokens, client secrets) and by name
// (Authorization headers, token/secret/password fields, the OAuth code
// parameter). A Redactor is safe for concurrent use.
type Redactor struct {
	mu       sync.RWMutex
	secrets  map[string]uint64 // value -> insertion sequence
	seq      uint64
	replacer *strings.Replacer // rebuilt lazily after Add
}

// NewRedactor returns an empty redactor.
func NewRedactor() *Redactor { return &Redactor{secrets: map[string]uint64{}} }

var defaultRedactor = NewRedactor()

// DefaultRedactor is the process-wide redactor that every Client, OAuth
// source and static token uses unless given another. Sharing one means a
// secret registered by any connection is removed from every connection's
// output, which is what we want.
func DefaultRedactor() *Redactor { return defaultRedactor }

func redactorOrDefault(r *Redactor) *Redactor {
	if r == nil {
		return defaultRedactor
	}
	return r
}

// Add registers secret values. Values shorter than four characters are
// ignored. The URL-encoded spelling is registered too, because secrets
// travel in form bodies and query strings.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			r.seq++
			r.secrets[v] = r.seq
		}
	}
	for len(r.secrets) > maxSecrets {
		var oldest string
		var oldestSeq uint64 = ^uint64(0)
		for v, n := range r.secrets {
			if n < oldestSeq {
				oldest, oldestSeq = v, n
			}
		}
		delete(r.secrets, oldest)
	}
	r.replacer = nil
}

func (r *Redactor) valueReplacer() *strings.Replacer {
	r.mu.RLock()
	rep := r.replacer
	r.mu.RUnlock()
	if rep != nil {
		return rep
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.replacer == nil {
		vals := make([]string, 0, len(r.secrets))
		for v := range r.secrets {
			vals = append(vals, v)
		}
		// Longest first, so a secret containing another is removed whole.
		sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
		pairs := make([]string, 0, 2*len(vals))
		for _, v := range vals {
			pairs = append(pairs, v, Redacted)
		}
		r.replacer = strings.NewReplacer(pairs...)
	}
	return r.replacer
}

// Patterns for secrets that were never registered: "key=value" and
// "key": "value" pairs with a sensitive key, bearer/basic credentials, and
// the one-time OAuth code in a query or form.
var (
	keyValueSecret = regexp.MustCompile(`(?i)([a-z0-9_.-]*(?:token|secret|password|passwd|api_?key|api-key)[a-z0-9_.-]*"?\s*[:=]\s*"?)([^"&\s,;}]+)`)
	authScheme     = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)([a-z0-9._~+/=-]{6,})`)
	codeParam      = regexp.MustCompile(`(?i)((?:^|[?&\s])code=)([^&\s"]+)`)
)

// String removes registered secret values and sensitive key=value pairs.
func (r *Redactor) String(s string) string {
	s = r.valueReplacer().Replace(s)
	s = keyValueSecret.ReplaceAllString(s, "${1}"+Redacted)
	s = authScheme.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = codeParam.ReplaceAllString(s, "${1}"+Redacted)
	return s
}

// Error returns an error whose message has been through String. It still
// unwraps to err, so errors.Is(err, context.Canceled) keeps working.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := r.String(msg)
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// IsSensitiveName reports whether a header, query parameter or JSON field
// of this name carries a secret.
func IsSensitiveName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "authorization", "cookie", "signature"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// sensitiveParam adds the OAuth authorization code, which is only a secret
// as a query or form parameter ("Code" in a JSON body is a customer code).
func sensitiveParam(name string) bool {
	return strings.EqualFold(name, "code") || IsSensitiveName(name)
}

// Header returns a copy of h with sensitive headers replaced and registered
// values removed from the rest.
func (r *Redactor) Header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		for i, v := range vs {
			if IsSensitiveName(k) {
				cp[i] = Redacted
			} else {
				cp[i] = r.String(v)
			}
		}
		out[k] = cp
	}
	return out
}

// URL returns u with sensitive query parameters replaced.
func (r *Redactor) URL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return r.String(u)
	}
	if parsed.User != nil {
		parsed.User = url.User(parsed.User.Username())
	}
	if parsed.RawQuery != "" {
		if q, err := url.ParseQuery(parsed.RawQuery); err == nil {
			parsed.RawQuery = encodeRedacted(q)
		}
	}
	return r.String(parsed.String())
}

// Body redacts a request or response body according to its content type:
// JSON fields and form parameters with sensitive names are replaced, and
// registered values are removed from whatever remains.
func (r *Redactor) Body(b []byte, contentType string) []byte {
	if len(b) == 0 {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(b)
	switch {
	case mt == "application/x-www-form-urlencoded":
		if q, err := url.ParseQuery(string(b)); err == nil {
			return []byte(r.String(encodeRedacted(q)))
		}
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		if out, err := redactJSON(trimmed); err == nil {
			return []byte(r.String(string(out)))
		}
	}
	return []byte(r.String(string(b)))
}

// encodeRedacted is url.Values.Encode with sensitive values replaced by
// Redacted, left unescaped so that people reading a log can see it.
func encodeRedacted(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			if sensitiveParam(k) {
				b.WriteString(Redacted)
			} else {
				b.WriteString(url.QueryEscape(v))
			}
		}
	}
	return b.String()
}

func redactJSON(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data")
	}
	v = redactValue(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if IsSensitiveName(k) && val != nil {
				t[k] = Redacted
				continue
			}
			t[k] = redactValue(val)
		}
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
	}
	return v
}
