package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pipeline-dev/pipeline/connectors/emukit"
)

// start is the emulated time tests begin at: inside the seed's fiscal
// years, after its audit times.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is an emulator on a manual clock with a full-access token.
type fixture struct {
	t     *testing.T
	e     *Emulator
	clock *emukit.ManualClock
	token string
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := emukit.NewManualClock(start)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	tok, err := e.IssueTokens(DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, e: e, clock: clock, token: tok.AccessToken}
}

// result is an answer: status, headers and the body decoded with numbers
// kept as json.Number.
type result struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// do sends a request with the fixture's token; body is JSON-encoded unless
// it is a string.
func (f *fixture) do(method, path string, body any) result {
	f.t.Helper()
	return f.doAs(f.token, method, path, body)
}

func (f *fixture) doAs(token, method, path string, body any) result {
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
	// Tests write queries readably ("$filter=Name eq 'x'"); encode them.
	if p, q, ok := strings.Cut(path, "?"); ok {
		vals, err := url.ParseQuery(q)
		if err != nil {
			f.t.Fatal(err)
		}
		path = p + "?" + vals.Encode()
	}
	req := httptest.NewRequest(method, path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	f.e.ServeHTTP(w, req)
	res := result{status: w.Code, header: w.Header(), raw: w.Body.String()}
	if strings.TrimSpace(res.raw) != "" {
		dec := json.NewDecoder(strings.NewReader(res.raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			f.t.Fatalf("%s %s: answer is not JSON: %v\n%s", method, path, err, res.raw)
		}
		res.body, _ = v.(map[string]any)
	}
	return res
}

// must fails the test unless the answer has the status.
func (r result) must(t *testing.T, status int) result {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	return r
}

// data returns the Data items of a page.
func (r result) data() []map[string]any {
	list, _ := r.body["Data"].([]any)
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i], _ = x.(map[string]any)
	}
	return out
}

// meta returns an integer member of a page's Meta.
func (r result) meta(name string) int {
	m, _ := r.body["Meta"].(map[string]any)
	n, _ := m[name].(json.Number).Int64()
	return int(n)
}

// field returns a body member as text (numbers in their JSON spelling).
func (r result) field(name string) string { return text(r.body[name]) }

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "<null>"
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// errorCode returns the ErrorCode of an error body.
func (r result) errorCode() int {
	n, _ := r.body["ErrorCode"].(json.Number).Int64()
	return int(n)
}

// fieldErrors lists the Field of each item of Errors.
func (r result) fieldErrors() []string {
	list, _ := r.body["Errors"].([]any)
	var out []string
	for _, x := range list {
		m, _ := x.(map[string]any)
		out = append(out, text(m["Field"]))
	}
	return out
}

// Seed ids used across tests.
const (
	customerBakery = "e1000000-0000-4000-8000-000000000001"
	customerCafe   = "e1000000-0000-4000-8000-000000000003"
	terms14        = "a1000000-0000-4000-8000-000000000014"
	terms30        = "a1000000-0000-4000-8000-000000000030"
	unitPiece      = "b1000000-0000-4000-8000-000000000001"
	codingGoods21  = "d1000000-0000-4000-8000-000000000001"
	codingGoods9   = "d1000000-0000-4000-8000-000000000002"
	codingService  = "d1000000-0000-4000-8000-000000000003"
	articleFlour   = "01000000-0000-4000-8000-000000001001"
	articleRye     = "01000000-0000-4000-8000-000000001002"
	articleMixer   = "01000000-0000-4000-8000-000000001003"
	articleService = "01000000-0000-4000-8000-000000009001"
	fiscal2026     = "f1000000-0000-4000-8000-000000002026"
)

// orderBody is a valid order with one article row per (article, quantity).
func orderBody(customer string, status int, rows ...any) map[string]any {
	var list []any
	for i := 0; i+1 < len(rows); i += 2 {
		list = append(list, map[string]any{"LineNumber": i/2 + 1, "ArticleId": rows[i], "Quantity": rows[i+1],
			"IsTextRow": false, "IsWorkCost": false, "EligibleForReverseChargeOnVat": false})
	}
	return map[string]any{"CustomerId": customer, "CurrencyCode": "EUR", "Status": status, "EuThirdParty": false,
		"ReverseChargeOnConstructionServices": false, "RotReducedInvoicingType": 0, "Rows": list}
}

// customerBody is a valid new customer.
func customerBody(name string) map[string]any {
	return map[string]any{"Name": name, "InvoiceCity": "Leiden", "InvoicePostalCode": "2311 AA",
		"TermsOfPaymentId": terms30, "IsPrivatePerson": false, "IsActive": true}
}
