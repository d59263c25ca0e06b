package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// testStart is a Friday morning in Amsterdam, after the seed's dates.
var testStart = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

// fixture is an emulator behind httptest with a private-app token.
type fixture struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	clock *emukit.ManualClock
	token string
}

// newFixture switches the rate limits off unless opts sets them, since
// most tests make more calls than HubSpot allows.
func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := emukit.NewManualClock(testStart)
	if opts.Now == nil && opts.TimeScale == 0 {
		opts.Now = clock.Now
	}
	for _, l := range []*int{&opts.TenSecondLimit, &opts.OAuthTenSecondLimit, &opts.DailyLimit, &opts.SearchLimit} {
		if *l == 0 {
			*l = -1
		}
	}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	tok := DefaultPrivateAppToken
	if len(opts.PrivateApps) > 0 {
		tok = opts.PrivateApps[0].Token
	}
	return &fixture{t: t, e: e, srv: srv, clock: clock, token: tok}
}

// do sends a request with the fixture's token; body is marshalled unless
// it is a string. The answer is decoded into a generic value.
func (f *fixture) do(method, path string, body any) (*http.Response, any) {
	f.t.Helper()
	return f.doToken(f.token, method, path, body)
}

func (f *fixture) doToken(token, method, path string, body any) (*http.Response, any) {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	var out any
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil {
			f.t.Fatalf("%s %s: answer is not JSON: %s", method, path, data)
		}
	}
	return resp, out
}

// must sends a request and fails the test unless the status is want.
func (f *fixture) must(want int, method, path string, body any) map[string]any {
	f.t.Helper()
	resp, out := f.do(method, path, body)
	if resp.StatusCode != want {
		f.t.Fatalf("%s %s: status %d, want %d: %v", method, path, resp.StatusCode, want, out)
	}
	m, _ := out.(map[string]any)
	return m
}

// obj, list, str and num read decoded JSON without ceremony.
func obj(v any, path ...string) map[string]any {
	m, _ := v.(map[string]any)
	for _, p := range path {
		m, _ = m[p].(map[string]any)
	}
	return m
}

func list(v any, key string) []any {
	l, _ := obj(v)[key].([]any)
	return l
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

// prop reads a property of a rendered object.
func prop(o any, name string) string { return str(obj(o, "properties")[name]) }

// ids lists the ids of a results array.
func ids(v any) []string {
	var out []string
	for _, r := range list(v, "results") {
		out = append(out, str(obj(r)["id"]))
	}
	return out
}

// checkError asserts HubSpot's error shape and category.
func checkError(t *testing.T, body any, category string) map[string]any {
	t.Helper()
	m := obj(body)
	if str(m["status"]) != "error" || str(m["category"]) != category || str(m["message"]) == "" {
		t.Fatalf("error body %v, want category %s", body, category)
	}
	if id := str(m["correlationId"]); len(id) != 36 {
		t.Errorf("correlationId %q is not a UUID", id)
	}
	return m
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
