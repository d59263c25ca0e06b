package main

// What the eAccounting ↔ HubSpot and AccountView ↔ Exact Online tests add
// to the shared pair harness (pair_harness_test.go): HubSpot and Exact
// Online emulators, a run that checks its summary, direct calls with the
// headers these systems need, and write counting that knows HubSpot reads
// through POST.

import (
	"encoding/json"
	"strings"
	"testing"

	exactemu "github.com/pipeline-dev/pipeline/connectors/exactonline/emulator"
	hubspotemu "github.com/pipeline-dev/pipeline/connectors/hubspot/emulator"
)

// hubspot starts the pair's HubSpot emulator; the flows reach it with its
// private-app token.
func (h *pairHarness) hubspot(t *testing.T) *hubspotemu.Server {
	t.Helper()
	srv, err := hubspotemu.NewServer(hubspotemu.Options{TenSecondLimit: -1, OAuthTenSecondLimit: -1, DailyLimit: -1,
		SearchLimit: -1, Seed: h.seed(t, "hubspot")})
	h.start(t, "hubspot", srv, err)
	h.env["HUBSPOT_TOKEN"] = hubspotemu.DefaultPrivateAppToken
	h.vars = append(h.vars, "-var", "hubspot_url="+srv.URL(), "-var", "calls_per_ten_seconds=100000")
	return srv
}

// exactonline starts the pair's Exact Online emulator and returns a token
// of the test's own.
func (h *pairHarness) exactonline(t *testing.T) (*exactemu.Server, string) {
	t.Helper()
	srv, err := exactemu.NewServer(exactemu.Options{MinuteLimit: -1, DayLimit: -1, Seed: h.seed(t, "exactonline")})
	h.start(t, "exactonline", srv, err)
	return srv, h.signIn(t, srv, pairLogin{system: "exactonline", conn: "exact", urlVar: "exact_url",
		clientEnv: "EXACT_CLIENT_ID", clientID: exactemu.DefaultClientID, secret: exactemu.DefaultClientSecret},
		func() (pairTokens, error) { return issued(srv.IssueTokens(exactemu.DefaultClientID)) })
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
	raw := pairRequest(t, method, url, url, token, header, body)
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
