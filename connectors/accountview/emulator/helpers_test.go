package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

const (
	demoCompany   = "6f1c2d3e-4a5b-4c6d-8e7f-102030405060"
	tweedeCompany = "6f1c2d3e-4a5b-4c6d-8e7f-102030405061"
)

// testStart is the emulated time tests begin at: 14 March 2025, 10:00
// UTC, which is 11:00 in Amsterdam.
var testStart = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

// fixture is an emulator behind httptest with a valid token.
type fixture struct {
	t       *testing.T
	e       *Emulator
	srv     *httptest.Server
	clock   *emukit.ManualClock
	token   string
	refresh string
	company string
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := emukit.NewManualClock(testStart)
	if opts.Now == nil && opts.TimeScale == 0 {
		opts.Now = clock.Now
	}
	if opts.MinuteLimit == 0 {
		opts.MinuteLimit = -1 // most tests make many calls; ratelimit_test sets its own
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
	return &fixture{t: t, e: e, srv: srv, clock: clock, token: tok.AccessToken, refresh: tok.RefreshToken, company: demoCompany}
}

// response is an answer with its decoded JSON body.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (f *fixture) do(method, path string, query url.Values, body any, hdr map[string]string) *response {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			data, err := json.Marshal(b)
			if err != nil {
				f.t.Fatal(err)
			}
			rd = bytes.NewReader(data)
		}
	}
	u := f.srv.URL + path
	if query != nil {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if f.token != "" {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	if f.company != "" {
		req.Header.Set("X-Company", f.company)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := &response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 && raw[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&out.body); err != nil {
			f.t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return out
}

// get reads a business object: params are "Key", "value" pairs.
func (f *fixture) get(bo string, kv ...string) *response {
	f.t.Helper()
	q := url.Values{"BusinessObject": {bo}}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return f.do(http.MethodGet, "/api/v3/accountviewdata", q, nil, nil)
}

// rows returns the rows of a table in a successful answer.
func (r *response) rows(t *testing.T, table string) []map[string]any {
	t.Helper()
	if r.status != http.StatusOK || r.body["ErrorMessage"] != nil {
		t.Fatalf("want rows of %s, got %d %s", table, r.status, r.raw)
	}
	list, ok := r.body[table].([]any)
	if !ok {
		t.Fatalf("answer has no array %s: %s", table, r.raw)
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = x.(map[string]any)
	}
	return out
}

// wantError checks an AccountView error body with the given status and a
// message containing want (and the error number when nr > 0).
func (r *response) wantError(t *testing.T, status, nr int, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	msg, _ := r.body["ErrorMessage"].(string)
	if r.body["ErrorType"] == nil || !strings.Contains(msg, want) {
		t.Fatalf("want an error body with %q, got %s", want, r.raw)
	}
	if nr > 0 {
		nums, _ := r.body["ErrorNumbers"].([]any)
		if len(nums) != 1 || nums[0].(json.Number).String() != itoa(nr) {
			t.Fatalf("ErrorNumbers %v, want [%d]", r.body["ErrorNumbers"], nr)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// field is one column of a write definition.
type field struct{ Name, FieldType string }

// write builds a write body: header fields and rows, optional detail
// table with its fields and rows (values positional, RowId and HeaderId
// included by the caller as the definitions say).
func write(bo, table string, fields []field, rows [][]any, details ...any) map[string]any {
	tbl := map[string]any{"Definition": map[string]any{"Name": table, "Fields": fields}}
	data := map[string]any{"Data": map[string]any{"Rows": valuesOf(rows)}}
	if len(details) == 3 {
		tbl["DetailDefinitions"] = []any{map[string]any{"Name": details[0], "Fields": details[1]}}
		data["DetailData"] = []any{map[string]any{"Rows": valuesOf(details[2].([][]any))}}
	}
	return map[string]any{"BookDate": "2025-03-14T10:00:00.000Z", "BusinessObject": bo, "Table": tbl, "TableData": data}
}

func valuesOf(rows [][]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"Values": r}
	}
	return out
}

func (f *fixture) post(body any) *response {
	f.t.Helper()
	return f.do(http.MethodPost, "/api/v3/accountviewdata", nil, body, nil)
}

func num(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	return "<not a number>"
}
