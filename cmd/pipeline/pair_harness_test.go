package main

// The harness the integration folders' end-to-end tests share: the two
// emulators of a pair, the real CLI, one sync state and one credentials
// file, and direct calls to the emulators standing in for people editing
// data in the systems.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	avemu "github.com/pipeline-dev/pipeline/connectors/accountview/emulator"
	asperionemu "github.com/pipeline-dev/pipeline/connectors/asperion/emulator"
	eaccemu "github.com/pipeline-dev/pipeline/connectors/eaccounting/emulator"
	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// pairHarness runs the flows of one shipped integration folder with the
// real CLI against in-process emulators of its two systems, seeded from the
// folder's emulator-seed.<system>.json, sharing one sync state and one
// credentials file, as a user's machine would.
type pairHarness struct {
	dir   string // the pipeline folder
	state string
	env   map[string]string
	vars  []string
	emus  map[string]pairEmulator
}

// pairEmulator is what the harness needs of a started emulator.
type pairEmulator interface {
	URL() string
	Counts() map[string]int
	ResetCounts()
}

func newPairHarness(t *testing.T, dir string) *pairHarness {
	t.Helper()
	creds := filepath.Join(t.TempDir(), "credentials.json")
	t.Setenv(httpx.CredentialsEnv, creds)
	return &pairHarness{dir: dir, state: filepath.Join(t.TempDir(), "state.db"),
		env: map[string]string{}, vars: []string{"-var", "calls_per_minute=100000"}, emus: map[string]pairEmulator{}}
}

func (h *pairHarness) seed(t *testing.T, system string) io.Reader {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(h.dir, "emulator-seed."+system+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(data)
}

// connect stores tokens for connection conn and names the emulator's URL
// in the variable urlVar.
func (h *pairHarness) connect(t *testing.T, system, conn, urlVar, url, access, refresh string, expiresIn int, secret string) {
	t.Helper()
	store, err := httpx.NewFileStore(os.Getenv(httpx.CredentialsEnv))
	if err == nil {
		err = store.Save(conn, &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
			Expiry: time.Now().Add(time.Duration(expiresIn) * time.Second)})
	}
	if err == nil {
		err = store.SetSecret(conn, "client_secret", secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	h.vars = append(h.vars, "-var", urlVar+"="+url)
}

// pairServer is what the harness needs to run an emulator.
type pairServer interface {
	pairEmulator
	Start(addr string) error
	Close() error
}

// start starts the emulator srv that its constructor returned with err,
// stops it at the test's end and counts its calls as system's.
func (h *pairHarness) start(t *testing.T, system string, srv pairServer, err error) {
	t.Helper()
	if err == nil {
		err = srv.Start("")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	h.emus[system] = srv
}

// pairTokens are the tokens an emulator issued. The emulators' own Tokens
// types have these fields (eAccounting's adds the scopes).
type pairTokens struct {
	AccessToken, RefreshToken string
	ExpiresIn                 int
}

// issued converts an emulator's IssueTokens answer.
func issued[T ~struct {
	AccessToken, RefreshToken string
	ExpiresIn                 int
}](tok T, err error) (pairTokens, error) {
	return pairTokens(tok), err
}

// pairLogin is how the flows reach an OAuth emulator: the connection
// that holds its tokens and client secret, the variable naming its URL and
// the environment variable holding the client id.
type pairLogin struct {
	system, conn, urlVar        string
	clientEnv, clientID, secret string
}

// signIn connects the flows to the OAuth emulator srv as a user would,
// with tokens from issue, and returns a second access token, for the
// test's own calls.
func (h *pairHarness) signIn(t *testing.T, srv pairServer, l pairLogin, issue func() (pairTokens, error)) string {
	t.Helper()
	tok, err := issue()
	if err != nil {
		t.Fatal(err)
	}
	h.connect(t, l.system, l.conn, l.urlVar, srv.URL(), tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, l.secret)
	h.env[l.clientEnv] = l.clientID
	own, err := issue()
	if err != nil {
		t.Fatal(err)
	}
	return own.AccessToken
}

func (h *pairHarness) eaccounting(t *testing.T) (*eaccemu.Server, string) {
	t.Helper()
	srv, err := eaccemu.NewServer(eaccemu.Options{RateLimit: -1, Seed: h.seed(t, "eaccounting")})
	h.start(t, "eaccounting", srv, err)
	return srv, h.signIn(t, srv, pairLogin{system: "eaccounting", conn: "visma", urlVar: "eaccounting_url",
		clientEnv: "VISMA_CLIENT_ID", clientID: eaccemu.DefaultClientID, secret: eaccemu.DefaultClientSecret},
		func() (pairTokens, error) {
			tok, err := srv.IssueTokens(eaccemu.DefaultClientID, eaccemu.DefaultScopes...)
			return pairTokens{tok.AccessToken, tok.RefreshToken, tok.ExpiresIn}, err
		})
}

func (h *pairHarness) asperion(t *testing.T) (*asperionemu.Server, string) {
	t.Helper()
	srv, err := asperionemu.NewServer(asperionemu.Options{MinuteLimit: -1, Seed: h.seed(t, "asperion")})
	h.start(t, "asperion", srv, err)
	return srv, h.signIn(t, srv, pairLogin{system: "asperion", conn: "asperion", urlVar: "asperion_url",
		clientEnv: "ASPERION_CLIENT_ID", clientID: asperionemu.DefaultClientID, secret: asperionemu.DefaultClientSecret},
		func() (pairTokens, error) { return issued(srv.IssueTokens(asperionemu.DefaultClientID)) })
}

func (h *pairHarness) accountview(t *testing.T) (*avemu.Server, string) {
	t.Helper()
	srv, err := avemu.NewServer(avemu.Options{MinuteLimit: -1, Seed: h.seed(t, "accountview")})
	h.start(t, "accountview", srv, err)
	return srv, h.signIn(t, srv, pairLogin{system: "accountview", conn: "accountview", urlVar: "accountview_url",
		clientEnv: "ACCOUNTVIEW_CLIENT_ID", clientID: avemu.DefaultClientID, secret: avemu.DefaultClientSecret},
		func() (pairTokens, error) { return issued(srv.IssueTokens(avemu.DefaultClientID)) })
}

// cli runs a pipeline command of the folder (run, retry, plan) with the
// harness's state and variables; a failing exit stops the test. It
// returns the summary printed on stderr.
func (h *pairHarness) cli(t *testing.T, command, flow string, extra ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(name string) (string, bool) { v, ok := h.env[name]; return v, ok }}
	args := []string{command, "-state", h.state}
	if command == "run" {
		args = append(args, "-rejects", filepath.Join(t.TempDir(), "rejects.ndjson"))
	}
	args = append(append(append(args, h.vars...), extra...), filepath.Join(h.dir, flow))
	if code := runCLI(context.Background(), env, args); code != exitOK {
		t.Fatalf("pipeline %s %s: exit %d\n%s%s", command, flow, code, errb.String(), out.String())
	}
	return errb.String()
}

func (h *pairHarness) run(t *testing.T, flow string, extra ...string) string {
	t.Helper()
	return h.cli(t, "run", flow, extra...)
}

// calls sums the emulators' request counters: all calls, and POST/PUT.
// Routes with a query (AccountView's per-business-object breakdown of
// its one endpoint) repeat calls counted without it and are left out.
func (h *pairHarness) calls() (total, writes int) {
	for _, e := range h.emus {
		for route, n := range e.Counts() {
			if strings.Contains(route, "?") {
				continue
			}
			total += n
			if strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "PUT ") {
				writes += n
			}
		}
	}
	return total, writes
}

func (h *pairHarness) resetCounts() {
	for _, e := range h.emus {
		e.ResetCounts()
	}
}

// count is the number of calls to the routes of one emulator that start
// with prefix ("PUT /v2/articles/").
func (h *pairHarness) count(system, prefix string) int {
	n := 0
	for route, c := range h.emus[system].Counts() {
		if strings.HasPrefix(route, prefix) && !strings.Contains(route, "?") {
			n += c
		}
	}
	return n
}

// steadyState checks what an order costs once the flows are in step: a
// new order (made by newOrder) runs through flow, an idle run then writes
// nothing, and one more new order takes exactly one write. The calls of
// the idle run and of the last are logged per emulator.
func (h *pairHarness) steadyState(t *testing.T, flow string, newOrder func(ref string), first, second string) {
	t.Helper()
	newOrder(first)
	if s := h.run(t, flow); !strings.Contains(s, "written 1") {
		t.Fatalf("%s with one new order: %s", flow, s)
	}
	h.resetCounts()
	h.run(t, flow)
	idle, idleWrites := h.calls()
	if idleWrites != 0 {
		t.Errorf("an idle %s run wrote %d times", flow, idleWrites)
	}
	newOrder(second)
	h.resetCounts()
	if s := h.run(t, flow); !strings.Contains(s, "written 1") {
		t.Fatalf("%s with one more new order: %s", flow, s)
	}
	total, writes := h.calls()
	var per []string
	for _, system := range slices.Sorted(maps.Keys(h.emus)) {
		per = append(per, fmt.Sprintf("%s %v", system, h.emus[system].Counts()))
	}
	t.Logf("steady state: an idle %s run costs %d calls; one new order %d calls (%d write): %s",
		flow, idle, total, writes, strings.Join(per, ", "))
	if writes != 1 {
		t.Errorf("one new order took %d writes, want 1", writes)
	}
}

// pairClient calls an emulator directly, as a user editing data in the
// system would. items is the member of a list answer that holds the
// records (eAccounting's Data, Asperion's items); page the page parameter.
type pairClient struct {
	t                  *testing.T
	base, token        string
	items, page, extra string
}

func eaccountingClient(t *testing.T, base, token string) *pairClient {
	return &pairClient{t: t, base: base, token: token, items: "Data", page: "$page"}
}

func asperionClient(t *testing.T, base, token string) *pairClient {
	return &pairClient{t: t, base: base, token: token, items: "items", page: "page"}
}

// call sends one request and decodes the JSON answer; a failure stops the
// test.
func (c *pairClient) call(method, path string, body any) map[string]any {
	t := c.t
	t.Helper()
	raw := pairRequest(t, method, c.base+path, path, c.token, nil, body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s %s: %v: %s", method, path, err, raw)
	}
	return m
}

// pairRequest sends one request to an emulator with a bearer token, a
// JSON body when body is not nil and the extra headers, and returns the
// answer's body. An error or an HTTP status of 300 or more stops the test,
// naming the request by method and name.
func pairRequest(t *testing.T, method, url, name, token string, header map[string]string, body any) []byte {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: HTTP %d: %s", method, name, resp.StatusCode, raw)
	}
	return raw
}

// list returns the records of a list path, every page.
func (c *pairClient) list(path string) []map[string]any {
	c.t.Helper()
	var out []map[string]any
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for page := 1; ; page++ {
		m := c.call("GET", fmt.Sprintf("%s%s%s=%d", path, sep, c.page, page), nil)
		items, _ := m[c.items].([]any)
		for _, it := range items {
			out = append(out, it.(map[string]any))
		}
		if len(items) == 0 {
			return out
		}
	}
}

// pairOne returns the one record whose field equals value, or fails.
func pairOne(t *testing.T, recs []map[string]any, field, value string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, r := range recs {
		if fmt.Sprint(r[field]) == value {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d records with %s = %q, want 1", len(found), field, value)
	}
	return found[0]
}

func pairStr(v any) string { return fmt.Sprint(v) }
