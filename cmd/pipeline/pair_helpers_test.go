package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// pairRun runs the flows of one pipelines/<pair> folder with the real
// command line against emulators the test started: vars point the flows at
// them, env answers env(), and the sync state lives in one file for all
// runs, as it would on a user's machine. The pair tests share it.
type pairRun struct {
	dir   string
	state string
	vars  []string
	env   map[string]string
}

func newPairRun(t *testing.T, pair string) *pairRun {
	t.Helper()
	creds := filepath.Join(t.TempDir(), "credentials.json")
	t.Setenv(httpx.CredentialsEnv, creds)
	return &pairRun{dir: "../../pipelines/" + pair, state: filepath.Join(t.TempDir(), "state.db"), env: map[string]string{}}
}

// storeTokens puts an emulator's OAuth tokens under connection in the
// test's credentials file.
func (p *pairRun) storeTokens(t *testing.T, connection, access, refresh string, expiresIn int, secret string) {
	t.Helper()
	store, err := httpx.NewFileStore(os.Getenv(httpx.CredentialsEnv))
	if err != nil {
		t.Fatal(err)
	}
	err = store.Save(connection, &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Duration(expiresIn) * time.Second)})
	if err == nil {
		err = store.SetSecret(connection, "client_secret", secret)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// cli runs `pipeline <command> [-var ...] <args> <flow>.hcl` and returns
// the exit code and its output (stdout, then stderr with the summary).
func (p *pairRun) cli(t *testing.T, command, flow string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(name string) (string, bool) { v, ok := p.env[name]; return v, ok }}
	all := []string{command, "-state", p.state}
	if command != "plan" {
		all = append(all, "-rejects", filepath.Join(t.TempDir(), "rejects.ndjson"))
	}
	for _, v := range p.vars {
		all = append(all, "-var", v)
	}
	all = append(append(all, args...), filepath.Join(p.dir, flow+".hcl"))
	code := runCLI(context.Background(), env, all)
	return code, out.String() + errb.String()
}

// mustRun runs a flow and fails unless it succeeds with want in its summary.
func (p *pairRun) mustRun(t *testing.T, flow, want string, args ...string) string {
	t.Helper()
	code, errs := p.cli(t, "run", flow, args...)
	if code != exitOK || !strings.Contains(errs, want) {
		t.Fatalf("%s: exit %d, want %q in\n%s", flow, code, want, errs)
	}
	return errs
}

// apiCall sends one JSON request to an emulator and decodes the answer.
func apiCall(t *testing.T, method, url, token string, body, into any) {
	t.Helper()
	apiCallHeader(t, method, url, token, nil, body, into)
}

// apiCallHeader is apiCall with extra request headers.
func apiCallHeader(t *testing.T, method, url, token string, header map[string]string, body, into any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
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
		t.Fatalf("%s %s: HTTP %d: %s", method, url, resp.StatusCode, raw)
	}
	if into != nil {
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, raw)
		}
	}
}

// countCalls sums an emulator's request counters, all and writes only.
func countCalls(counts map[string]int) (total, writes int) {
	for route, n := range counts {
		// AccountView's counters repeat each call per business object
		// ("GET /api/v3/accountviewdata?BusinessObject=SO1"): count the
		// plain route only.
		if strings.HasPrefix(route, "/__emulator") || strings.Contains(route, "token") || strings.Contains(route, "?") {
			continue
		}
		total += n
		isRead := strings.HasSuffix(route, "/search") || strings.HasSuffix(route, "/batch/read")
		if !isRead && (strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "PUT ") || strings.HasPrefix(route, "PATCH ")) {
			writes += n
		}
	}
	return total, writes
}
