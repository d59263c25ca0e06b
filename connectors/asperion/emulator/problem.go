package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// apiError is an answer other than success. Asperion's API is ASP.NET, so
// errors are written as RFC 7807 problem details, validation errors as
// ASP.NET's ValidationProblemDetails (an "errors" object of message lists
// keyed by field path) — an assumption, see doc.go.
type apiError struct {
	Status int
	Detail string
	Errors *fieldErrors // validation errors (400) or nil
	Allow  string       // 405: the allowed methods
	// Challenge, on a 401, is the WWW-Authenticate value; the body is
	// empty, as ASP.NET's JWT bearer handler sends it.
	Challenge string
}

func (e *apiError) Error() string { return e.Detail }

// fieldErrors collects validation messages per field path, in the order
// the paths were first seen.
type fieldErrors struct {
	keys []string
	m    map[string][]string
}

func (fe *fieldErrors) add(path, text string) {
	if fe.m == nil {
		fe.m = map[string][]string{}
	}
	if _, ok := fe.m[path]; !ok {
		fe.keys = append(fe.keys, path)
	}
	fe.m[path] = append(fe.m[path], text)
}

func (fe *fieldErrors) empty() bool { return len(fe.keys) == 0 }

// err turns collected messages into a 400, or nil when there are none.
func (fe *fieldErrors) err() *apiError {
	if fe.empty() {
		return nil
	}
	return &apiError{Status: http.StatusBadRequest, Errors: fe}
}

func (fe *fieldErrors) MarshalJSON() ([]byte, error) {
	o := obj{}
	for _, k := range fe.keys {
		o = append(o, member{k, fe.m[k]})
	}
	return o.MarshalJSON()
}

// invalid is a 400 with one message on one path.
func invalid(path, text string) *apiError {
	fe := &fieldErrors{}
	fe.add(path, text)
	return fe.err()
}

// problemTypes are the "type" links ASP.NET Core puts in problem details.
var problemTypes = map[int]string{
	http.StatusBadRequest:           "https://tools.ietf.org/html/rfc9110#section-15.5.1",
	http.StatusUnauthorized:         "https://tools.ietf.org/html/rfc9110#section-15.5.2",
	http.StatusForbidden:            "https://tools.ietf.org/html/rfc9110#section-15.5.4",
	http.StatusNotFound:             "https://tools.ietf.org/html/rfc9110#section-15.5.5",
	http.StatusMethodNotAllowed:     "https://tools.ietf.org/html/rfc9110#section-15.5.6",
	http.StatusUnsupportedMediaType: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
	http.StatusTooManyRequests:      "https://tools.ietf.org/html/rfc6585#section-4",
	http.StatusInternalServerError:  "https://tools.ietf.org/html/rfc9110#section-15.6.1",
	http.StatusServiceUnavailable:   "https://tools.ietf.org/html/rfc9110#section-15.6.4",
}

// writeProblem writes e in language l.
func writeProblem(w http.ResponseWriter, l lang, e *apiError) {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", e.Challenge)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if e.Allow != "" {
		w.Header().Set("Allow", e.Allow)
	}
	title := http.StatusText(e.Status)
	if m, ok := titles[e.Status]; ok {
		title = l.t(m)
	}
	body := obj{{"type", problemTypes[e.Status]}, {"title", title}, {"status", e.Status}}
	if e.Detail != "" {
		body = append(body, member{"detail", e.Detail})
	}
	if e.Errors != nil {
		body = append(body, member{"errors", e.Errors})
	}
	body = append(body, member{"traceId", traceID()})
	writeJSON(w, e.Status, "application/problem+json; charset=utf-8", body)
}

// traceId looks like the W3C trace context ASP.NET puts in problems.
func traceID() string {
	id := emukit.NewUUID()
	hex := id[0:8] + id[9:13] + id[14:18] + id[19:23] + id[24:]
	return "00-" + hex + "-" + hex[:16] + "-00"
}

// writeJSON writes v with status and content type, without HTML escaping.
func writeJSON(w http.ResponseWriter, status int, ctype string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status, ctype = http.StatusInternalServerError, "application/problem+json; charset=utf-8"
		buf.Reset()
		buf.WriteString(`{"title":"Internal Server Error","status":500,"detail":"encoding the response failed"}` + "\n")
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// member and obj write JSON objects whose members keep the table's order.
type member struct {
	k string
	v any
}

type obj []member

func (o obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := marshalNoEscape(m.k)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		v, err := marshalNoEscape(m.v)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
