package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawCall sends a request with the token (when given) and returns the
// status and body; safe from any goroutine.
func (f *fixture) rawCall(token, method, path, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Every API error, 401 included, is JSON with a message; answers are
// bounded: a limit beyond MaxLimit is refused, not served.
func TestAPIErrorsAreJSONAndListsBounded(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	f.waitRuns("copy", 1)
	for _, c := range []struct {
		token, method, path, body string
		want                      int
		says                      string
	}{
		{"", "GET", "/api/runs", "", 401, "bearer token"},
		{testToken, "GET", "/api/runs?limit=0", "", 400, "between 1 and 1000"},
		{testToken, "GET", "/api/runs?limit=1001", "", 400, "between 1 and 1000"},
		{testToken, "GET", "/api/activity?limit=100000", "", 400, "between 1 and 1000"},
		{testToken, "GET", "/api/set-aside?pipeline=copy&limit=5000", "", 400, "between 1 and 1000"},
		{testToken, "GET", "/api/runs/999", "", 404, "999"},
		{testToken, "POST", "/api/set-aside/retry", `{"pipeline":`, 400, "body"},
		{testToken, "POST", "/api/set-aside/retry", `{"pipeline":"copy","keys":["` + strings.Repeat("k", 1<<20) + `"]}`, 400, "too large"},
		{testToken, "GET", "/api/nothing", "", 404, "no such API endpoint"},
	} {
		code, body, err := f.rawCall(c.token, c.method, c.path, c.body)
		var e struct{ Error string }
		if err != nil || code != c.want || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, c.says) {
			t.Errorf("%s %s: %d %.200s %v, want %d and a JSON error saying %q", c.method, c.path, code, body, err, c.want, c.says)
		}
	}
	var ra runsAnswer
	if code := f.do("GET", "/api/runs?limit=1000", "", &ra); code != 200 || len(ra.Runs) != 1 {
		t.Errorf("limit=1000: %d %+v", code, ra)
	}
	var aside struct {
		SetAside []json.RawMessage `json:"set_aside"`
		Total    int
	}
	if code := f.do("GET", "/api/set-aside?pipeline=copy&limit=1", "", &aside); code != 200 || len(aside.SetAside) != 1 || aside.Total != 1 {
		t.Errorf("set-aside limit=1: %d %+v", code, aside)
	}
}

// A shutdown takes no new runs or retries (503, saying so), reports not
// ready, and returns only once the retry in flight is done, so that the
// state store, closed after it, is closed last.
func TestShutdownWaitsForRetriesAndRefusesNewWork(t *testing.T) {
	g := newGate()
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs},
		func(c *Config) { c.Emulate = g.hook("local") })
	t.Cleanup(g.open)
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	f.waitRuns("copy", 1)

	g.arm()
	retried := make(chan string, 1)
	go func() {
		code, body, err := f.rawCall(testToken, "POST", "/api/set-aside/retry", `{"pipeline":"copy"}`)
		retried <- fmt.Sprint(code, " ", string(body), err)
	}()
	<-g.entered
	stopped := make(chan struct{})
	go func() { f.srv.Shutdown(context.Background()); close(stopped) }()
	waitFor(t, "the shutdown to begin", func() bool { return f.srv.closing.Load() })

	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/set-aside/retry", `{"pipeline":"copy"}`},
		{"POST", "/api/pipelines/copy/runs", ""},
		{"GET", "/readyz", ""},
	} {
		code, body, err := f.rawCall(testToken, c.method, c.path, c.body)
		var e struct{ Error string }
		if err != nil || code != http.StatusServiceUnavailable || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, "shutting down") {
			t.Errorf("%s %s while shutting down: %d %s %v", c.method, c.path, code, body, err)
		}
	}
	select {
	case <-stopped:
		t.Fatal("Shutdown returned while a retry still uses the state store")
	case <-time.After(300 * time.Millisecond):
	}
	g.open()
	select {
	case <-stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("Shutdown did not return after the retry ended")
	}
	if got := <-retried; !strings.HasPrefix(got, "200 ") {
		t.Fatalf("the retry in flight: %s", got)
	}
}

// Requests that change something are logged with their outcome, never
// with the token; plain reads are not.
func TestChangesAreLoggedWithoutTokens(t *testing.T) {
	f := newFixture(t, map[string]string{"copy.hcl": copyPipeline, "in.ndjson": inputs}, nil)
	f.do("POST", "/api/pipelines/copy/runs", "", nil)
	f.doWith("wrong-token-0123456789abcdef", "POST", "/api/pipelines/copy/runs", "", nil)
	f.do("GET", "/api/pipelines", "", nil)
	log := f.log.String()
	for _, want := range []string{
		`msg="http request" method=POST path=/api/pipelines/copy/runs status=202`,
		`msg="http request" method=POST path=/api/pipelines/copy/runs status=401`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "path=/api/pipelines ") || strings.Contains(log, testToken) || strings.Contains(log, "wrong-token") {
		t.Errorf("the log shows a read or a token:\n%s", log)
	}
}
