package main

// What the eAccounting ↔ HubSpot and AccountView ↔ Exact Online tests add
// to the shared pair harness (pair_harness_test.go): HubSpot and Exact
// Online emulators, a run that checks its summary, direct calls with the
// headers these systems need, and write counting that knows HubSpot reads
// through POST.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	hubspotemu "github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

// hubspot starts the pair's HubSpot emulator; the flows reach it with its
// private-app token.
func (h *pairHarness) hubspot(t *testing.T) *hubspotemu.Server {
	t.Helper()
	srv, err := hubspotemu.NewServer(hubspotemu.Options{TenSecondLimit: -1, OAuthTenSecondLimit: -1, DailyLimit: -1,
		SearchLimit: -1, Seed: h.seed(t, "hubspot")})
	if err == nil {
		err = srv.Start("")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	h.env["HUBSPOT_TOKEN"] = hubspotemu.DefaultPrivateAppToken
	h.vars = append(h.vars, "-var", "hubspot_url="+srv.URL(), "-var", "calls_per_ten_seconds=100000")
	h.emus["hubspot"] = srv
	return srv
}

// exactonline starts the pair's Exact Online emulator and returns a token
// of the test's own.
func (h *pairHarness) exactonline(t *testing.T) (*exactemu.Server, string) {
	t.Helper()
	srv, err := exactemu.NewServer(exactemu.Options{MinuteLimit: -1, DayLimit: -1, Seed: h.seed(t, "exactonline")})
	if err == nil {
		err = srv.Start("")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tok, err := srv.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	h.connect(t, "exactonline", "exact", "exact_url", srv.URL(), tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, exactemu.DefaultClientSecret)
	h.env["EXACT_CLIENT_ID"] = exactemu.DefaultClientID
	h.emus["exactonline"] = srv
	own, err := srv.IssueTokens(exactemu.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	return srv, own.AccessToken
}

// runExpect runs a flow and fails unless its summary holds want.
func (h *pairHarness) runExpect(t *testing.T, flow, want string, extra ...string) {
	t.Helper()
	if errs := h.run(t, flow, extra...); !strings.Contains(errs, want) {
		t.Fatalf("%s: want %q in\n%s", flow, want, errs)
	}
}

// apiCall sends one JSON request to an emulator and decodes the answer.
func apiCall(t *testing.T, method, url, token string, body, into any) {
	t.Helper()
	apiCallHeader(t, method, url, token, nil, body, into)
}

// apiCallHeader is apiCall with extra request headers (AccountView's
// X-Company).
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

// countCalls sums one emulator's request counters, all and writes only:
// HubSpot's search and batch reads are POSTs that write nothing, and
// AccountView's routes with a query repeat calls counted without it.
func countCalls(counts map[string]int) (total, writes int) {
	for route, n := range counts {
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
