package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDashboardMountedBehindTheToken checks the wiring of the dashboard:
// a browser without the token is sent to the login form, a request with
// it sees the loaded pipelines and their runs.
func TestDashboardMountedBehindTheToken(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	f.waitRuns("copy", 1)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(f.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "login") {
		t.Fatalf("anonymous GET /: %d %s, want a redirect to the login form", resp.StatusCode, resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "copy") {
		t.Fatalf("GET / with the token: %d\n%s", resp.StatusCode, body)
	}
}
