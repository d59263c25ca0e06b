package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// testStart is the fixture clock's start: 10:00 UTC, 11:00 in Amsterdam.
var testStart = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

// Ids and numbers of the default seed the tests rely on.
const (
	adminLinde  = 1001 // the default administration
	adminVanDam = 1002
	debtorGroen = 1 // Company, payment condition 30 days
	articleRoos = 1 // stock 40 - 4 (seeded order) = 36, 9% VAT, 12.50
	articlePot  = 2 // stock 15 - 2 = 13, 21% VAT, 19.95
	articleAdv  = 4 // no stock article, 65.00
	articleOld  = 5 // inactive
	salesTypeHi = 1 // 21% VAT
	articleBand = 7 // administration 1002
)

// defaultLimit as Options.MinuteLimit asks newFixture to keep the
// emulator's default limit, which it otherwise switches off.
const defaultLimit = -1 << 30

// fixture is an emulator behind httptest with a valid token.
type fixture struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	clock *emukit.ManualClock
	token string
	// header is sent with every request (tenant, language).
	header http.Header
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := emukit.NewManualClock(testStart)
	if opts.Now == nil && opts.TimeScale == 0 {
		opts.Now = clock.Now
	}
	switch opts.MinuteLimit {
	case 0:
		opts.MinuteLimit = -1 // most tests make more calls than the limit allows
	case defaultLimit:
		opts.MinuteLimit = 0
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
	client := DefaultClientID
	if len(opts.Clients) > 0 {
		client = opts.Clients[0].ID
	}
	tok, err := e.IssueTokens(client)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, e: e, srv: srv, clock: clock, token: tok.AccessToken, header: http.Header{}}
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	body   map[string]any // nil for an empty body
	raw    []byte
}

// do sends a request with the fixture's token and headers; body is
// marshalled to JSON unless it is a string, which is sent as is.
func (f *fixture) do(method, path string, body any, headers ...string) reply {
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
	for k, vs := range f.header {
		req.Header[k] = vs
	}
	if f.token != "" {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := emukit.DecodeNumbers(raw, &r.body); err != nil {
			f.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// must is do with an expected status; it returns the body.
func (f *fixture) must(want int, method, path string, body any, headers ...string) map[string]any {
	f.t.Helper()
	r := f.do(method, path, body, headers...)
	if r.status != want {
		f.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.raw)
	}
	return r.body
}

// items returns the items of a list answer.
func items(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	list, ok := body[api.ItemsMember].([]any)
	if !ok {
		t.Fatalf("no %s array in %v", api.ItemsMember, body)
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = x.(map[string]any)
	}
	return out
}

// str renders a JSON value for comparisons ("12.50", "36", "true").
func str(v any) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprint(v)
}

// errorsOf returns the validation messages of a problem body by path.
func errorsOf(t *testing.T, body map[string]any) map[string][]string {
	t.Helper()
	m, ok := body["errors"].(map[string]any)
	if !ok {
		t.Fatalf("problem without errors: %v", body)
	}
	out := map[string][]string{}
	for k, v := range m {
		for _, s := range v.([]any) {
			out[k] = append(out[k], s.(string))
		}
	}
	return out
}

// ids lists the id members of records.
func ids(recs []map[string]any) []string {
	var out []string
	for _, r := range recs {
		out = append(out, str(r["id"]))
	}
	return out
}

// newDebtor is a valid debtor body.
func newDebtor(name, email string) map[string]any {
	return map[string]any{"type": "Company", "name": name, "email": email,
		"address": map[string]any{"street": "Dorpsstraat", "houseNumber": "1", "postalCode": "1234 AB", "city": "Ergens"}}
}

// jsonNum is a JSON number as the decoder keeps it.
func jsonNum(n int) any { return json.Number(fmt.Sprint(n)) }
